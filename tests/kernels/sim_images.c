/* sim_images.c - the image builtins compiled by the real compiler and run by the texture unit of
 * the SM processes on image descriptors this test lays out in the arena itself (the layout of
 * include/vgpu/image_desc.h): every addressing mode with normalized and unnormalized coordinates,
 * nearest and linear filtering on 1D, 1D array, 2D, 2D array and 3D images, integer coordinates
 * with a sampler, a sampler declared in the program, samplerless reads and writes with
 * format conversion (UNORM_INT8, UNSIGNED_INT16 and SIGNED_INT8 saturation), the get_image_*
 * queries, and out-of-range samplerless accesses (clamped reads, dropped writes, VGPU_CHECKS
 * findings).  Every result is checked against a reference sampler written here from OpenCL 3.0
 * s8.2, on CL_FLOAT images so that the texel values themselves need no conversion. */
#include <CL/cl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "tests/kernels/simlib.h"
#include "vgpu/image_desc.h"

/* The sampler_t bits of OpenCL C (the CLK_* values of Clang's opencl-c-base.h). */
enum { CLK_NORMALIZED_COORDS_TRUE = 1, CLK_ADDRESS_NONE = 0, CLK_ADDRESS_CLAMP_TO_EDGE = 2, CLK_ADDRESS_CLAMP = 4,
       CLK_ADDRESS_REPEAT = 6, CLK_ADDRESS_MIRRORED_REPEAT = 8, CLK_FILTER_NEAREST = 0x10, CLK_FILTER_LINEAR = 0x20 };

static const char *source =
  "#define GID get_global_id(0)\n"
  "__kernel void s1(read_only image1d_t m, sampler_t s, __global const float *c, __global float4 *o) { o[GID] = read_imagef(m, s, c[GID]); }\n"
  "__kernel void s1a(read_only image1d_array_t m, sampler_t s, __global const float2 *c, __global float4 *o) { o[GID] = read_imagef(m, s, c[GID]); }\n"
  "__kernel void s2(read_only image2d_t m, sampler_t s, __global const float2 *c, __global float4 *o) { o[GID] = read_imagef(m, s, c[GID]); }\n"
  "__kernel void s2a(read_only image2d_array_t m, sampler_t s, __global const float4 *c, __global float4 *o) { o[GID] = read_imagef(m, s, c[GID]); }\n"
  "__kernel void s3(read_only image3d_t m, sampler_t s, __global const float4 *c, __global float4 *o) { o[GID] = read_imagef(m, s, c[GID]); }\n"
  "__kernel void s2i(read_only image2d_t m, sampler_t s, __global const int2 *c, __global float4 *o) { o[GID] = read_imagef(m, s, c[GID]); }\n"
  "const sampler_t ks = CLK_NORMALIZED_COORDS_TRUE | CLK_ADDRESS_MIRRORED_REPEAT | CLK_FILTER_LINEAR;\n"
  "__kernel void s2k(read_only image2d_t m, __global const float2 *c, __global float4 *o) { o[GID] = read_imagef(m, ks, c[GID]); }\n"
  "__kernel void copy8(read_only image2d_t a, write_only image2d_t b, __global float4 *o) {\n"
  "  int2 p = (int2)(get_global_id(0), get_global_id(1));\n"
  "  float4 v = read_imagef(a, p);\n"
  "  o[p.y * get_global_size(0) + p.x] = v;\n"
  "  write_imagef(b, p, v.wzyx);\n"
  "}\n"
  "__kernel void ints(read_only image2d_t a, write_only image2d_t b, read_only image1d_t c, write_only image1d_t d) {\n"
  "  int2 p = (int2)(get_global_id(0), get_global_id(1));\n"
  "  write_imageui(b, p, read_imageui(a, p) * 3u + 1u);\n"
  "  if (p.y == 0) write_imagei(d, p.x, read_imagei(c, p.x) * -300 + (int4)(0, 1, 2, 3));\n"
  "}\n"
  "__kernel void query(read_only image1d_t a, read_only image1d_array_t b, read_only image2d_t c,\n"
  "                    read_only image2d_array_t d, read_only image3d_t e, read_only image1d_buffer_t f, __global int *o) {\n"
  "  o[0] = get_image_width(a); o[1] = get_image_width(b); o[2] = (int)get_image_array_size(b);\n"
  "  o[3] = get_image_width(c); o[4] = get_image_height(c); int2 dc = get_image_dim(c); o[5] = dc.x; o[6] = dc.y;\n"
  "  o[7] = get_image_height(d); o[8] = (int)get_image_array_size(d); int2 dd = get_image_dim(d); o[9] = dd.x;\n"
  "  o[10] = get_image_depth(e); int4 de = get_image_dim(e); o[11] = de.x; o[12] = de.y; o[13] = de.z; o[14] = de.w;\n"
  "  o[15] = get_image_width(f); o[16] = get_image_channel_order(c); o[17] = get_image_channel_data_type(c);\n"
  "  o[18] = get_image_channel_order(f); o[19] = get_image_channel_data_type(f);\n"
  "}\n"
  "__kernel void oob(read_only image2d_t a, write_only image2d_t b, __global float4 *o) {\n"
  "  int i = GID;\n"
  "  o[i] = read_imagef(a, (int2)(i - 2, i * 1000 - 1000));\n"
  "  write_imagef(b, (int2)(i - 2, i == 3 ? 7 : 0), (float4)(1.0f));\n"
  "}\n";

