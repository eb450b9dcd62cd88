/* kernel.c - kernel objects (see kernel.h): creation from a built program and the argument
 * rules of clSetKernelArg (OpenCL 3.0 s5.9.2), one per enum vir_arg_kind. */
#include <stdlib.h>
#include <string.h>
#include "runtime/device.h"
#include "runtime/kernel.h"
#include "runtime/device_queue.h"
#include "runtime/queue.h"
#include "runtime/mem.h"
#include "runtime/image.h"
#include "runtime/sampler.h"
#include "sim/launch.h"

int vgpu_kernel_is(cl_kernel k) { return vgpu_object_is(k, VGPU_KERNEL); }

cl_kernel vgpu_kernel_create(cl_program p, uint32_t index, cl_int *err) {
  const struct vir_header *h = vgpu_program_module(p);
  cl_kernel k = calloc(1, sizeof *k);
  if (!k || !h) { free(k); *err = h ? CL_OUT_OF_HOST_MEMORY : CL_INVALID_PROGRAM_EXECUTABLE; return NULL; }
  k->module = h;
  k->index = index;
  k->k = &vir_kernels(h)[index];
  k->args = vir_args(h) + k->k->first_arg;
  k->values = calloc(k->k->nargs + 1, sizeof *k->values);
  if (!k->values) { free(k); *err = CL_OUT_OF_HOST_MEMORY; return NULL; }
  for (uint32_t i = 0; i < k->k->nargs; i++) k->values[i].kind = k->args[i].kind;
  vgpu_object_init(&k->obj, VGPU_KERNEL);
  k->program = p;
  vgpu_program_retain_internal(p);
  atomic_fetch_add(&p->nkernels, 1);
  *err = CL_SUCCESS;
  return k;
}

static void arg_clear(struct vgpu_kernel_arg *a) {
  if (a->mem) vgpu_mem_release_weak(a->mem);
  free(a->bytes);
  a->mem = NULL;
  a->bytes = NULL;
  a->set = 0;
}

void vgpu_kernel_destroy(cl_kernel k) {
  for (uint32_t i = 0; i < k->k->nargs; i++) arg_clear(&k->values[i]);
  free(k->values);
  cl_program p = k->program;
  vgpu_object_destroy(&k->obj);
  atomic_fetch_sub(&p->nkernels, 1);
  vgpu_program_release_internal(p);
}

/* The image type an image argument's OpenCL C type names (image2d_t ...), 0 when unknown. */
static cl_mem_object_type image_type_of(const char *ty) {
  static const struct { const char *name; cl_mem_object_type type; } t[] = {
    {"image1d_t", CL_MEM_OBJECT_IMAGE1D}, {"image1d_buffer_t", CL_MEM_OBJECT_IMAGE1D_BUFFER},
    {"image1d_array_t", CL_MEM_OBJECT_IMAGE1D_ARRAY}, {"image2d_t", CL_MEM_OBJECT_IMAGE2D},
    {"image2d_array_t", CL_MEM_OBJECT_IMAGE2D_ARRAY}, {"image3d_t", CL_MEM_OBJECT_IMAGE3D},
  };
  for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
    if (!strcmp(ty, t[i].name)) return t[i].type;
  return 0;
}

