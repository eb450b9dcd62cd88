/* program.c - program objects (see program.h): creation, the build/compile/link core and the
 * per-device residency of executables in the device arenas. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "runtime/binary.h"
#include "runtime/compile_client.h"
#include "runtime/config.h"
#include "runtime/context.h"
#include "runtime/device.h"
#include "runtime/program.h"
#include "runtime/timeline.h"
#include "sim/arena.h"

int vgpu_program_is(cl_program p) { return vgpu_object_is(p, VGPU_PROGRAM); }

struct vgpu_program_build *vgpu_program_build_of(cl_program p, cl_device_id dev) {
  for (cl_uint i = 0; i < p->ndevices; i++)
    if (p->builds[i].dev == dev) return &p->builds[i];
  return NULL;
}

int vgpu_build_has_executable(const struct vgpu_program_build *b) {
  return b->type == CL_PROGRAM_BINARY_TYPE_EXECUTABLE && b->payload &&
         (b->status == CL_BUILD_SUCCESS || b->status == CL_BUILD_NONE);
}

const struct vir_header *vgpu_program_module(cl_program p) {
  for (cl_uint i = 0; i < p->ndevices; i++)
    if (vgpu_build_has_executable(&p->builds[i])) return (const struct vir_header *)p->builds[i].payload;
  return NULL;
}

cl_program vgpu_program_create(cl_context ctx, enum vgpu_program_origin origin, cl_uint ndevices,
                               const cl_device_id *devices, cl_int *err) {
  if (!devices) {
    /* The program's devices default to the context's (s5.8.1). */
    ndevices = ctx->ndevices;
    devices = ctx->devices;
  }
  cl_program p = calloc(1, sizeof *p);
  if (p) p->builds = calloc(ndevices, sizeof *p->builds);
  if (!p || !p->builds) { free(p); *err = CL_OUT_OF_HOST_MEMORY; return NULL; }
  vgpu_object_init(&p->obj, VGPU_PROGRAM);
  atomic_init(&p->internal, 1);
  p->context = ctx;
  vgpu_context_retain(ctx);
  p->origin = origin;
  p->ndevices = ndevices;
  for (cl_uint i = 0; i < ndevices; i++) {
    p->builds[i].dev = devices[i];
    p->builds[i].status = CL_BUILD_NONE;
    p->builds[i].type = CL_PROGRAM_BINARY_TYPE_NONE;
  }
  *err = CL_SUCCESS;
  return p;
}

struct vgpu_exec *vgpu_exec_new(cl_device_id dev, uint8_t *vir, size_t size) {
  struct vgpu_exec *e = calloc(1, sizeof *e);
  if (!e) return NULL;
  atomic_init(&e->refs, 1);
  e->dev = dev;
  e->vir = vir;
  e->size = size;
  pthread_mutex_init(&e->lock, NULL);
  return e;
}

void vgpu_exec_retain(struct vgpu_exec *e) { atomic_fetch_add(&e->refs, 1); }

void vgpu_exec_release(struct vgpu_exec *e) {
  if (!e || atomic_fetch_sub(&e->refs, 1) != 1) return;
  if (e->loaded) {
    vgpu_arena_free(&e->dev->arena, e->module_off);
    if (e->data_off) vgpu_arena_free(&e->dev->arena, e->data_off);
  }
  pthread_mutex_destroy(&e->lock);
  free(e->vir);
  free(e);
}

