/* texture.c - the SM's texture unit: IMG_READ, IMG_WRITE and IMG_QUERY (vir_ops.def).
 *
 * An image operand is the arena address of the image's descriptor (include/vgpu/image_desc.h),
 * checked before use: inside the arena, a format image/texel.c converts, a texel range inside the
 * arena (and inside one allocation, when the launch has a table).  Reads follow OpenCL 3.0 s8.2
 * ("Image Addressing and Filtering"): normalized or unnormalized coordinates, the five addressing
 * modes, nearest and linear filtering (floor, frac, the weights of the 1D/2D/3D formulas), the
 * array layer clamp(rint(coordinate)), the border colour of CLK_ADDRESS_CLAMP (s8.3: alpha 0 for
 * orders with an alpha or x channel, else 1).  Integer formats always sample nearest.
 * Out-of-range integer coordinates of samplerless reads (CLK_ADDRESS_NONE) are clamped to the
 * edge and out-of-range writes dropped: undefined in OpenCL, but they must not reach memory
 * outside the image; VGPU_CHECKS=1 reports them as findings. */
#include <CL/cl.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>
#include "image/texel.h"
#include "sim/arena.h"
#include "sim/warp.h"
#include "vgpu/image_desc.h"

struct image {
  uint64_t addr;               /* the descriptor's address (cache key) */
  struct vgpu_image_desc d;
  uint8_t *texels;             /* texel (0, 0, 0) of layer/slice 0 */
  unsigned dims;               /* coordinates addressing texels: 1, 2 or 3 */
  int layer_coord;             /* index of the array layer coordinate, -1: not an array */
  unsigned size[3];            /* width, height, depth along those coordinates */
  enum vgpu_texel_class cls;
};

static int bad_desc(struct vgpu_sm *sm, struct vgpu_warp *w, uint32_t pc, unsigned lane, uint64_t addr,
                    const char *why) {
  vgpu_fault_raise(sm, w, (int)lane, pc, VGPU_LAUNCH_FAULT,
                   "invalid image at address 0x%" PRIx64 ": %s (an image argument must be an image object)", addr, why);
  return -1;
}

/* Loads and checks the descriptor at addr into *im (kept when addr is the one already loaded). */
static int load_image(struct vgpu_sm *sm, struct vgpu_warp *w, uint32_t pc, unsigned lane, uint64_t addr,
                      struct image *im) {
  if (im->texels && im->addr == addr) return 0;
  im->texels = NULL;
  if (addr >> VIR_PTR_TAG_SHIFT || addr < VGPU_ARENA_RESERVED || addr > sm->arena_size ||
      sm->arena_size - addr < sizeof im->d)
    return bad_desc(sm, w, pc, lane, addr, "no descriptor there");
  struct vgpu_image_desc *d = &im->d;
  memcpy(d, sm->arena + addr, sizeof *d);
  im->layer_coord = -1;
  uint64_t layers = 1;
  switch (d->image_type) {
  case CL_MEM_OBJECT_IMAGE1D: case CL_MEM_OBJECT_IMAGE1D_BUFFER: im->dims = 1; break;
  case CL_MEM_OBJECT_IMAGE1D_ARRAY: im->dims = 1; im->layer_coord = 1; layers = d->array_size; break;
  case CL_MEM_OBJECT_IMAGE2D: im->dims = 2; break;
  case CL_MEM_OBJECT_IMAGE2D_ARRAY: im->dims = 2; im->layer_coord = 2; layers = d->array_size; break;
  case CL_MEM_OBJECT_IMAGE3D: im->dims = 3; layers = d->depth; break;
  default: return bad_desc(sm, w, pc, lane, addr, "unknown image type");
  }
  im->size[0] = d->width;
  im->size[1] = im->dims >= 2 ? d->height : 1;
  im->size[2] = im->dims >= 3 ? d->depth : 1;
  im->cls = vgpu_texel_class(d->channel_order, d->channel_data_type);
  if (im->cls == VGPU_TEXEL_NONE || d->elem_size != vgpu_texel_size(d->channel_order, d->channel_data_type))
    return bad_desc(sm, w, pc, lane, addr, "unsupported image format");
  if (!d->width || !im->size[1] || !layers || layers > UINT32_MAX)
    return bad_desc(sm, w, pc, lane, addr, "empty image");
  /* the bytes the texels span; the pitches must not let rows or slices overlap */
  uint64_t row = (uint64_t)d->width * d->elem_size;
  if (d->row_pitch < row || (im->size[1] > 1 && d->row_pitch > (UINT64_MAX >> 2) / im->size[1]))
    return bad_desc(sm, w, pc, lane, addr, "bad row pitch");
  uint64_t plane = (im->size[1] - 1) * d->row_pitch + row;
  if ((layers > 1 && d->slice_pitch < plane) || (layers > 1 && d->slice_pitch > (UINT64_MAX >> 2) / layers))
    return bad_desc(sm, w, pc, lane, addr, "bad slice pitch");
  uint64_t span = (layers - 1) * d->slice_pitch + plane;
  uint8_t *p = vgpu_mem_lane(sm, w, pc, lane, d->data, span, 0, "image access");
  if (!p) return -1;
  im->texels = p;
  im->addr = addr;
  return 0;
}

