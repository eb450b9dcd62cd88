/* test_ndrange_printf_format.c - the OpenCL C printf formatter on its own (runtime/printf_format.c):
 * records as an SM writes them, formatted to a memory stream and compared with the text the
 * OpenCL C 3.0 s6.15.14 rules and C99 printf give. */
#include <math.h>
#include "testlib.h"
#include "runtime/printf_format.c"

/* A fake "device memory": strings live in one buffer, their address is their offset + 4096. */
static char mem[4096];
static size_t mem_used;
static uint64_t put_string(const char *s) {
  size_t n = strlen(s) + 1;
  memcpy(mem + mem_used, s, n);
  mem_used += n;
  return 4096 + mem_used - n;
}
static const char *get_string(void *ctx, uint64_t addr, size_t *max) {
  (void)ctx;
  if (addr < 4096 || addr >= 4096 + sizeof mem) return NULL;
  *max = sizeof mem - (addr - 4096);
  return mem + (addr - 4096);
}

static struct vgpu_printf_item I32(int32_t v) { return (struct vgpu_printf_item){VIR_T_I32, 0, (uint32_t)v}; }
static struct vgpu_printf_item I64(int64_t v) { return (struct vgpu_printf_item){VIR_T_I64, 0, (uint64_t)v}; }
static struct vgpu_printf_item I8(int8_t v) { return (struct vgpu_printf_item){VIR_T_I8, 0, (uint8_t)v}; }
static struct vgpu_printf_item F32(float f) { uint32_t u; memcpy(&u, &f, 4); return (struct vgpu_printf_item){VIR_T_F32, 0, u}; }
static struct vgpu_printf_item F64(double d) { uint64_t u; memcpy(&u, &d, 8); return (struct vgpu_printf_item){VIR_T_F64, 0, u}; }
static struct vgpu_printf_item F16(uint16_t h) { return (struct vgpu_printf_item){VIR_T_F16, 0, h}; }
static struct vgpu_printf_item PTR(uint64_t p) { return (struct vgpu_printf_item){VIR_T_PTR, 0, p}; }

static void expect(const char *fmt, const struct vgpu_printf_item *items, uint32_t n, const char *want) {
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  vgpu_printf_format(f, fmt, strlen(fmt) + 1, items, n, get_string, NULL);
  fclose(f);
  if (!CHECK(!strcmp(buf, want))) fprintf(stderr, "  format \"%s\": got \"%s\", want \"%s\"\n", fmt, buf, want);
  free(buf);
}

