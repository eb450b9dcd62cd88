/* test_errors.c - what goes wrong is reported well: a compile error gives exit 1 and a log with
 * file:line:col and a caret; unknown options exit 2 (CL_INVALID_BUILD_OPTIONS); a version the
 * device does not list fails the build; recursion is rejected by name; the compile + link path
 * and libraries work; the disassembler shows source lines. */
#include "tests/compiler/compiler_util.h"

static int log_has(const char *name, const char *text) {
  char file[128];
  snprintf(file, sizeof file, "%s.log", name);
  char *log = ct_read(file, NULL);
  int ok = log && strstr(log, text) != NULL;
  if (!ok) printf("log %s lacks '%s':\n%s\n", file, text, log ? log : "(none)");
  free(log);
  return ok;
}

int main(void) {
  ct_init();
  /* a syntax error at line 2, column 10 */
  CHECK(ct_build("syntax", "__kernel void k(__global int *a) {\n  a[0] = undefined_thing + 1;\n}\n", "") == 1);
  CHECK(log_has("syntax", "syntax.cl:2:10: error"));
  CHECK(log_has("syntax", "^"));
  /* warnings reach the log of a successful build; -Werror turns them into a failure; -w hides them */
  const char *warn = "__kernel void k(__global int *a) { printf(\"%d\\n\", 1.5f); a[0] = 1; }\n";
  CHECK(ct_build("warn", warn, "") == 0);
  CHECK(log_has("warn", "warning"));
  CHECK(ct_build("werror", warn, "-Werror") == 1);
  CHECK(ct_build("w", warn, "-w") == 0);
  /* options: -D both forms, -I, unknown ones */
  const char *defs = "__kernel void k(__global int *a) { a[0] = X + Y; }\n";
  CHECK(ct_build("defs", defs, "-DX=1 -D Y=2") == 0);
  CHECK(ct_build("nodefs", defs, "") == 1);
  CHECK(ct_build("badopt", defs, "-DX=1 -DY=2 -cl-no-such-option") == 2);
  CHECK(log_has("badopt", "-cl-no-such-option"));
  CHECK(ct_build("badstd", defs, "-DX=1 -DY=2 -cl-std=CL4.0") == 2);
  /* OpenCL C 2.0 (CL_DEVICE_OPENCL_C_VERSION, device_caps.h): generic pointers, program-scope
   * globals, work-group functions */
  CHECK(ct_build("std20", defs, "-DX=1 -DY=2 -cl-std=CL2.0") == 0);
  CHECK(ct_build("std20lang",
                 "global int counter = 5;\n"
                 "int twice(int *p) { return 2 * *p; }\n"
                 "__kernel void k(__global int *a) {\n"
                 "  a[0] = twice(a) + counter + work_group_reduce_add(1) + (to_global(a) != 0);\n"
                 "}\n", "-cl-std=CL2.0") == 0);
  CHECK(ct_build("std20pipe", "__kernel void k(read_only pipe int p, __global int *a) { read_pipe(p, a); }\n",
                 "-cl-std=CL2.0") == 0);
  CHECK(ct_build("std21", defs, "-DX=1 -DY=2 -cl-std=CL2.1") == 2);
  CHECK(ct_build("std30", defs, "-DX=1 -DY=2 -cl-std=CL3.0 -cl-mad-enable -cl-fast-relaxed-math -cl-kernel-arg-info -g") == 0);
  CHECK(ct_build("std10", defs, "-DX=1 -DY=2 -cl-std=CL1.0 -cl-denorms-are-zero -cl-single-precision-constant") == 0);
  /* every option of OpenCL 3.0 s5.8.6 builds, and the common -W warning switches (issue 17: -Wall
   * was CL_INVALID_BUILD_OPTIONS); -Wall shows a warning the default set does not */
  CHECK(ct_build("allopts", defs,
                 "-DX=1 -D Y=2 -I /tmp -cl-single-precision-constant -cl-denorms-are-zero "
                 "-cl-fp32-correctly-rounded-divide-sqrt -cl-opt-disable -cl-mad-enable -cl-no-signed-zeros "
                 "-cl-unsafe-math-optimizations -cl-finite-math-only -cl-fast-relaxed-math "
                 "-cl-uniform-work-group-size -cl-no-subgroup-ifp -cl-kernel-arg-info -g -w -Werror "
                 "-cl-std=CL1.1 -cl-strict-aliasing") == 0);
  const char *unused = "__kernel void k(__global int *a) { int unused_var; a[0] = 1; }\n";
  CHECK(ct_build("wall", unused, "-Wall -Wextra -Wno-unknown-pragmas") == 0);
  CHECK(log_has("wall", "unused_var"));
  CHECK(ct_build("wallerr", unused, "-Wall -Werror") == 1);
  CHECK(ct_build("wlink", defs, "-DX=1 -DY=2 -Wl,--foo") == 2);
  /* recursion */
  const char *rec = "int fib(int n) { return n <= 1 ? n : fib(n - 1) + fib(n - 2); }\n"
                    "__kernel void rec(__global int *a) { a[0] = fib(a[1]); }\n";
  CHECK(ct_build("rec", rec, "") == 1);
  CHECK(log_has("rec", "recursion is not supported"));
  CHECK(log_has("rec", "fib"));
  CHECK(ct_build("rec0", rec, "-cl-opt-disable") == 1);
  /* tail recursion too, which the optimiser could turn into a loop: whether a program builds must
   * not depend on -cl-opt-disable; and a cycle through two functions, named in order */
  const char *tail = "int down(int n) { return n ? down(n - 1) : 7; }\n"
                     "__kernel void t(__global int *a) { a[0] = down(a[1]); }\n";
  CHECK(ct_build("tailrec", tail, "") == 1);
  CHECK(log_has("tailrec", "tailrec.cl:1: error: recursion is not supported in OpenCL C: function 'down' calls itself"));
  const char *mutual = "int odd(int n);\nint even(int n) { return n == 0 ? 1 : odd(n - 1); }\n"
                       "int odd(int n) { return n == 0 ? 0 : even(n - 1); }\n"
                       "__kernel void m(__global int *a) { a[0] = even(a[1]); }\n";
  CHECK(ct_build("mutual", mutual, "") == 1);
  CHECK(log_has("mutual", "'even' calls 'odd', which calls 'even' again"));
  /* image builtins become the texture unit's operations (lower_image.c), with and without the
   * optimiser (at -O0 the image and sampler values pass through private memory): a sampled float
   * read with float coordinates, a samplerless int read, a write, a query, a sampler declared in
   * the program (its CLK_* bits, 0x27 = normalized | repeat | linear) */
  for (int o = 0; o < 2; o++) {
    CHECK(ct_build("image", "const sampler_t ps = CLK_NORMALIZED_COORDS_TRUE | CLK_ADDRESS_REPEAT | CLK_FILTER_LINEAR;\n"
                            "__kernel void k(read_only image2d_t img, read_only image3d_t w, sampler_t s, __global float4 *o) {\n"
                            "  o[0] = read_imagef(img, s, (float2)(0.5f, 0.25f)) + read_imagef(img, ps, (float2)(1.0f, 0.0f));\n"
                            "  o[1] = convert_float4(read_imagei(img, (int2)(1, 2))) + (float)get_image_height(w);\n"
                            "}\n", o ? "-cl-opt-disable" : "") == 0);
    char vir[512];
    snprintf(vir, sizeof vir, "%s", ct_path("image.vir"));
    CHECK(ct_run("dis", vir, (char *)NULL) == 0);
    char *text = ct_read("stdout", NULL);
    CHECK(text && strstr(text, "img.read.f.fc2") && strstr(text, "img.read.i.ic2") && strstr(text, "img.query.height"));
    CHECK(text && strstr(text, "sampler 39"));
    free(text);
  }
  /* an include directory (the runtime's embedded headers of clCompileProgram) */
  ct_write("inc.h", "#define FROM_HEADER 7\n");
  ct_write("usesinc.cl", "#include \"inc.h\"\n__kernel void k(__global int *a) { a[0] = FROM_HEADER; }\n");
  char incdir[512], in[512], out[512], lg[512];
  snprintf(incdir, sizeof incdir, "%s", ct_dir);
  snprintf(in, sizeof in, "%s", ct_path("usesinc.cl"));
  snprintf(out, sizeof out, "%s", ct_path("usesinc.bc"));
  snprintf(lg, sizeof lg, "%s", ct_path("usesinc.log"));
  CHECK(ct_run("compile", "--in", in, "--out", out, "--log", lg, "--include-dir", incdir, "--", "", (char *)NULL) == 0);
  CHECK(ct_run("compile", "--in", in, "--out", out, "--log", lg, "--", "-cl-bogus", (char *)NULL) == 2);
  /* compile two objects, link them into a library, then the library into an executable */
  ct_write("helper.cl", "int twice(int x) { return 2 * x; }\n");
  ct_write("main.cl", "int twice(int x);\n__kernel void k(__global int *a) { a[0] = twice(a[1]); }\n");
  char h_in[512], h_bc[512], m_in[512], m_bc[512], lib[512], exe[512];
  snprintf(h_in, sizeof h_in, "%s", ct_path("helper.cl"));
  snprintf(h_bc, sizeof h_bc, "%s", ct_path("helper.bc"));
  snprintf(m_in, sizeof m_in, "%s", ct_path("main.cl"));
  snprintf(m_bc, sizeof m_bc, "%s", ct_path("main.bc"));
  snprintf(lib, sizeof lib, "%s", ct_path("lib.bc"));
  snprintf(exe, sizeof exe, "%s", ct_path("linked.vir"));
  CHECK(ct_run("compile", "--in", h_in, "--out", h_bc, "--log", lg, (char *)NULL) == 0);
  CHECK(ct_run("compile", "--in", m_in, "--out", m_bc, "--log", lg, (char *)NULL) == 0);
  CHECK(ct_run("link", "--out", lib, "--log", lg, h_bc, "--", "-create-library", (char *)NULL) == 0);
  CHECK(ct_run("link", "--out", exe, "--log", lg, m_bc, lib, "--", "-cl-fast-relaxed-math", (char *)NULL) == 0);
  CHECK(ct_run("link", "--out", exe, "--log", lg, m_bc, "--", "-DX=1", (char *)NULL) == 2); /* -D is not a link option */
  CHECK(ct_run("link", "--out", exe, "--log", lg, m_bc, (char *)NULL) == 1);               /* twice() undefined */
  /* a symbol defined twice, and a file that is not bitcode: exit 1 with the reason in the log */
  ct_write("dup.cl", "int twice(int x) { return 3 * x; }\n");
  char d_in[512], d_bc[512], junk[512];
  snprintf(d_in, sizeof d_in, "%s", ct_path("dup.cl"));
  snprintf(d_bc, sizeof d_bc, "%s", ct_path("dup.bc"));
  snprintf(junk, sizeof junk, "%s", ct_path("junk.bc"));
  ct_write("junk.bc", "this is not bitcode");
  CHECK(ct_run("compile", "--in", d_in, "--out", d_bc, "--log", lg, (char *)NULL) == 0);
  char lgname[512];
  snprintf(lgname, sizeof lgname, "%s", ct_path("link.log"));
  CHECK(ct_run("link", "--out", exe, "--log", lgname, m_bc, h_bc, d_bc, (char *)NULL) == 1);
  CHECK(log_has("link", "twice"));
  CHECK(ct_run("link", "--out", exe, "--log", lgname, junk, (char *)NULL) == 1);
  CHECK(log_has("link", "not a valid compiled program"));
  /* -cl-opt-disable given to compile still holds at link time: private variables stay in memory */
  CHECK(ct_run("compile", "--in", m_in, "--out", m_bc, "--log", lg, "--", "-cl-opt-disable", (char *)NULL) == 0);
  CHECK(ct_run("link", "--out", exe, "--log", lg, m_bc, h_bc, (char *)NULL) == 0);
  CHECK(ct_run("dis", exe, (char *)NULL) == 0);
  char *o0 = ct_read("stdout", NULL);
  CHECK(o0 && strstr(o0, "paddr"));
  free(o0);
  size_t len;
  void *blob = ct_read("linked.vir", &len);
  char why[256] = "";
  CHECK(blob && vir_module_check(blob, len, why, sizeof why) == 0);
  if (blob) CHECK(ct_kernel(blob, "k") != NULL);
  free(blob);
  /* the disassembler: the source line's text, then its instructions */
  CHECK(ct_build("dis", "__kernel void vadd(__global const float *a, __global float *c) {\n"
                        "  c[get_global_id(0)] = a[get_global_id(0)] * 3.0f;\n}\n", "") == 0);
  char vir[512];
  snprintf(vir, sizeof vir, "%s", ct_path("dis.vir"));
  CHECK(ct_run("dis", vir, (char *)NULL) == 0);
  char *text = ct_read("stdout", NULL);
  CHECK(text && strstr(text, "kernel vadd"));
  CHECK(text && strstr(text, "c[get_global_id(0)] = a[get_global_id(0)] * 3.0f;"));
  CHECK(text && strstr(text, "fmul.f32") && strstr(text, ", 3"));
  CHECK(text && strstr(text, "wi.global_id"));
  free(text);
  snprintf(in, sizeof in, "%s", ct_path("dis.cl"));
  CHECK(ct_run("dis", in, "-k", "vadd", "--", "-cl-opt-disable", (char *)NULL) == 0);
  CHECK(ct_run("dis", in, "-k", "nosuchkernel", (char *)NULL) == 1);
  /* hostile input: fails cleanly, never crashes */
  size_t deep = 20000;
  char *nest = malloc(deep * 2 + 200);
  char *p = nest + sprintf(nest, "__kernel void k(__global int *a) { a[0] = ");
  memset(p, '(', deep);
  p += deep;
  *p++ = '1';
  memset(p, ')', deep);
  p += deep;
  strcpy(p, "; }\n");
  int rc = ct_build("deep", nest, "");
  CHECK(rc == 0 || rc == 1);
  free(nest);
  CHECK(ct_build("garbage", "\x01\x02\xff\xfe}}}{{{ __kernel", "") == 1);
  ct_cleanup();
  return vt_finish();
}