cl_int vgpu_exec_load(struct vgpu_exec *e, uint64_t *module_off, uint64_t *data_off) {
  cl_int err = CL_SUCCESS;
  struct vgpu_arena *arena = &e->dev->arena;
  pthread_mutex_lock(&e->lock);
  if (!e->loaded) {
    /* Once per executable and device: the code segment, and the program-scope variables initialised
     * from the module's image; they then keep their values from launch to launch (s6.8). */
    const struct vir_header *h = (const struct vir_header *)e->vir;
    uint64_t moff = 0, doff = 0;
    if (vgpu_arena_alloc(arena, e->size, 64, &moff) != 0) {
      err = CL_OUT_OF_RESOURCES;
    } else if (h->data_size && vgpu_arena_alloc(arena, h->data_size, 128, &doff) != 0) {
      vgpu_arena_free(arena, moff);
      err = CL_OUT_OF_RESOURCES;
    } else {
      memcpy(vgpu_arena_ptr(arena, moff), e->vir, e->size);
      if (h->data_size) memcpy(vgpu_arena_ptr(arena, doff), vir_data(h), h->data_size);
      /* pointers initialised with a program-scope variable's address (`global int *p = &x;`)
       * hold its data segment offset: now that the segment has an address, add it */
      for (uint32_t i = 0; i < h->nrelocs; i++) {
        uint8_t *slot = vgpu_arena_ptr(arena, doff + vir_relocs(h)[i]);
        uint64_t v;
        memcpy(&v, slot, 8);
        v += doff;
        memcpy(slot, &v, 8);
      }
      e->module_off = moff;
      e->data_off = doff;
      e->loaded = 1;
    }
  }
  *module_off = e->module_off;
  *data_off = e->data_off;
  pthread_mutex_unlock(&e->lock);
  return err;
}

void vgpu_build_set_payload(struct vgpu_program_build *b, uint8_t *payload, size_t size) {
  b->payload = payload;
  b->payload_size = size;
  b->exec = NULL;
  if (payload && b->type == CL_PROGRAM_BINARY_TYPE_EXECUTABLE) {
    b->exec = vgpu_exec_new(b->dev, payload, size);
    if (!b->exec) { free(payload); b->payload = NULL; b->payload_size = 0; }
  }
}

static void build_clear(struct vgpu_program_build *b) {
  free(b->options); free(b->log);
  if (b->exec) vgpu_exec_release(b->exec);
  else free(b->payload);
  b->options = b->log = NULL;
  b->payload = NULL;
  b->exec = NULL;
  b->payload_size = 0;
}

void vgpu_program_destroy(cl_program p) {
  for (cl_uint i = 0; i < p->ndevices; i++) build_clear(&p->builds[i]);
  free(p->builds);
  free(p->source);
  free(p->il);
  vgpu_spirv_info_free(&p->spirv);
  cl_context ctx = p->context;
  vgpu_object_destroy(&p->obj);
  vgpu_context_release(ctx);
}

void vgpu_program_retain_internal(cl_program p) { atomic_fetch_add(&p->internal, 1); }

void vgpu_program_release_internal(cl_program p) {
  if (atomic_fetch_sub(&p->internal, 1) == 1) vgpu_program_destroy(p);
}

/* ---- build, compile, link ---- */

static int has_option(const char *options, const char *opt) {
  char **w = vgpu_split_options(options, NULL);
  int found = 0;
  for (char **p = w; p && *p; p++) found |= !strcmp(*p, opt);
  vgpu_free_words(w);
  return found;
}

/* Removes every occurrence of the word opt (the runtime handles it, not the compiler). */
static char *drop_option(const char *options, const char *opt) {
  size_t len = options ? strlen(options) : 0, olen = strlen(opt);
  char *out = malloc(len + 1);
  if (!out) return NULL;
  size_t k = 0;
  const char *p = options ? options : "";
  while (*p) {
    const char *s = p;
    while (*p && *p != ' ' && *p != '\t' && *p != '\n') p++;
    if (!((size_t)(p - s) == olen && !strncmp(s, opt, olen))) { memcpy(out + k, s, (size_t)(p - s)); k += (size_t)(p - s); }
    while (*p == ' ' || *p == '\t' || *p == '\n') out[k++] = *p++;
  }
  out[k] = 0;
  return out;
}