int main(void) {
  char want[256];
  expect("hello\n", NULL, 0, "hello\n");
  expect("100%%", NULL, 0, "100%");
  struct vgpu_printf_item a[16];
  a[0] = I32(-42);
  expect("%d|%5d|%-5d|%05d|%+d", (struct vgpu_printf_item[]){I32(-42), I32(7), I32(7), I32(-7), I32(3)}, 5, "-42|    7|7    |-0007|+3");
  expect("%u %x %X %o %#x", (struct vgpu_printf_item[]){I32(-1), I32(255), I32(255), I32(8), I32(16)}, 5,
         "4294967295 ff FF 10 0x10");
  expect("%ld %lu", (struct vgpu_printf_item[]){I64(-5000000000ll), I64(-1)}, 2, "-5000000000 18446744073709551615");
  /* hh and h truncate to char and short (C99 7.19.6.1). */
  expect("%hhd %hhu %hd", (struct vgpu_printf_item[]){I32(200), I32(511), I32(70000)}, 3, "-56 255 4464");
  snprintf(want, sizeof want, "%f %.2f %e %g %a", 1.5, 3.14159, 12345.678, 0.0001, 1.0);
  expect("%f %.2f %e %g %a", (struct vgpu_printf_item[]){F32(1.5f), F32(3.14159f), F32(12345.678f), F32(0.0001f), F32(1.0f)}, 5, want);
  snprintf(want, sizeof want, "%.3f %f", (double)(float)3.14159f, 2.0 / 3.0);
  expect("%.3f %lf", (struct vgpu_printf_item[]){F32(3.14159f), F64(2.0 / 3.0)}, 2, want);
  expect("%f %f", (struct vgpu_printf_item[]){F32(INFINITY), F32(-INFINITY)}, 2, "inf -inf");
  expect("%c%c%c", (struct vgpu_printf_item[]){I32('o'), I32('k'), I32('!')}, 3, "ok!");
  uint64_t s = put_string("world");
  expect("hello %s, %10s|%-6s|%.3s", (struct vgpu_printf_item[]){PTR(s), PTR(s), PTR(s), PTR(s)}, 4,
         "hello world,      world|world |wor");
  /* Vectors: elements with the same specification, separated by commas (s6.15.14.2.1). */
  expect("%v4hlf", (struct vgpu_printf_item[]){F32(1), F32(2), F32(3), F32(4)}, 4, "1.000000,2.000000,3.000000,4.000000");
  expect("%v4f", (struct vgpu_printf_item[]){F32(1), F32(2), F32(3), F32(4)}, 4, "1.000000,2.000000,3.000000,4.000000");
  expect("%v2hhd", (struct vgpu_printf_item[]){I8(-1), I8(100)}, 2, "-1,100");
  expect("%v3d!", (struct vgpu_printf_item[]){I32(1), I32(-2), I32(3)}, 3, "1,-2,3!");
  expect("%#v2hlx", (struct vgpu_printf_item[]){I32(255), I32(16)}, 2, "0xff,0x10");
  expect("%v2ld", (struct vgpu_printf_item[]){I64(1ll << 40), I64(-3)}, 2, "1099511627776,-3");
  expect("%5.1v2hlf", (struct vgpu_printf_item[]){F32(1.25f), F32(-2.5f)}, 2, "  1.2, -2.5");
  /* half: 0x3C00 = 1.0, 0xC000 = -2.0, 0x3555 ~ 0.333 */
  snprintf(want, sizeof want, "%f,%f,%.4f", 1.0, -2.0, 0.33325195);
  expect("%v2hf,%.4hf", (struct vgpu_printf_item[]){F16(0x3C00), F16(0xC000), F16(0x3555)}, 3, want);
  for (int i = 0; i < 16; i++) a[i] = I32(i);
  expect("%v16d", a, 16, "0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15");
  /* Malformed or missing arguments are printed as written, never read past the items. */
  expect("%d %d", (struct vgpu_printf_item[]){I32(1)}, 1, "1 %d");
  expect("%hld", (struct vgpu_printf_item[]){I32(1)}, 1, "%hld");
  expect("%v4d", (struct vgpu_printf_item[]){I32(1), I32(2)}, 2, "%v4d");
  expect("%s", (struct vgpu_printf_item[]){PTR(0)}, 1, "(null)");

  /* A whole buffer of records, as the SMs leave it. */
  uint64_t f1 = put_string("x=%d\n"), f2 = put_string("v=%v2hlf\n");
  uint8_t buf[256] = {0};
  size_t off = 0;
  struct vgpu_printf_record r1 = {sizeof r1 + sizeof(struct vgpu_printf_item), 1, f1};
  struct vgpu_printf_item it1 = I32(9);
  memcpy(buf + off, &r1, sizeof r1); memcpy(buf + off + sizeof r1, &it1, sizeof it1); off += r1.size;
  struct vgpu_printf_record r2 = {sizeof r2 + 2 * sizeof(struct vgpu_printf_item), 2, f2};
  struct vgpu_printf_item it2[2] = {F32(0.5f), F32(-1)};
  memcpy(buf + off, &r2, sizeof r2); memcpy(buf + off + sizeof r2, it2, sizeof it2); off += r2.size;
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  unsigned n = vgpu_printf_records(f, buf, off, sizeof buf, get_string, NULL);
  /* A truncated tail (used past the last whole record) is ignored. */
  unsigned n2 = vgpu_printf_records(f, buf, off + 8, off + 8, get_string, NULL);
  fclose(f);
  CHECK(n == 2);
  CHECK(n2 == 2);
  CHECK(!strcmp(text, "x=9\nv=0.500000,-1.000000\nx=9\nv=0.500000,-1.000000\n"));
  free(text);
  /* A corrupt record (size smaller than its items) stops the walk. */
  struct vgpu_printf_record bad = {16, 1000, f1};
  memcpy(buf, &bad, sizeof bad);
  f = open_memstream(&text, &len);
  CHECK(vgpu_printf_records(f, buf, off, sizeof buf, get_string, NULL) == 0);
  fclose(f);
  free(text);
  return vt_finish();
}
