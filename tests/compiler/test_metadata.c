/* test_metadata.c - the kernel metadata the runtime reports through clGetKernelInfo and
 * clGetKernelArgInfo is in the VIR blob: argument kinds, sizes, registers, names, type names,
 * qualifiers, reqd_work_group_size, work_group_size_hint, vec_type_hint, the attributes string,
 * static __local sizes (per kernel), by-value structs in the private frame, and flags. */
#include "tests/compiler/compiler_util.h"

static const char *src =
  "typedef struct { int a; float b[3]; char c; } S;\n"                                  /* 20 bytes */
  "__kernel __attribute__((reqd_work_group_size(8, 4, 1))) __attribute__((vec_type_hint(float4)))\n"
  "void attrs(__global const float *restrict a, __constant int *c, __local float *l, float4 v,\n"
  "           uchar u, S s, volatile __global int *vol, int3 w) {\n"
  "  __local float tile[32];\n"
  "  tile[get_local_id(0)] = a[0] + c[0] + v.w + u + s.b[1] + w.z;\n"
  "  barrier(CLK_LOCAL_MEM_FENCE);\n"
  "  l[0] = tile[1];\n"
  "  atomic_add(vol, 1);\n"
  "}\n"
  "__kernel __attribute__((work_group_size_hint(16, 1, 1))) void plain(__global int *p) {\n"
  "  __local int small[3];\n"
  "  small[get_local_id(0) % 3] = 1;\n"
  "  printf(\"%d\\n\", small[0]);\n"
  "  p[get_global_id(0)] = 2;\n"
  "}\n";

