/* lower_image.c - the image builtins of OpenCL C 3.0 s6.15.15 (read_image{f,i,ui,h},
 * write_image{f,i,ui,h}, get_image_*) and sampler initializers, lowered to the texture unit's VIR
 * operations (IMG_READ, IMG_WRITE, IMG_QUERY).
 *
 * Clang 19 (spir64) gives image values the type target("spirv.Image", void, Dim, Depth, Arrayed,
 * MS, Sampled, Format, Access) and samplers target("spirv.Sampler"); both live in one register (the
 * descriptor's arena address, the CLK_* sampler bits: include/vgpu/image_desc.h).  A sampler
 * initialised in the source reaches us as __translate_sampler_initializer(i32 bits).  The builtins
 * stay undefined calls (the library cannot name these types), recognised here by their source
 * name; everything else comes from the call's LLVM types (image kind from the type parameters,
 * coordinate and colour types from the operands), so no parameter mangling is parsed.
 *
 * Reads and writes pass coordinates and colour through the function's image request block, 32
 * bytes of private memory (VIR_IMG_BLOCK), allocated once per kernel. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "compiler/lower.h"
#include "compiler/lower_image.h"
#include "vgpu/image_desc.h"

/* What an image type says (the parameters of target("spirv.Image", ...)). */
struct img_type { int dim /* 0 1D, 1 2D, 2 3D, 5 buffer */, depth, arrayed, access; };

static int image_type(LLVMTypeRef t, struct img_type *it) {
  if (LLVMGetTypeKind(t) != LLVMTargetExtTypeKind) return -1;
  char *s = LLVMPrintTypeToString(t);
  int ms = 0, sampled = 0, fmt = 0;
  int n = sscanf(s, "target(\"spirv.Image\", void, %d, %d, %d, %d, %d, %d, %d)", &it->dim, &it->depth, &it->arrayed,
                 &ms, &sampled, &fmt, &it->access);
  LLVMDisposeMessage(s);
  return n == 7 && !ms ? 0 : -1;
}

static int is_sampler(LLVMTypeRef t) {
  if (LLVMGetTypeKind(t) != LLVMTargetExtTypeKind) return 0;
  char *s = LLVMPrintTypeToString(t);
  int yes = strstr(s, "spirv.Sampler") != NULL;
  LLVMDisposeMessage(s);
  return yes;
}

/* Coordinates an image type addresses texels with, its array layer included. */
static unsigned coords_of(const struct img_type *it) {
  unsigned n = it->dim == 1 ? 2 : it->dim == 2 ? 3 : 1;
  return n + (it->arrayed ? 1 : 0);
}

/* Private pointer to the kernel's image request block (allocated at the first image access). */
static uint32_t request_block(struct lw_fn *f) {
  if (!f->img_block) {
    uint64_t off = (f->private_size + 15) & ~15ull;
    f->private_size = off + VIR_IMG_BLOCK;
    f->img_block = off + 1;
  }
  uint32_t p = lw_vreg(f, 1);
  lw_emit(f, VIR_PADDR, 0, 0, p, (uint32_t)(f->img_block - 1), VIR_NOREG, VIR_NOREG);
  return p;
}

static LLVMValueRef arg(LLVMValueRef call, unsigned i) { return LLVMGetOperand(call, i); }
static unsigned nargs(LLVMValueRef call) { return (unsigned)LLVMGetNumArgOperands(call); }
static unsigned elems(LLVMTypeRef t) { return LLVMGetTypeKind(t) == LLVMVectorTypeKind ? LLVMGetVectorSize(t) : 1; }
static LLVMTypeRef scalar(LLVMTypeRef t) { return LLVMGetTypeKind(t) == LLVMVectorTypeKind ? LLVMGetElementType(t) : t; }