static uint8_t *texel_at(const struct image *im, const int32_t xyz[3], int64_t layer) {
  const struct vgpu_image_desc *d = &im->d;
  uint64_t slice = im->dims == 3 ? (uint64_t)xyz[2] : (uint64_t)layer;
  return im->texels + slice * d->slice_pitch + (uint64_t)xyz[1] * d->row_pitch + (uint64_t)xyz[0] * d->elem_size;
}

/* s8.3: the border colour of CLK_ADDRESS_CLAMP. */
static void border(const struct image *im, uint32_t out[4]) {
  uint32_t o = im->d.channel_order;
  int opaque = o == CL_R || o == CL_RG || o == CL_RGB || o == CL_LUMINANCE || o == CL_sRGB;
  out[0] = out[1] = out[2] = 0;
  out[3] = !opaque ? 0 : im->cls == VGPU_TEXEL_FLOAT ? 0x3f800000u : 1u;
}

/* floor(v) as an int, kept far from overflow (NaN: 0); the addressing clamps it afterwards. */
static int32_t ifloor(float v) {
  if (!(v == v)) return 0;
  float f = floorf(v);
  return f < -(float)(1 << 30) ? -(1 << 30) : f > (float)(1 << 30) ? (1 << 30) : (int32_t)f;
}

/* One coordinate of a sampled read (s8.2.1 nearest, s8.2.2 linear): texel indices i0 (and i1),
 * the linear weight frac, and whether i0/i1 lie outside [0, n) (the border, CLK_ADDRESS_CLAMP). */
struct axis { int32_t i0, i1; float frac; };
static struct axis sample_axis(float s, unsigned n, unsigned sampler, int linear) {
  unsigned am = sampler & VGPU_SAMPLER_ADDRESS_MASK;
  int normalized = sampler & VGPU_SAMPLER_NORMALIZED;
  int32_t w = (int32_t)n;
  struct axis x = {0, 0, 0.0f};
  float u;
  if (normalized && am == VGPU_SAMPLER_ADDRESS_REPEAT) {
    u = (s - floorf(s)) * (float)n;
    if (!linear) {
      x.i0 = ifloor(u);
      if (x.i0 > w - 1) x.i0 -= w;
    } else {
      x.i0 = ifloor(u - 0.5f);
      x.i1 = x.i0 + 1;
      if (x.i0 < 0) x.i0 += w;
      if (x.i1 > w - 1) x.i1 -= w;
      float t = u - 0.5f;
      x.frac = t - floorf(t);
    }
    if (x.i0 < 0 || x.i0 >= w) x.i0 = 0; /* only for NaN and infinities */
    if (x.i1 < 0 || x.i1 >= w) x.i1 = 0;
    return x;
  }
  if (normalized && am == VGPU_SAMPLER_ADDRESS_MIRRORED_REPEAT) {
    float m = 2.0f * rintf(0.5f * s);
    u = fabsf(s - m) * (float)n;
    if (!linear) {
      x.i0 = ifloor(u);
      if (x.i0 > w - 1) x.i0 = w - 1;
    } else {
      x.i0 = ifloor(u - 0.5f);
      x.i1 = x.i0 + 1;
      if (x.i0 < 0) x.i0 = 0;
      if (x.i1 > w - 1) x.i1 = w - 1;
      float t = u - 0.5f;
      x.frac = t - floorf(t);
    }
    if (x.i0 < 0 || x.i0 >= w) x.i0 = 0;
    if (x.i1 < 0 || x.i1 >= w) x.i1 = 0;
    return x;
  }
  /* NONE, CLAMP_TO_EDGE, CLAMP (REPEAT and MIRRORED_REPEAT need normalized coordinates: unnormalized
   * ones are undefined there and addressed like CLAMP_TO_EDGE) */
  u = normalized ? s * (float)n : s;
  if (!linear) {
    x.i0 = ifloor(u);
  } else {
    float t = u - 0.5f;
    x.i0 = ifloor(t);
    x.i1 = x.i0 + 1;
    x.frac = t - floorf(t);
    if (!(x.frac == x.frac) || x.frac < 0.0f || x.frac >= 1.0f) x.frac = 0.0f; /* NaN, infinities */
  }
  if (am != VGPU_SAMPLER_ADDRESS_CLAMP) { /* clamp to edge; the border stays outside for CLAMP */
    x.i0 = x.i0 < 0 ? 0 : x.i0 > w - 1 ? w - 1 : x.i0;
    x.i1 = x.i1 < 0 ? 0 : x.i1 > w - 1 ? w - 1 : x.i1;
  } else {
    x.i0 = x.i0 < -1 ? -1 : x.i0 > w ? w : x.i0;
    x.i1 = x.i1 < -1 ? -1 : x.i1 > w ? w : x.i1;
  }
  return x;
}