static void *blob;
static size_t blob_size;

struct img {
  uint64_t desc, data;
  struct vgpu_image_desc d;
};

static struct img make_image(struct simdev *dev, uint32_t type, uint32_t order, uint32_t dtype, uint32_t elem,
                             uint32_t w, uint32_t h, uint32_t depth, uint32_t layers) {
  struct img m;
  memset(&m, 0, sizeof m);
  uint64_t planes = type == CL_MEM_OBJECT_IMAGE3D ? depth : layers;
  m.d.row_pitch = (uint64_t)w * elem;
  m.d.slice_pitch = m.d.row_pitch * h;
  m.data = sim_alloc(dev, m.d.slice_pitch * planes);
  m.d.data = m.data;
  m.d.width = w;
  m.d.height = h;
  m.d.depth = depth;
  m.d.array_size = layers;
  m.d.image_type = type;
  m.d.channel_order = order;
  m.d.channel_data_type = dtype;
  m.d.elem_size = elem;
  m.desc = sim_alloc(dev, sizeof m.d);
  memcpy(sim_ptr(dev, m.desc), &m.d, sizeof m.d);
  return m;
}

/* ---- the reference: OpenCL 3.0 s8.2, one axis at a time ----------------------------------- */
struct ref_axis { int i0, i1; float a; };
static struct ref_axis ref_address(float s, int n, unsigned smp, int linear) {
  unsigned am = smp & 0xe;
  int norm = smp & 1;
  struct ref_axis r = {0, 0, 0};
  if (norm && am == CLK_ADDRESS_REPEAT) {
    float u = (s - floorf(s)) * n;
    if (!linear) { r.i0 = (int)floorf(u); if (r.i0 > n - 1) r.i0 = r.i0 - n; return r; }
    r.i0 = (int)floorf(u - 0.5f); r.i1 = r.i0 + 1;
    if (r.i0 < 0) r.i0 += n;
    if (r.i1 > n - 1) r.i1 -= n;
    r.a = (u - 0.5f) - floorf(u - 0.5f);
    return r;
  }
  if (norm && am == CLK_ADDRESS_MIRRORED_REPEAT) {
    float sp = fabsf(s - 2.0f * rintf(0.5f * s)), u = sp * n;
    if (!linear) { r.i0 = (int)floorf(u); if (r.i0 > n - 1) r.i0 = n - 1; return r; }
    r.i0 = (int)floorf(u - 0.5f); r.i1 = r.i0 + 1;
    if (r.i0 < 0) r.i0 = 0;
    if (r.i1 > n - 1) r.i1 = n - 1;
    r.a = (u - 0.5f) - floorf(u - 0.5f);
    return r;
  }
  float u = norm ? s * n : s;
  if (!linear) r.i0 = (int)floorf(u);
  else { r.i0 = (int)floorf(u - 0.5f); r.i1 = r.i0 + 1; r.a = (u - 0.5f) - floorf(u - 0.5f); }
  if (am == CLK_ADDRESS_CLAMP_TO_EDGE || am == CLK_ADDRESS_NONE) {
    r.i0 = r.i0 < 0 ? 0 : r.i0 >= n ? n - 1 : r.i0;
    r.i1 = r.i1 < 0 ? 0 : r.i1 >= n ? n - 1 : r.i1;
  }
  return r; /* CLK_ADDRESS_CLAMP: outside [0, n) is the border colour */
}