/* Stores the first n coordinates of v (ints or floats, 32-bit) into the block at p. */
static int store_coords(struct lw_fn *f, LLVMValueRef v, unsigned n, uint32_t p) {
  LLVMTypeRef t = LLVMTypeOf(v);
  if (elems(t) < n) return lw_fail(f, "image coordinates: %u given, %u needed", elems(t), n);
  for (unsigned k = 0; k < n; k++)
    lw_emit(f, VIR_STORE, VIR_AS_PRIVATE, 4, VIR_NOREG, p, lw_elem(f, v, elems(t) > 1 ? k : 0), 4 * k);
  return 0;
}

static int read_image(struct lw_fn *f, LLVMValueRef call, const struct img_type *it, char kind) {
  unsigned na = nargs(call);
  int sampled = na >= 2 && is_sampler(LLVMTypeOf(arg(call, 1)));
  if (na != 2u + (unsigned)sampled) return lw_fail(f, "image reads with a level of detail or gradients are not supported (no mipmaps)");
  LLVMValueRef coord = arg(call, 1u + (unsigned)sampled);
  int fcoord = LLVMGetTypeKind(scalar(LLVMTypeOf(coord))) == LLVMFloatTypeKind;
  if (fcoord && !sampled) return lw_fail(f, "a read with float coordinates needs a sampler");
  unsigned n = coords_of(it), mode = kind == 'i' ? VIR_IMG_INT : kind == 'u' ? VIR_IMG_UINT : VIR_IMG_FLOAT;
  uint32_t p = request_block(f);
  if (store_coords(f, coord, n, p)) return -1;
  /* samplerless reads: unnormalized coordinates, CLK_ADDRESS_NONE, CLK_FILTER_NEAREST (s6.15.15.3) */
  uint32_t s = sampled ? lw_elem(f, arg(call, 1), 0) : lw_const(f, VGPU_SAMPLER_FILTER_NEAREST);
  lw_emit(f, VIR_IMG_READ, mode | (fcoord ? VIR_IMG_FCOORD : 0), n, VIR_NOREG, lw_elem(f, arg(call, 0), 0), s, p);
  LLVMTypeRef rt = LLVMTypeOf(call);
  uint32_t d = lw_def(f, call), nr = elems(rt); /* depth images return one float */
  int half = LLVMGetTypeKind(scalar(rt)) == LLVMHalfTypeKind;
  for (uint32_t ch = 0; ch < nr && ch < 4; ch++) {
    uint32_t r = half ? lw_vreg(f, 1) : d + ch;
    lw_emit(f, VIR_LOAD, VIR_AS_PRIVATE, 4, r, p, VIR_NOREG, 16 + 4 * ch);
    if (half) lw_emit(f, VIR_F32TOF16, 0, 0, d + ch, r, VIR_NOREG, VIR_NOREG); /* read_imageh: RTE */
  }
  return 0;
}

static int write_image(struct lw_fn *f, LLVMValueRef call, const struct img_type *it, char kind) {
  if (nargs(call) != 3) return lw_fail(f, "image writes with a level of detail are not supported (no mipmaps)");
  LLVMValueRef coord = arg(call, 1), color = arg(call, 2);
  unsigned n = coords_of(it), mode = kind == 'i' ? VIR_IMG_INT : kind == 'u' ? VIR_IMG_UINT : VIR_IMG_FLOAT;
  uint32_t p = request_block(f);
  if (store_coords(f, coord, n, p)) return -1;
  LLVMTypeRef ct = LLVMTypeOf(color);
  int half = LLVMGetTypeKind(scalar(ct)) == LLVMHalfTypeKind;
  for (unsigned ch = 0; ch < elems(ct) && ch < 4; ch++) { /* depth images: one float */
    uint32_t v = lw_elem(f, color, ch);
    if (half) { /* write_imageh: the half widened exactly, then written like write_imagef */
      uint32_t w = lw_vreg(f, 1);
      lw_emit(f, VIR_F16TOF32, 0, 0, w, v, VIR_NOREG, VIR_NOREG);
      v = w;
    }
    lw_emit(f, VIR_STORE, VIR_AS_PRIVATE, 4, VIR_NOREG, p, v, 16 + 4 * ch);
  }
  lw_emit(f, VIR_IMG_WRITE, mode, n, VIR_NOREG, lw_elem(f, arg(call, 0), 0), VIR_NOREG, p);
  return 0;
}