/* Records one device's outcome.  payload is copied. */
static void build_set(cl_program p, struct vgpu_program_build *b, cl_build_status status, cl_program_binary_type type,
                      const char *options, const char *log, const uint8_t *payload, size_t size, int arg_info) {
  pthread_mutex_lock(&p->obj.lock);
  build_clear(b);
  b->status = status;
  b->type = type;
  b->options = strdup(options ? options : "");
  b->log = strdup(log ? log : "");
  uint8_t *copy = payload && size ? malloc(size) : NULL;
  if (copy) memcpy(copy, payload, size);
  vgpu_build_set_payload(b, copy, copy ? size : 0);
  b->arg_info = arg_info;
  pthread_mutex_unlock(&p->obj.lock);
}

/* Checks what the helper produced before anything trusts it. */
static int output_valid(cl_program_binary_type type, struct vgpu_compile_result *r) {
  char why[256];
  uint32_t kind = type == CL_PROGRAM_BINARY_TYPE_EXECUTABLE ? VGPU_PAYLOAD_VIR : VGPU_PAYLOAD_BITCODE;
  if (vgpu_payload_check(kind, r->out, r->out_size, why, sizeof why) == 0) return 1;
  size_t old = strlen(r->log);
  char *n = realloc(r->log, old + strlen(why) + 80);
  if (n) { sprintf(n + old, "error: the compiler produced an invalid %s: %s\n", kind == VGPU_PAYLOAD_VIR ? "VIR module" : "object", why); r->log = n; }
  return 0;
}

static cl_int status_error(int status, int link_too, int linking) {
  if (status == VGPU_COMPILE_BAD_OPTIONS)
    return linking ? CL_INVALID_LINKER_OPTIONS : link_too ? CL_INVALID_BUILD_OPTIONS : CL_INVALID_COMPILER_OPTIONS;
  return linking ? CL_LINK_PROGRAM_FAILURE : link_too ? CL_BUILD_PROGRAM_FAILURE : CL_COMPILE_PROGRAM_FAILURE;
}

/* The indices of the builds a call targets. */
static cl_uint targets(cl_program p, cl_uint n, const cl_device_id *devs, cl_uint *idx) {
  cl_uint k = 0;
  for (cl_uint i = 0; i < p->ndevices; i++) {
    int want = n == 0;
    for (cl_uint j = 0; j < n && !want; j++) want = devs[j] == p->builds[i].dev;
    if (want) idx[k++] = i;
  }
  return k;
}

void vgpu_program_mark_in_progress(cl_program p, cl_uint n, const cl_device_id *devs) {
  cl_uint *idx = calloc(p->ndevices, sizeof *idx);
  if (!idx) return;
  cl_uint nt = targets(p, n, devs, idx);
  pthread_mutex_lock(&p->obj.lock);
  for (cl_uint i = 0; i < nt; i++) p->builds[idx[i]].status = CL_BUILD_IN_PROGRESS;
  pthread_mutex_unlock(&p->obj.lock);
  free(idx);
}