/* texel (x, y, z) of an RGBA FLOAT image in host memory (plane: the layer, or z for 3D);
 * (0,0,0,0) outside (the border colour of RGBA) */
static void ref_texel(const float *t, const int n[3], int dims, const int xyz[3], int plane, float out[4]) {
  if (dims == 3) plane = xyz[2];
  for (int k = 0; k < dims; k++)
    if (xyz[k] < 0 || xyz[k] >= n[k]) { out[0] = out[1] = out[2] = out[3] = 0; return; }
  size_t idx = (((size_t)plane * n[1] + (size_t)xyz[1]) * n[0] + (size_t)xyz[0]) * 4;
  memcpy(out, t + idx, 16);
}

static void ref_sample(const float *t, const int n[3], int dims, int layers, int layer_coord, unsigned smp,
                       const float *crd, float out[4]) {
  int plane = 0;
  if (layer_coord >= 0) {
    float r = rintf(crd[layer_coord]);
    plane = r < 0 ? 0 : r > layers - 1 ? layers - 1 : (int)r;
  }
  int linear = (smp & 0x30) == CLK_FILTER_LINEAR;
  struct ref_axis ax[3] = {{0, 0, 0}, {0, 0, 0}, {0, 0, 0}};
  for (int k = 0; k < dims; k++) ax[k] = ref_address(crd[k], n[k], smp, linear);
  if (!linear) {
    int xyz[3] = {ax[0].i0, ax[1].i0, ax[2].i0};
    ref_texel(t, n, dims, xyz, plane, out);
    return;
  }
  out[0] = out[1] = out[2] = out[3] = 0;
  for (int c = 0; c < (1 << dims); c++) {
    float w = 1, v[4];
    int xyz[3] = {0, 0, 0};
    for (int k = 0; k < dims; k++) {
      int hi = (c >> k) & 1;
      xyz[k] = hi ? ax[k].i1 : ax[k].i0;
      w *= hi ? ax[k].a : 1 - ax[k].a;
    }
    ref_texel(t, n, dims, xyz, plane, v);
    for (int ch = 0; ch < 4; ch++) out[ch] += w * v[ch];
  }
}

static int close_to(float got, float want) { return fabsf(got - want) <= 2e-6f + 1e-5f * fabsf(want); }

static float frand(unsigned *seed, float lo, float hi) {
  *seed = *seed * 1103515245u + 12345u;
  return lo + (hi - lo) * (float)((*seed >> 8) & 0xffff) / 65536.0f;
}

static struct vgpu_launch *go(struct simdev *d, const char *name, struct simlaunch *l) {
  l->kernel = sim_kernel(blob, name);
  struct vgpu_launch *rec;
  int st = sim_run(d, blob, blob_size, l, &rec);
  if (!CHECK(st == VGPU_LAUNCH_OK)) printf("%s: status %d: %s\n", name, st, rec->fault.message);
  return rec;
}

/* Samples image m (RGBA FLOAT, texels t) with every sampler through kernel `kern`, ncoord
 * coordinates per lookup of which `dims` address texels (and one the layer). */