cl_int vgpu_kernel_set_arg(cl_kernel k, cl_uint i, size_t size, const void *value) {
  const struct vir_arg *a = &k->args[i];
  struct vgpu_kernel_arg v = {0};
  v.kind = a->kind;
  v.size = size;
  switch (a->kind) {
  case VIR_ARG_GLOBAL_PTR:
  case VIR_ARG_CONSTANT_PTR:
  case VIR_ARG_IMAGE: {
    VG_RETURN_IF(size != sizeof(cl_mem), CL_INVALID_ARG_SIZE, "a memory object argument needs arg_size sizeof(cl_mem)");
    /* "the arg_value pointer can be NULL or point to a NULL value": a NULL pointer argument. */
    cl_mem m = value ? *(const cl_mem *)value : NULL;
    VG_RETURN_IF(a->kind == VIR_ARG_IMAGE && !m, CL_INVALID_ARG_VALUE, "an image argument cannot be NULL");
    if (m) {
      VG_RETURN_IF(!vgpu_mem_is(m), CL_INVALID_MEM_OBJECT, "arg_value is not a valid memory object");
      VG_RETURN_IF(m->context != k->program->context, CL_INVALID_MEM_OBJECT,
                   "the memory object belongs to another context");
      int is_buffer = m->type == CL_MEM_OBJECT_BUFFER;
      VG_RETURN_IF(a->kind != VIR_ARG_IMAGE && !is_buffer, CL_INVALID_MEM_OBJECT, "a pointer argument needs a buffer");
      VG_RETURN_IF(a->kind == VIR_ARG_IMAGE && !vgpu_image_is(m), CL_INVALID_MEM_OBJECT, "an image argument needs an image");
      if (a->kind == VIR_ARG_IMAGE) {
        /* "CL_INVALID_MEM_OBJECT ... memory object of the wrong type": image2d_t takes 2D images. */
        cl_mem_object_type want = image_type_of(vir_string(k->module, a->type_name));
        VG_RETURN_IF(want && want != m->type, CL_INVALID_MEM_OBJECT,
                     "the image's type is not the argument's (image2d_t needs a 2D image, ...)");
        /* s5.9.2: read_only images must not be CL_MEM_WRITE_ONLY and write_only not READ_ONLY. */
        VG_RETURN_IF(a->access_qualifier == CL_KERNEL_ARG_ACCESS_READ_ONLY && (m->flags & CL_MEM_WRITE_ONLY),
                     CL_INVALID_ARG_VALUE, "a read_only image argument given a write-only image");
        VG_RETURN_IF(a->access_qualifier == CL_KERNEL_ARG_ACCESS_WRITE_ONLY && (m->flags & CL_MEM_READ_ONLY),
                     CL_INVALID_ARG_VALUE, "a write_only image argument given a read-only image");
      }
      vgpu_mem_retain_weak(m); /* not the buffer itself (mem.h) */
    }
    v.mem = m;
    break;
  }
  case VIR_ARG_PIPE: {
    /* s5.9.2: "If the argument is a pipe, the arg_value entry must be a pointer to the pipe
     * object" (never NULL); another memory object is "of the wrong type". */
    VG_RETURN_IF(size != sizeof(cl_mem), CL_INVALID_ARG_SIZE, "a pipe argument needs arg_size sizeof(cl_mem)");
    cl_mem m = value ? *(const cl_mem *)value : NULL;
    VG_RETURN_IF(!m, CL_INVALID_ARG_VALUE, "a pipe argument cannot be NULL");
    VG_RETURN_IF(!vgpu_mem_is(m), CL_INVALID_MEM_OBJECT, "arg_value is not a valid memory object");
    VG_RETURN_IF(m->type != CL_MEM_OBJECT_PIPE, CL_INVALID_MEM_OBJECT, "a pipe argument needs a pipe object");
    VG_RETURN_IF(m->context != k->program->context, CL_INVALID_MEM_OBJECT, "the pipe belongs to another context");
    vgpu_mem_retain_weak(m);
    v.mem = m;
    break;
  }
  case VIR_ARG_LOCAL_PTR:
    VG_RETURN_IF(size == 0, CL_INVALID_ARG_SIZE, "a __local argument needs arg_size > 0");
    VG_RETURN_IF(value != NULL, CL_INVALID_ARG_VALUE, "a __local argument needs arg_value NULL");
    break;
  case VIR_ARG_SAMPLER: {
    VG_RETURN_IF(size != sizeof(cl_sampler), CL_INVALID_ARG_SIZE, "a sampler argument needs sizeof(cl_sampler)");
    cl_sampler s = value ? *(const cl_sampler *)value : NULL;
    VG_RETURN_IF(!vgpu_object_is(s, VGPU_SAMPLER), CL_INVALID_SAMPLER, "arg_value is not a valid sampler");
    VG_RETURN_IF(s->context != k->program->context, CL_INVALID_SAMPLER, "the sampler belongs to another context");
    v.sampler = vgpu_sampler_bits(s);
    break;
  }
  case VIR_ARG_VALUE:
  case VIR_ARG_BYVAL:
  default:
    VG_RETURN_IF(size != a->size, CL_INVALID_ARG_SIZE, "arg_size does not match the argument's type");
    if (!strcmp(vir_string(k->module, a->type_name), "queue_t")) {
      /* s5.9.2: a queue_t argument takes a device queue; the kernel gets its address */
      uint64_t addr = value ? vgpu_devq_addr(*(const cl_command_queue *)value) : 0;
      VG_RETURN_IF(!addr, CL_INVALID_DEVICE_QUEUE, "arg_value is not a valid device queue");
      VG_RETURN_IF((*(const cl_command_queue *)value)->context != k->program->context, CL_INVALID_DEVICE_QUEUE,
                   "the device queue belongs to another context");
      v.bytes = malloc(sizeof addr);
      VG_RETURN_IF(!v.bytes, CL_OUT_OF_HOST_MEMORY, "no memory for the argument");
      memcpy(v.bytes, &addr, sizeof addr);
      break;
    }
    VG_RETURN_IF(!value, CL_INVALID_ARG_VALUE, "arg_value is NULL for an argument passed by value");
    v.bytes = malloc(size ? size : 1);
    VG_RETURN_IF(!v.bytes, CL_OUT_OF_HOST_MEMORY, "no memory for the argument");
    memcpy(v.bytes, value, size);
    break;
  }
  v.set = 1;
  pthread_mutex_lock(&k->obj.lock);
  struct vgpu_kernel_arg old = k->values[i];
  k->values[i] = v;
  pthread_mutex_unlock(&k->obj.lock);
  arg_clear(&old);
  return CL_SUCCESS;
}

uint64_t vgpu_kernel_local_mem(cl_kernel k) {
  uint64_t total = ((uint64_t)k->k->local_size + 15) & ~(uint64_t)15; /* as the SM lays it out (workgroup.c) */
  for (uint32_t i = 0; i < k->k->nargs; i++) {
    if (k->values[i].kind != VIR_ARG_LOCAL_PTR || !k->values[i].set) continue;
    if (k->values[i].size > UINT32_MAX) return UINT64_MAX; /* absurd sizes must not wrap the sum */
    total = vgpu_local_arg_offset(total, k->values[i].size) + ((k->values[i].size + 15) & ~(uint64_t)15);
  }
  return total;
}

size_t vgpu_kernel_max_wg(const struct vir_kernel *k, cl_device_id dev) {
  size_t max = dev->max_wg_size;
  const uint32_t *r = k->reqd_wg_size;
  if (r[0] && r[1] && r[2]) {
    size_t reqd = (size_t)r[0] * r[1] * r[2];
    if (reqd < max) max = reqd;
  }
  return max;
}