/* The texel at xyz as 4 channels (the border colour when outside the image). */
static void fetch(const struct image *im, const int32_t xyz[3], int64_t layer, uint32_t out[4]) {
  for (unsigned k = 0; k < im->dims; k++)
    if (xyz[k] < 0 || (uint32_t)xyz[k] >= im->size[k]) { border(im, out); return; }
  vgpu_texel_unpack(im->d.channel_order, im->d.channel_data_type, texel_at(im, xyz, layer), out);
}

/* The work of one request, for the counters: texels fetched or written, and texels weighted by
 * linear filtering. */
struct tex_work { uint64_t texels, filter_texels; };

/* One lane of IMG_READ: the colour at coordinates crd (ints or floats by mod). */
static void read_lane(const struct image *im, unsigned mod, unsigned sampler, const uint32_t crd[4],
                      uint32_t out[4], int *oob, struct tex_work *tw) {
  int64_t layer = 0;
  int32_t xyz[3] = {0, 0, 0};
  int fcoord = (mod & VIR_IMG_FCOORD) != 0;
  if (im->layer_coord >= 0) { /* s8.2: layer = clamp(rint(coordinate), 0, layers - 1) */
    int64_t lv;
    if (fcoord) {
      float f;
      memcpy(&f, &crd[im->layer_coord], 4);
      float r = rintf(f);
      lv = !(r == r) ? 0 : r < 0.0f ? 0 : r > 4294967295.0f ? UINT32_MAX : (int64_t)r;
    } else {
      lv = (int32_t)crd[im->layer_coord];
    }
    layer = lv < 0 ? 0 : lv >= im->d.array_size ? (int64_t)im->d.array_size - 1 : lv;
    if (!fcoord && lv != layer) *oob = 1;
  }
  if (!fcoord) { /* integer coordinates: unnormalized, nearest; CLAMP gives the border */
    int clamp = (sampler & VGPU_SAMPLER_ADDRESS_MASK) == VGPU_SAMPLER_ADDRESS_CLAMP;
    for (unsigned k = 0; k < im->dims; k++) {
      int32_t v = (int32_t)crd[k], n = (int32_t)im->size[k];
      if (v >= 0 && v < n) { xyz[k] = v; continue; }
      if (clamp) { border(im, out); tw->texels++; return; }
      if ((sampler & VGPU_SAMPLER_ADDRESS_MASK) == VGPU_SAMPLER_ADDRESS_NONE) *oob = 1;
      xyz[k] = v < 0 ? 0 : n - 1;
    }
    fetch(im, xyz, layer, out);
    tw->texels++;
    return;
  }
  int linear = (sampler & VGPU_SAMPLER_FILTER_LINEAR) && im->cls == VGPU_TEXEL_FLOAT;
  struct axis ax[3];
  for (unsigned k = 0; k < 3; k++) {
    float s;
    memcpy(&s, &crd[k], 4);
    ax[k] = k < im->dims ? sample_axis(s, im->size[k], sampler, linear) : (struct axis){0, 0, 0.0f};
  }
  if (!linear) {
    for (unsigned k = 0; k < 3; k++) xyz[k] = ax[k].i0;
    fetch(im, xyz, layer, out);
    tw->texels++;
    return;
  }
  /* s8.2.2: the weighted sum of 2, 4 or 8 texels, weights (1 - a) / a per axis */
  float acc[4] = {0, 0, 0, 0};
  unsigned corners = 1u << im->dims;
  for (unsigned c = 0; c < corners; c++) {
    float wgt = 1.0f;
    for (unsigned k = 0; k < im->dims; k++) {
      int hi = (c >> k) & 1;
      xyz[k] = hi ? ax[k].i1 : ax[k].i0;
      wgt *= hi ? ax[k].frac : 1.0f - ax[k].frac;
    }
    uint32_t bits[4];
    float t[4];
    fetch(im, xyz, layer, bits);
    memcpy(t, bits, 16);
    for (int ch = 0; ch < 4; ch++) acc[ch] += wgt * t[ch];
  }
  tw->texels += corners;
  tw->filter_texels += corners;
  memcpy(out, acc, 16);
}