static void sample_all(struct simdev *d, const char *kern, struct img *m, const float *t, int dims, int layer_coord,
                       unsigned ncoord, unsigned stride) {
  const int N = 256;
  int n[3] = {(int)m->d.width, (int)m->d.height, (int)m->d.depth};
  uint64_t cbuf = sim_alloc(d, (uint64_t)N * stride * 4), obuf = sim_alloc(d, (uint64_t)N * 16);
  float *crd = sim_ptr(d, cbuf), *out = sim_ptr(d, obuf);
  static const unsigned modes[] = {CLK_ADDRESS_NONE, CLK_ADDRESS_CLAMP_TO_EDGE, CLK_ADDRESS_CLAMP, CLK_ADDRESS_REPEAT,
                                   CLK_ADDRESS_MIRRORED_REPEAT};
  unsigned seed = 12345;
  for (int norm = 0; norm < 2; norm++)
    for (unsigned mi = 0; mi < 5; mi++)
      for (int lin = 0; lin < 2; lin++) {
        if (!norm && mi >= 3) continue; /* repeat modes need normalized coordinates */
        unsigned smp = (norm ? CLK_NORMALIZED_COORDS_TRUE : 0) | modes[mi] | (lin ? CLK_FILTER_LINEAR : CLK_FILTER_NEAREST);
        for (int i = 0; i < N; i++)
          for (unsigned k = 0; k < stride; k++) {
            float lo = -0.6f, hi = 1.6f;
            if (modes[mi] == CLK_ADDRESS_NONE) { lo = 0.05f; hi = 0.95f; } /* inside: NONE promises it */
            if ((int)k == layer_coord) crd[i * stride + k] = frand(&seed, -1.4f, (float)m->d.array_size + 0.4f);
            else if ((int)k < dims) {
              float v = frand(&seed, lo, hi);
              if (i % 7 == 0) v = (float)((i / 7) % (n[k] + 1)) / (float)n[k]; /* exact texel edges */
              crd[i * stride + k] = norm ? v : v * (float)n[k];
            } else crd[i * stride + k] = 0;
          }
        struct simlaunch l = {.work_dim = 1, .global = {N}, .local = {64}};
        sim_arg_buf(&l, m->desc);
        sim_arg_buf(&l, smp);
        sim_arg_buf(&l, cbuf);
        sim_arg_buf(&l, obuf);
        go(d, kern, &l);
        int bad = 0;
        for (int i = 0; i < N && bad < 3; i++) {
          float want[4];
          ref_sample(t, n, dims, (int)m->d.array_size, layer_coord, smp, crd + i * stride, want);
          for (int ch = 0; ch < 4; ch++)
            if (!close_to(out[i * 4 + ch], want[ch])) {
              bad++;
              printf("%s sampler %#x coord (%g, %g, %g) channel %d: %.8g, want %.8g\n", kern, smp, crd[i * stride],
                     ncoord > 1 ? crd[i * stride + 1] : 0.0f, ncoord > 2 ? crd[i * stride + 2] : 0.0f, ch,
                     out[i * 4 + ch], want[ch]);
              break;
            }
        }
        CHECK(bad == 0);
      }
}

static float *fill_float(struct simdev *d, struct img *m, size_t texels, unsigned seed) {
  float *t = sim_ptr(d, m->data);
  for (size_t i = 0; i < texels * 4; i++) t[i] = frand(&seed, -2.0f, 2.0f);
  return t;
}