cl_int vgpu_program_compile(cl_program p, cl_uint n, const cl_device_id *devs, const char *options,
                            int link_too, cl_uint nheaders, const cl_program *headers,
                            const char **header_names) {
  cl_uint *idx = calloc(p->ndevices, sizeof *idx);
  if (!idx) return CL_OUT_OF_HOST_MEMORY;
  cl_uint nt = targets(p, n, devs, idx);
  /* Argument information comes only with programs built from source (s5.10, clGetKernelArgInfo). */
  int arg_info = p->origin == VGPU_ORIGIN_SOURCE && has_option(options, "-cl-kernel-arg-info");
  cl_int err = CL_SUCCESS;
  pthread_mutex_lock(&p->obj.lock);
  for (cl_uint i = 0; i < nt; i++) p->builds[idx[i]].status = CL_BUILD_IN_PROGRESS;
  pthread_mutex_unlock(&p->obj.lock);

  if (p->origin == VGPU_ORIGIN_SOURCE || p->origin == VGPU_ORIGIN_IL) {
    /* One compiler run serves every device: they are identical virtual devices. */
    struct vgpu_compile_input *hdr = calloc(nheaders + 1, sizeof *hdr);
    if (!hdr) { free(idx); return CL_OUT_OF_HOST_MEMORY; }
    for (cl_uint i = 0; i < nheaders; i++) {
      hdr[i].name = header_names[i];
      hdr[i].data = headers[i]->source ? headers[i]->source : "";
      hdr[i].size = headers[i]->source ? headers[i]->source_len : 0;
    }
    /* Under `vgpu debug` every build carries debug information (source variables) and is not
     * optimised, as cuda-gdb asks for -G: each variable then lives in its own place for its whole
     * scope, so `print` never shows a value the optimiser moved or dropped (docs/debugging.md). */
    /* Whether the devices have images (vgpu_config()->images: VGPU_IMAGE_SUPPORT, or VGPU_IMAGES)
     * reaches the compiler as -vgpu-images or -vgpu-no-images: __IMAGE_SUPPORT__ and the OpenCL C
     * image features are defined exactly when CL_DEVICE_IMAGE_SUPPORT says so (compiler/frontend.c). */
    char *dbg_options = NULL;
    int debug = vgpu_config()->debug != NULL, images = vgpu_config()->images;
    size_t len = (options ? strlen(options) : 0) + 48;
    if ((dbg_options = malloc(len)))
      snprintf(dbg_options, len, "%s%s%s", options ? options : "", debug ? " -g -cl-opt-disable" : "",
               images ? " -vgpu-images" : " -vgpu-no-images");
    /* SPIR-V: the module with the specialization constants' values set so far (s5.8.3); embedded
     * headers mean nothing to it ("ignored", s5.8.6). */
    uint8_t *spv = NULL;
    if (p->origin == VGPU_ORIGIN_IL) {
      pthread_mutex_lock(&p->obj.lock);
      spv = vgpu_spirv_specialize(p->il, p->il_len, &p->spirv);
      pthread_mutex_unlock(&p->obj.lock);
      if (!spv) { free(hdr); free(idx); free(dbg_options); return CL_OUT_OF_HOST_MEMORY; }
    }
    struct vgpu_compile_job job = {.command = link_too ? "build" : "compile",
                                   .options = dbg_options ? dbg_options : options,
                                   .source = spv ? (const char *)spv : p->source,
                                   .source_len = spv ? p->il_len : p->source_len, .il = spv != NULL,
                                   .headers = spv ? NULL : hdr, .nheaders = spv ? 0 : nheaders};
    struct vgpu_compile_result r;
    uint64_t t0 = vgpu_timeline_now();
    vgpu_compile_cached(&job, &r);
    free(dbg_options);
    free(spv);
    vgpu_timeline_build(p, job.command, options, t0, r.status, r.from_cache);
    cl_program_binary_type type = link_too ? CL_PROGRAM_BINARY_TYPE_EXECUTABLE : CL_PROGRAM_BINARY_TYPE_COMPILED_OBJECT;
    int ok = r.status == VGPU_COMPILE_OK && output_valid(type, &r);
    for (cl_uint i = 0; i < nt; i++)
      build_set(p, &p->builds[idx[i]], ok ? CL_BUILD_SUCCESS : CL_BUILD_ERROR, ok ? type : CL_PROGRAM_BINARY_TYPE_NONE,
                options, r.log, ok ? r.out : NULL, r.out_size, arg_info);
    if (!ok) err = status_error(r.status, link_too, 0);
    vgpu_compile_result_free(&r);
    free(hdr);
  } else {
    /* A binary: executables are ready; objects and libraries are linked into one (s5.8.2). */
    for (cl_uint i = 0; i < nt; i++) {
      struct vgpu_program_build *b = &p->builds[idx[i]];
      if (b->type == CL_PROGRAM_BINARY_TYPE_EXECUTABLE && b->payload) {
        pthread_mutex_lock(&p->obj.lock);
        b->status = CL_BUILD_SUCCESS;
        free(b->options);
        b->options = strdup(options ? options : "");
        pthread_mutex_unlock(&p->obj.lock);
        continue;
      }
      if (!b->payload) {
        build_set(p, b, CL_BUILD_ERROR, CL_PROGRAM_BINARY_TYPE_NONE, options, "error: no program binary for this device\n", NULL, 0, 0);
        err = CL_INVALID_BINARY;
        continue;
      }
      struct vgpu_compile_input obj = {"input", b->payload, b->payload_size};
      /* Build options are for the compiler, not the linker: the object links as it was compiled. */
      struct vgpu_compile_job job = {.command = "link", .objects = &obj, .nobjects = 1};
      struct vgpu_compile_result r;
      uint64_t t0 = vgpu_timeline_now();
      vgpu_compile_cached(&job, &r);
      vgpu_timeline_build(p, "link", NULL, t0, r.status, r.from_cache);
      int ok = r.status == VGPU_COMPILE_OK && output_valid(CL_PROGRAM_BINARY_TYPE_EXECUTABLE, &r);
      if (ok)
        build_set(p, b, CL_BUILD_SUCCESS, CL_PROGRAM_BINARY_TYPE_EXECUTABLE, options, r.log, r.out, r.out_size, b->arg_info);
      else {
        pthread_mutex_lock(&p->obj.lock);
        b->status = CL_BUILD_ERROR;
        free(b->log);
        b->log = strdup(r.log);
        pthread_mutex_unlock(&p->obj.lock);
        err = status_error(r.status, 1, 0);
      }
      vgpu_compile_result_free(&r);
    }
  }
  free(idx);
  return err;
}

