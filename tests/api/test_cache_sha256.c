/* test_cache_sha256.c - the compile cache's SHA-256 against the FIPS 180-4 examples and against
 * sha256sum on a large input, fed in uneven pieces. */
#include "testlib.h"
#include "runtime/sha256.c"

static void hex(const uint8_t d[32], char out[65]) {
  for (int i = 0; i < 32; i++) snprintf(out + 2 * i, 3, "%02x", d[i]);
}

static void check_digest(const void *data, size_t len, size_t piece, const char *expected) {
  struct vgpu_sha256 s;
  uint8_t d[32];
  char h[65];
  vgpu_sha256_init(&s);
  for (size_t off = 0; off < len; off += piece) vgpu_sha256_update(&s, (const uint8_t *)data + off, len - off < piece ? len - off : piece);
  vgpu_sha256_final(&s, d);
  hex(d, h);
  if (!CHECK(!strcmp(h, expected))) fprintf(stderr, "  got %s\n  expected %s\n", h, expected);
}

int main(void) {
  check_digest("", 0, 1, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  check_digest("abc", 3, 1, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  check_digest(two, strlen(two), 7, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  /* One million 'a' (FIPS 180-2 appendix B.3), in pieces that straddle blocks. */
  char *a = malloc(1000000);
  memset(a, 'a', 1000000);
  check_digest(a, 1000000, 1000, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  check_digest(a, 1000000, 63, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  free(a);
  /* Length-prefixed fields keep field boundaries apart. */
  struct vgpu_sha256 s1, s2;
  uint8_t d1[32], d2[32];
  vgpu_sha256_init(&s1); vgpu_sha256_field(&s1, "ab", 2); vgpu_sha256_field(&s1, "c", 1); vgpu_sha256_final(&s1, d1);
  vgpu_sha256_init(&s2); vgpu_sha256_field(&s2, "a", 1); vgpu_sha256_field(&s2, "bc", 2); vgpu_sha256_final(&s2, d2);
  CHECK(memcmp(d1, d2, 32) != 0);
  return vt_finish();
}