int main(void) {
  blob = sim_compile(source, "", &blob_size);
  struct simdev d;
  sim_open(&d, 64, 2, 32, 20);

  /* sampling, every sampler, every image type (RGBA FLOAT) */
  struct img i1 = make_image(&d, CL_MEM_OBJECT_IMAGE1D, CL_RGBA, CL_FLOAT, 16, 9, 1, 1, 1);
  sample_all(&d, "s1", &i1, fill_float(&d, &i1, 9, 1), 1, -1, 1, 1);
  struct img i1a = make_image(&d, CL_MEM_OBJECT_IMAGE1D_ARRAY, CL_RGBA, CL_FLOAT, 16, 6, 1, 1, 4);
  sample_all(&d, "s1a", &i1a, fill_float(&d, &i1a, 24, 2), 1, 1, 2, 2);
  struct img i2 = make_image(&d, CL_MEM_OBJECT_IMAGE2D, CL_RGBA, CL_FLOAT, 16, 7, 5, 1, 1);
  float *t2 = fill_float(&d, &i2, 35, 3);
  sample_all(&d, "s2", &i2, t2, 2, -1, 2, 2);
  struct img i2a = make_image(&d, CL_MEM_OBJECT_IMAGE2D_ARRAY, CL_RGBA, CL_FLOAT, 16, 5, 4, 1, 3);
  sample_all(&d, "s2a", &i2a, fill_float(&d, &i2a, 60, 4), 2, 2, 3, 4);
  struct img i3 = make_image(&d, CL_MEM_OBJECT_IMAGE3D, CL_RGBA, CL_FLOAT, 16, 4, 3, 5, 1);
  sample_all(&d, "s3", &i3, fill_float(&d, &i3, 60, 5), 3, -1, 3, 4);

  /* the texture counters: one request per warp; nearest fetches one texel a lane, 2D linear four
   * (all weighted by the filter); a write one texel a lane */
  {
    const int N = 256;
    uint64_t cbuf = sim_alloc(&d, N * 8), obuf = sim_alloc(&d, N * 16);
    float *c = sim_ptr(&d, cbuf);
    for (int i = 0; i < 2 * N; i++) c[i] = (float)(i % 5);
    for (int lin = 0; lin < 2; lin++) {
      struct simlaunch l = {.work_dim = 1, .global = {N}, .local = {64}, .counters = 1};
      sim_arg_buf(&l, i2.desc); sim_arg_buf(&l, CLK_ADDRESS_CLAMP | (lin ? CLK_FILTER_LINEAR : CLK_FILTER_NEAREST));
      sim_arg_buf(&l, cbuf); sim_arg_buf(&l, obuf);
      struct vgpu_counters k = sim_counters(go(&d, "s2", &l));
      if (!CHECK(k.image_reads == N / 32 && k.image_writes == 0 && k.image_texels == (uint64_t)N * (lin ? 4 : 1) &&
                 k.image_filter_texels == (lin ? (uint64_t)N * 4 : 0)))
        printf("counters: %llu reads %llu writes %llu texels %llu filtered\n", (unsigned long long)k.image_reads,
               (unsigned long long)k.image_writes, (unsigned long long)k.image_texels, (unsigned long long)k.image_filter_texels);
    }
  }

  /* integer coordinates with a sampler (unnormalized, nearest): CLAMP gives the border outside */
  {
    const int N = 64;
    uint64_t cbuf = sim_alloc(&d, N * 8), obuf = sim_alloc(&d, N * 16);
    int32_t *c = sim_ptr(&d, cbuf);
    float *o = sim_ptr(&d, obuf);
    for (int i = 0; i < N; i++) { c[2 * i] = i % 11 - 2; c[2 * i + 1] = i / 11 - 1; }
    unsigned modes[2] = {CLK_ADDRESS_CLAMP_TO_EDGE, CLK_ADDRESS_CLAMP};
    for (int mi = 0; mi < 2; mi++) {
      struct simlaunch l = {.work_dim = 1, .global = {N}, .local = {32}};
      sim_arg_buf(&l, i2.desc); sim_arg_buf(&l, modes[mi] | CLK_FILTER_NEAREST); sim_arg_buf(&l, cbuf); sim_arg_buf(&l, obuf);
      go(&d, "s2i", &l);
      int n[3] = {7, 5, 1}, bad = 0;
      for (int i = 0; i < N; i++) {
        int xyz[3] = {c[2 * i], c[2 * i + 1], 0};
        if (mi == 0) for (int k = 0; k < 2; k++) xyz[k] = xyz[k] < 0 ? 0 : xyz[k] >= n[k] ? n[k] - 1 : xyz[k];
        float want[4];
        ref_texel(t2, n, 2, xyz, 0, want);
        for (int ch = 0; ch < 4; ch++) bad += o[4 * i + ch] != want[ch];
      }
      CHECK(bad == 0);
    }
  }

  /* a sampler declared in the program: normalized, mirrored repeat, linear */
  {
    const int N = 128;
    uint64_t cbuf = sim_alloc(&d, N * 8), obuf = sim_alloc(&d, N * 16);
    float *c = sim_ptr(&d, cbuf), *o = sim_ptr(&d, obuf);
    unsigned seed = 99;
    for (int i = 0; i < 2 * N; i++) c[i] = frand(&seed, -2.5f, 2.5f);
    struct simlaunch l = {.work_dim = 1, .global = {N}, .local = {32}};
    sim_arg_buf(&l, i2.desc); sim_arg_buf(&l, cbuf); sim_arg_buf(&l, obuf);
    go(&d, "s2k", &l);
    int n[3] = {7, 5, 1}, bad = 0;
    for (int i = 0; i < N; i++) {
      float want[4];
      ref_sample(t2, n, 2, 1, -1, CLK_NORMALIZED_COORDS_TRUE | CLK_ADDRESS_MIRRORED_REPEAT | CLK_FILTER_LINEAR, c + 2 * i, want);
      for (int ch = 0; ch < 4; ch++) bad += !close_to(o[4 * i + ch], want[ch]);
    }
    CHECK(bad == 0);
  }

  /* samplerless read and write with UNORM_INT8 conversion: read c / 255, write RTE of v * 255 */
  {
    struct img a = make_image(&d, CL_MEM_OBJECT_IMAGE2D, CL_BGRA, CL_UNORM_INT8, 4, 16, 8, 1, 1);
    struct img b = make_image(&d, CL_MEM_OBJECT_IMAGE2D, CL_RGBA, CL_UNORM_INT8, 4, 16, 8, 1, 1);
    uint8_t *ta = sim_ptr(&d, a.data), *tb = sim_ptr(&d, b.data);
    for (int i = 0; i < 16 * 8 * 4; i++) ta[i] = (uint8_t)(i * 37 + 11);
    uint64_t obuf = sim_alloc(&d, 16 * 8 * 16);
    float *o = sim_ptr(&d, obuf);
    struct simlaunch l = {.work_dim = 2, .global = {16, 8}, .local = {16, 2}};
    sim_arg_buf(&l, a.desc); sim_arg_buf(&l, b.desc); sim_arg_buf(&l, obuf);
    go(&d, "copy8", &l);
    int bad = 0;
    for (int p = 0; p < 16 * 8; p++) {
      const uint8_t *s = ta + 4 * p; /* BGRA: memory b, g, r, a */
      float want[4] = {s[2] / 255.0f, s[1] / 255.0f, s[0] / 255.0f, s[3] / 255.0f};
      for (int ch = 0; ch < 4; ch++) bad += o[4 * p + ch] != want[ch];
      for (int ch = 0; ch < 4; ch++) bad += tb[4 * p + ch] != (uint8_t)lrintf(want[3 - ch] * 255.0f); /* .wzyx */
    }
    CHECK(bad == 0);
  }

  /* write_imageui saturates to UNSIGNED_INT16, write_imagei to SIGNED_INT8; missing channels */
  {
    struct img a = make_image(&d, CL_MEM_OBJECT_IMAGE2D, CL_RG, CL_UNSIGNED_INT16, 4, 8, 4, 1, 1);
    struct img b = make_image(&d, CL_MEM_OBJECT_IMAGE2D, CL_RGBA, CL_UNSIGNED_INT16, 8, 8, 4, 1, 1);
    struct img c = make_image(&d, CL_MEM_OBJECT_IMAGE1D, CL_R, CL_SIGNED_INT8, 1, 8, 1, 1, 1);
    struct img e = make_image(&d, CL_MEM_OBJECT_IMAGE1D, CL_RGBA, CL_SIGNED_INT8, 4, 8, 1, 1, 1);
    uint16_t *ta = sim_ptr(&d, a.data), *tb = sim_ptr(&d, b.data);
    int8_t *tc = sim_ptr(&d, c.data), *te = sim_ptr(&d, e.data);
    for (int i = 0; i < 64; i++) ta[i] = (uint16_t)(i * 1500);
    for (int i = 0; i < 8; i++) tc[i] = (int8_t)(i - 4);
    struct simlaunch l = {.work_dim = 2, .global = {8, 4}, .local = {8, 1}};
    sim_arg_buf(&l, a.desc); sim_arg_buf(&l, b.desc); sim_arg_buf(&l, c.desc); sim_arg_buf(&l, e.desc);
    go(&d, "ints", &l);
    int bad = 0;
    for (int p = 0; p < 32; p++) {
      uint32_t in[4] = {ta[2 * p], ta[2 * p + 1], 0, 1};
      for (int ch = 0; ch < 4; ch++) {
        uint32_t v = in[ch] * 3 + 1;
        bad += tb[4 * p + ch] != (v > 65535 ? 65535 : v);
      }
    }
    for (int x = 0; x < 8; x++) {
      int in[4] = {tc[x], 0, 0, 1};
      for (int ch = 0; ch < 4; ch++) {
        int v = in[ch] * -300 + ch;
        bad += te[4 * x + ch] != (v < -128 ? -128 : v > 127 ? 127 : v);
      }
    }
    CHECK(bad == 0);
  }

  /* queries */
  {
    struct img buf1 = make_image(&d, CL_MEM_OBJECT_IMAGE1D_BUFFER, CL_R, CL_SIGNED_INT32, 4, 33, 1, 1, 1);
    uint64_t obuf = sim_alloc(&d, 20 * 4);
    int32_t *o = sim_ptr(&d, obuf);
    struct simlaunch l = {.work_dim = 1, .global = {1}, .local = {1}};
    sim_arg_buf(&l, i1.desc); sim_arg_buf(&l, i1a.desc); sim_arg_buf(&l, i2.desc); sim_arg_buf(&l, i2a.desc);
    sim_arg_buf(&l, i3.desc); sim_arg_buf(&l, buf1.desc); sim_arg_buf(&l, obuf);
    go(&d, "query", &l);
    int32_t want[20] = {9, 6, 4, 7, 5, 7, 5, 4, 3, 5, 5, 4, 3, 5, 0, 33, CL_RGBA, CL_FLOAT, CL_R, CL_SIGNED_INT32};
    for (int i = 0; i < 20; i++)
      if (!CHECK(o[i] == want[i])) printf("query %d: %d, want %d\n", i, o[i], want[i]);
  }

  /* out of range without a sampler: reads clamp to the edge, writes outside are dropped, nothing
   * outside the image changes; with VGPU_CHECKS (the checks observer) each is a finding */
  for (int checks = 0; checks < 2; checks++) {
    struct img a = make_image(&d, CL_MEM_OBJECT_IMAGE2D, CL_RGBA, CL_FLOAT, 16, 4, 2, 1, 1);
    uint64_t guard = sim_alloc(&d, 4 * 2 * 4 + 64); /* the write target with room around it */
    uint8_t *g = sim_ptr(&d, guard);
    memset(g, 0x5a, 4 * 2 * 4 + 64);
    struct img b = a;
    b.d.data = guard + 32;
    b.d.channel_data_type = CL_UNORM_INT8;
    b.d.elem_size = 4;
    b.d.row_pitch = 16;
    b.d.slice_pitch = 32;
    b.desc = sim_alloc(&d, 64);
    memcpy(sim_ptr(&d, b.desc), &b.d, 64);
    float *ta = fill_float(&d, &a, 8, 7);
    uint64_t obuf = sim_alloc(&d, 8 * 16);
    float *o = sim_ptr(&d, obuf);
    struct simlaunch l = {.work_dim = 1, .global = {8}, .local = {8}};
    if (checks) l.observers = 1u << VGPU_OBS_CHECKS;
    sim_arg_buf(&l, a.desc); sim_arg_buf(&l, b.desc); sim_arg_buf(&l, obuf);
    struct vgpu_launch *rec = go(&d, "oob", &l);
    int bad = 0;
    for (int i = 0; i < 8; i++) {
      int x = i - 2, y = i * 1000 - 1000;
      x = x < 0 ? 0 : x > 3 ? 3 : x;
      y = y < 0 ? 0 : y > 1 ? 1 : y;
      for (int ch = 0; ch < 4; ch++) bad += o[4 * i + ch] != ta[(y * 4 + x) * 4 + ch];
    }
    for (int i = 0; i < 32; i++) bad += g[i] != 0x5a || g[32 + 32 + i] != 0x5a; /* around the image */
    for (int x = 0; x < 4; x++) bad += g[32 + 4 * x] != (x == 1 ? 0x5a : 255); /* (1, 7) is outside: dropped */
    for (int x = 0; x < 4; x++) bad += g[32 + 16 + 4 * x] != 0x5a;             /* row 1 never written */
    CHECK(bad == 0);
    /* reads outside: lanes 0, 1 (x < 0), 2..7 with y outside except lane 1 (y 0); writes: lanes 0, 1,
     * 6, 7 (x outside) and 3 (y 7) */
    if (checks) {
      if (!CHECK(rec->nfindings > 0)) printf("no findings\n");
      else CHECK(strstr(rec->finding.message, "image") != NULL);
    } else {
      CHECK(rec->nfindings == 0);
    }
  }

  free(blob);
  sim_close(&d);
  return vt_finish();
}