cl_int vgpu_program_link(cl_program out, cl_uint n, const cl_device_id *devs, const char *options,
                         cl_uint ninputs, const cl_program *inputs) {
  cl_uint *idx = calloc(out->ndevices, sizeof *idx);
  struct vgpu_compile_input *objs = calloc(ninputs, sizeof *objs);
  char *opts = drop_option(options, "-create-library");
  if (!idx || !objs || !opts) { free(idx); free(objs); free(opts); return CL_OUT_OF_HOST_MEMORY; }
  cl_uint nt = targets(out, n, devs, idx);
  int library = has_option(options, "-create-library");
  cl_int err = CL_SUCCESS;
  for (cl_uint t = 0; t < nt && err == CL_SUCCESS; t++) {
    struct vgpu_program_build *b = &out->builds[idx[t]];
    /* The kernels keep their argument information if the object they came from had it; which
     * input holds which kernel is not known here, so any input's -cl-kernel-arg-info counts. */
    int arg_info = 0;
    for (cl_uint i = 0; i < ninputs; i++) {
      struct vgpu_program_build *ib = vgpu_program_build_of(inputs[i], b->dev);
      objs[i].name = "input";
      objs[i].data = ib->payload;
      objs[i].size = ib->payload_size;
      arg_info |= ib->arg_info;
    }
    struct vgpu_compile_job job = {.command = "link", .options = opts, .objects = objs, .nobjects = ninputs,
                                   .library = library};
    struct vgpu_compile_result r;
    uint64_t t0 = vgpu_timeline_now();
    vgpu_compile_cached(&job, &r);
    vgpu_timeline_build(out, "link", opts, t0, r.status, r.from_cache);
    cl_program_binary_type type = library ? CL_PROGRAM_BINARY_TYPE_LIBRARY : CL_PROGRAM_BINARY_TYPE_EXECUTABLE;
    int ok = r.status == VGPU_COMPILE_OK && output_valid(type, &r);
    build_set(out, b, ok ? CL_BUILD_SUCCESS : CL_BUILD_ERROR, ok ? type : CL_PROGRAM_BINARY_TYPE_NONE, options,
              r.log, ok ? r.out : NULL, r.out_size, arg_info);
    if (!ok) err = status_error(r.status, 1, 1);
    vgpu_compile_result_free(&r);
  }
  free(idx);
  free(objs);
  free(opts);
  return err;
}