int main(void) {
  ct_init();
  for (int o = 0; o < 2; o++) {
    if (!CHECK(ct_build("meta", src, o ? "-cl-opt-disable" : "") == 0)) {
      char *log = ct_read("meta.log", NULL);
      printf("%s\n", log ? log : "");
      free(log);
      continue;
    }
    size_t len;
    void *blob = ct_read("meta.vir", &len);
    char why[256] = "";
    if (!CHECK(blob && vir_module_check(blob, len, why, sizeof why) == 0)) { printf("%s\n", why); free(blob); continue; }
    const struct vir_header *h = blob;
    CHECK(h->nkernels == 2);
    CHECK(h->cl_std == 120); /* the default (OpenCL 3.0 section 5.8.4.5) */
    const struct vir_kernel *k = ct_kernel(h, "attrs");
    if (!CHECK(k != NULL) || !CHECK(k->nargs == 8)) { free(blob); continue; }
    CHECK(k->reqd_wg_size[0] == 8 && k->reqd_wg_size[1] == 4 && k->reqd_wg_size[2] == 1);
    CHECK(!strcmp(vir_string(h, k->vec_type_hint), "float4"));
    CHECK(strstr(vir_string(h, k->attributes), "reqd_work_group_size(8,4,1)") != NULL);
    CHECK(strstr(vir_string(h, k->attributes), "vec_type_hint(float4)") != NULL);
    CHECK(k->local_size == 32 * 4);
    CHECK(k->private_size >= 20);
    CHECK((k->flags & VIR_KFLAG_BARRIER) && (k->flags & VIR_KFLAG_ATOMICS) && !(k->flags & VIR_KFLAG_PRINTF));
    static const struct { const char *name, *type; uint32_t kind, size, nelems, addr; uint64_t tq; } want[] = {
      {"a", "float*", VIR_ARG_GLOBAL_PTR, 8, 1, CL_KERNEL_ARG_ADDRESS_GLOBAL, CL_KERNEL_ARG_TYPE_CONST | CL_KERNEL_ARG_TYPE_RESTRICT},
      {"c", "int*", VIR_ARG_CONSTANT_PTR, 8, 1, CL_KERNEL_ARG_ADDRESS_CONSTANT, CL_KERNEL_ARG_TYPE_CONST},
      {"l", "float*", VIR_ARG_LOCAL_PTR, 0, 1, CL_KERNEL_ARG_ADDRESS_LOCAL, 0},
      {"v", "float4", VIR_ARG_VALUE, 16, 4, CL_KERNEL_ARG_ADDRESS_PRIVATE, 0},
      {"u", "uchar", VIR_ARG_VALUE, 1, 1, CL_KERNEL_ARG_ADDRESS_PRIVATE, 0},
      {"s", "S", VIR_ARG_BYVAL, 20, 1, CL_KERNEL_ARG_ADDRESS_PRIVATE, 0},
      {"vol", "int*", VIR_ARG_GLOBAL_PTR, 8, 1, CL_KERNEL_ARG_ADDRESS_GLOBAL, CL_KERNEL_ARG_TYPE_VOLATILE},
      {"w", "int3", VIR_ARG_VALUE, 16, 3, CL_KERNEL_ARG_ADDRESS_PRIVATE, 0},
    };
    uint32_t used_regs[64] = {0};
    for (uint32_t i = 0; i < 8; i++) {
      const struct vir_arg *a = ct_arg(h, k, i);
      CHECK(!strcmp(vir_string(h, a->name), want[i].name));
      if (!CHECK(!strcmp(vir_string(h, a->type_name), want[i].type)))
        printf("arg %u type '%s'\n", i, vir_string(h, a->type_name));
      CHECK(a->kind == want[i].kind);
      CHECK(a->size == want[i].size);
      CHECK(a->nelems == want[i].nelems);
      CHECK(a->address_qualifier == want[i].addr);
      CHECK(a->access_qualifier == CL_KERNEL_ARG_ACCESS_NONE);
      if (!CHECK(a->type_qualifier == want[i].tq)) printf("arg %u qualifiers %llx\n", i, (unsigned long long)a->type_qualifier);
      if (a->kind == VIR_ARG_VALUE) CHECK(a->elem_size == (i == 4 ? 1u : 4u));
      if (a->kind == VIR_ARG_BYVAL) CHECK(a->priv_offset + a->size <= k->private_size);
      /* argument registers do not overlap, and are below the constants */
      for (uint32_t r = a->reg; r < a->reg + a->nelems && r < 64; r++) { CHECK(!used_regs[r]); used_regs[r] = 1; }
      CHECK(a->reg + a->nelems <= k->const_reg);
    }
    const struct vir_kernel *p = ct_kernel(h, "plain");
    if (CHECK(p != NULL)) {
      CHECK(p->wg_size_hint[0] == 16 && p->wg_size_hint[1] == 1 && p->wg_size_hint[2] == 1);
      CHECK(p->reqd_wg_size[0] == 0);
      CHECK(!strcmp(vir_string(h, p->attributes), "work_group_size_hint(16,1,1)"));
      CHECK(p->local_size == 12); /* its own __local variable only */
      CHECK((p->flags & VIR_KFLAG_PRINTF) && !(p->flags & VIR_KFLAG_BARRIER));
      CHECK(p->nargs == 1 && ct_arg(h, p, 0)->kind == VIR_ARG_GLOBAL_PTR);
      /* the format string lives in the data segment */
      CHECK(h->data_size >= 4 && memmem(vir_data(h), h->data_size, "%d\n", 4) != NULL);
    }
    free(blob);
  }
  /* OpenCL C 3.0 without -cl-uniform-work-group-size allows non-uniform work-groups */
  CHECK(ct_build("nonuni", "__kernel void k(__global int *a) { a[0] = 1; }\n", "-cl-std=CL3.0") == 0);
  void *blob = ct_read("nonuni.vir", NULL);
  if (CHECK(blob != NULL)) {
    CHECK(((struct vir_header *)blob)->cl_std == 300);
    CHECK(vir_kernels(blob)[0].flags & VIR_KFLAG_NONUNIFORM_OK);
  }
  free(blob);
  CHECK(ct_build("uni", "__kernel void k(__global int *a) { a[0] = 1; }\n", "-cl-std=CL3.0 -cl-uniform-work-group-size") == 0);
  blob = ct_read("uni.vir", NULL);
  if (CHECK(blob != NULL)) CHECK(!(vir_kernels(blob)[0].flags & VIR_KFLAG_NONUNIFORM_OK));
  free(blob);
  ct_cleanup();
  return vt_finish();
}
