/* test_config_messages.c - an invalid VGPU_* value is reported in one plain sentence that names
 * the variable, what it accepts and the value used instead (runtime/config.c), and the default is
 * kept.  A child process with bad values in its environment loads VirtualGPU through the loader;
 * its stderr is compared with the messages docs/configuration.md's rules imply. */
#include <sys/wait.h>
#include <unistd.h>
#include "testlib.h"

static const struct { const char *var, *value, *message; } cases[] = {
    {"VGPU_WARP_SIZE", "48", "VGPU_WARP_SIZE=48 is not a power of two from 1 to 64 (1, 2, 4, 8, ...); using 32\n"},
    {"VGPU_SMS", "0", "VGPU_SMS=0 is not a whole number from 1 to 64; using 2\n"},
    {"VGPU_DEVICES", "two", "VGPU_DEVICES=two is not a whole number from 1 to 16; using 1\n"},
    {"VGPU_GLOBAL_MEM", "12", "VGPU_GLOBAL_MEM=12 is not a size from 128M to 1T bytes (write it like 512M or 2G); using 1G\n"},
    {"VGPU_LOCAL_MEM", "1K", "VGPU_LOCAL_MEM=1K is not a size from 32K to 16M bytes (write it like 512M or 2G); using 64K\n"},
    {"VGPU_MAX_WORK_GROUP_SIZE", "9000", "VGPU_MAX_WORK_GROUP_SIZE=9000 is not a whole number from 1 to 8192; using 1024\n"},
    {"VGPU_COUNTERS", "maybe", "VGPU_COUNTERS=maybe is not a switch (0 or 1, on or off, yes or no, true or false); using 0\n"},
    {"VGPU_CHECKS_SUPPRESS", "k:0", "VGPU_CHECKS_SUPPRESS: 'k:0' is not KERNEL or KERNEL:LINE (a line from 1 to 65534; at most 64 items); ignored\n"},
    {"VGPU_WATCHDOG", "-1", "VGPU_WATCHDOG=-1 is not a number of seconds above 0 and at most 86400 (a day); using 30\n"},
};
#define NCASES (sizeof cases / sizeof cases[0])

static int child(void) {
  cl_device_id dev = vt_device();
  cl_uint units = 0;
  cl_ulong local = 0;
  clGetDeviceInfo(dev, CL_DEVICE_MAX_COMPUTE_UNITS, sizeof units, &units, NULL);
  clGetDeviceInfo(dev, CL_DEVICE_LOCAL_MEM_SIZE, sizeof local, &local, NULL);
  printf("units=%u local=%llu\n", units, (unsigned long long)local);
  return 0;
}

int main(int argc, char **argv) {
  if (argc > 1 && !strcmp(argv[1], "child")) return child();
  vt_device(); /* skips (77) when the loader does not show VirtualGPU */
  const char *env[NCASES + 2];
  char settings[NCASES][512];
  for (size_t i = 0; i < NCASES; i++) {
    snprintf(settings[i], sizeof settings[i], "%s=%s", cases[i].var, cases[i].value);
    env[i] = settings[i];
  }
  env[NCASES] = "VGPU_LOG=warn";
  env[NCASES + 1] = NULL;
  char out[8192];
  CHECK(vt_run_self(argv[0], "child", env, 1, out, sizeof out) == 0);
  for (size_t i = 0; i < NCASES; i++) {
    char line[512];
    snprintf(line, sizeof line, "vgpu: warn: %s", cases[i].message);
    if (!CHECK(strstr(out, line) != NULL)) fprintf(stderr, "  expected: %s", line);
  }
  /* The defaults were kept: 2 SMs, 64 KiB of local memory. */
  CHECK(strstr(out, "units=2 local=65536\n") != NULL);
  if (vt_failed) fprintf(stderr, "  child output:\n%s\n", out);
  return vt_finish();
}