static int query(struct lw_fn *f, LLVMValueRef call, const struct img_type *it, const char *what) {
  static const struct { const char *name; int q; } qs[] = {
    {"width", VIR_IMGQ_WIDTH}, {"height", VIR_IMGQ_HEIGHT}, {"depth", VIR_IMGQ_DEPTH},
    {"array_size", VIR_IMGQ_ARRAY_SIZE}, {"channel_data_type", VIR_IMGQ_CHANNEL_DATA_TYPE},
    {"channel_order", VIR_IMGQ_CHANNEL_ORDER}, {"num_mip_levels", VIR_IMGQ_NUM_MIP_LEVELS},
    {"num_samples", VIR_IMGQ_NUM_SAMPLES}};
  uint32_t img = lw_elem(f, arg(call, 0), 0), d = lw_def(f, call);
  if (!strcmp(what, "dim")) { /* int2 (w, h) or, for 3D images, int4 (w, h, d, 0) */
    unsigned n = elems(LLVMTypeOf(call));
    for (unsigned k = 0; k < n; k++) {
      if (k < 3) lw_emit(f, VIR_IMG_QUERY, VIR_IMGQ_WIDTH + k, 0, d + k, img, VIR_NOREG, VIR_NOREG);
      else lw_emit(f, VIR_MOV, 0, 0, d + k, lw_const(f, 0), VIR_NOREG, VIR_NOREG);
    }
    return 0;
  }
  (void)it;
  for (size_t i = 0; i < sizeof qs / sizeof qs[0]; i++)
    if (!strcmp(what, qs[i].name)) {
      lw_emit(f, VIR_IMG_QUERY, (unsigned)qs[i].q, 0, d, img, VIR_NOREG, VIR_NOREG);
      return 0;
    }
  return lw_fail(f, "unknown image query get_image_%s", what);
}

int lw_lower_image_call(struct lw_fn *f, LLVMValueRef call, const char *full) {
  if (!strcmp(full, "__translate_sampler_initializer")) {
    LLVMValueRef v = nargs(call) == 1 ? arg(call, 0) : NULL;
    if (!v || !LLVMIsAConstantInt(v)) return lw_fail(f, "a sampler initializer must be a constant");
    lw_alias(f, call, lw_const(f, LLVMConstIntGetZExtValue(v))); /* its uses read the constant */
    return 0;
  }
  if (full[0] != '_' || full[1] != 'Z' || nargs(call) < 1) return 1;
  const char *p = full + 2;
  size_t n = 0;
  while (*p >= '0' && *p <= '9') n = n * 10 + (size_t)(*p++ - '0');
  if (n == 0 || n >= 64 || strlen(p) < n) return 1;
  char name[64];
  memcpy(name, p, n);
  name[n] = 0;
  struct img_type it;
  if (image_type(LLVMTypeOf(arg(call, 0)), &it)) return 1;
  if (!strncmp(name, "read_image", 10) || !strncmp(name, "write_image", 11)) {
    const char *k = name + (name[0] == 'r' ? 10 : 11);
    char kind = !strcmp(k, "f") ? 'f' : !strcmp(k, "h") ? 'h' : !strcmp(k, "i") ? 'i' : !strcmp(k, "ui") ? 'u' : 0;
    if (!kind) return 1;
    return name[0] == 'r' ? read_image(f, call, &it, kind) : write_image(f, call, &it, kind);
  }
  if (!strncmp(name, "get_image_", 10)) return query(f, call, &it, name + 10);
  return 1;
}