int vgpu_texture_exec(struct vgpu_sm *sm, struct vgpu_warp *w, uint32_t pc, uint64_t mask,
                      const struct vgpu_dinsn *in, uint64_t *texels, uint64_t *filter_texels) {
  const uint64_t *R = w->regs;
  const uint64_t *A = R + in->a, *B = R + in->b, *C = R + in->c;
  const int checks = (sm->launch->observers & (1u << VGPU_OBS_CHECKS)) != 0;
  struct image im = {0};
  struct tex_work tw = {0, 0};
  if (in->op == VIR_IMG_QUERY) {
    uint64_t *D = w->regs + in->d;
    for (uint64_t m = mask; m; m &= m - 1) {
      unsigned l = (unsigned)__builtin_ctzll(m);
      if (load_image(sm, w, pc, l, A[l], &im)) return -1;
      const struct vgpu_image_desc *d = &im.d;
      switch (in->mod) {
      case VIR_IMGQ_WIDTH: D[l] = d->width; break;
      case VIR_IMGQ_HEIGHT: D[l] = im.dims >= 2 ? d->height : 0; break;
      case VIR_IMGQ_DEPTH: D[l] = im.dims >= 3 ? d->depth : 0; break;
      case VIR_IMGQ_ARRAY_SIZE: D[l] = im.layer_coord >= 0 ? d->array_size : 0; break;
      case VIR_IMGQ_CHANNEL_DATA_TYPE: D[l] = d->channel_data_type; break;
      case VIR_IMGQ_CHANNEL_ORDER: D[l] = d->channel_order; break;
      case VIR_IMGQ_NUM_MIP_LEVELS: D[l] = d->num_mip_levels; break;
      default: D[l] = d->num_samples; break;
      }
    }
    return 0;
  }
  for (uint64_t m = mask; m; m &= m - 1) {
    unsigned l = (unsigned)__builtin_ctzll(m);
    if (load_image(sm, w, pc, l, A[l], &im)) return -1;
    uint8_t *blk = vgpu_mem_lane(sm, w, pc, l, C[l], VIR_IMG_BLOCK, in->op == VIR_IMG_READ, "image request");
    if (!blk) return -1;
    uint32_t crd[4], col[4];
    memcpy(crd, blk, 16);
    int oob = 0;
    if (in->op == VIR_IMG_READ) {
      read_lane(&im, in->mod, (unsigned)B[l], crd, col, &oob, &tw);
      memcpy(blk + 16, col, 16);
      if (oob && checks)
        vgpu_finding_raise(sm, w, (int)l, pc, "image read at (%d, %d, %d) outside the %ux%ux%u image (x%u layers) "
                           "without a sampler (CLK_ADDRESS_NONE): undefined; the edge texel was read",
                           (int32_t)crd[0], (int32_t)crd[1], (int32_t)crd[2], im.size[0], im.size[1], im.size[2],
                           im.layer_coord >= 0 ? im.d.array_size : 1);
      continue;
    }
    /* IMG_WRITE: integer coordinates inside the image, else nothing is written */
    int32_t xyz[3] = {0, 0, 0};
    int64_t layer = 0;
    for (unsigned k = 0; k < im.dims; k++) {
      xyz[k] = (int32_t)crd[k];
      if (xyz[k] < 0 || (uint32_t)xyz[k] >= im.size[k]) oob = 1;
    }
    if (im.layer_coord >= 0) {
      layer = (int32_t)crd[im.layer_coord];
      if (layer < 0 || layer >= im.d.array_size) oob = 1;
    }
    if (oob) {
      if (checks)
        vgpu_finding_raise(sm, w, (int)l, pc, "image write at (%d, %d, %d) outside the %ux%ux%u image (x%u layers): "
                           "undefined; nothing was written",
                           (int32_t)crd[0], (int32_t)crd[1], (int32_t)crd[2], im.size[0], im.size[1], im.size[2],
                           im.layer_coord >= 0 ? im.d.array_size : 1);
      continue;
    }
    memcpy(col, blk + 16, 16);
    vgpu_texel_pack(im.d.channel_order, im.d.channel_data_type, col, texel_at(&im, xyz, layer));
    tw.texels++;
  }
  *texels = tw.texels;
  *filter_texels = tw.filter_texels;
  return 0;
}
