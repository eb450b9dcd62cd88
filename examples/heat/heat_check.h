/* heat_check.h - the CPU reference of the heat examples (heat, mpi_heat): the explicit step of
 * heat.cl with the same arithmetic in the same order, run from the same start, and compared with
 * what the devices computed. */
#ifndef HEAT_CHECK_H
#define HEAT_CHECK_H
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* plate and start: h + 2 rows of w floats (the first and last rows are fixed boundaries).
 * Returns how many interior cells differ by more than 1e-3, printing the first five. */
static size_t heat_check(const float *plate, const float *start, unsigned w, unsigned h, unsigned steps, float alpha) {
  size_t bytes = (size_t)(h + 2) * w * sizeof(float);
  float *ref = malloc(bytes), *tmp = malloc(bytes);
  if (!ref || !tmp) {
    free(ref);
    free(tmp);
    printf("out of host memory for the CPU reference\n");
    return 1;
  }
  memcpy(ref, start, bytes);
  for (unsigned s = 0; s < steps; s++) {
    memcpy(tmp, ref, bytes);
    for (unsigned y = 1; y <= h; y++)
      for (unsigned x = 1; x + 1 < w; x++) {
        size_t i = (size_t)y * w + x;
        tmp[i] = ref[i] + alpha * (ref[i - w] + ref[i + w] + ref[i - 1] + ref[i + 1] - 4.0f * ref[i]);
      }
    float *t = ref;
    ref = tmp;
    tmp = t;
  }
  size_t bad = 0;
  for (size_t i = w; i < (size_t)(h + 1) * w; i++)
    if (fabsf(plate[i] - ref[i]) > 1e-3f && bad++ < 5) printf("  cell %zu: %g, expected %g\n", i, plate[i], ref[i]);
  if (bad) printf("%zu cells wrong\n", bad);
  free(ref);
  free(tmp);
  return bad;
}
#endif
