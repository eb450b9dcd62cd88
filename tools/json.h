/* json.h - a small JSON reader (RFC 8259) for the files VirtualGPU writes (VGPU_PROFILE): the whole
 * text becomes a tree of nodes; integers up to 2^64 - 1 are kept exact. */
#ifndef VGPU_TOOLS_JSON_H
#define VGPU_TOOLS_JSON_H
#include <stddef.h>
#include <stdint.h>

enum json_type { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT };

struct json {
  enum json_type type;
  char *key;            /* member name, inside an object */
  char *str;            /* STRING: the decoded text (UTF-8, NUL-terminated) */
  double num;           /* NUMBER (BOOL: 0 or 1) */
  uint64_t u64;         /* NUMBER: exact when it is a non-negative integer */
  struct json *child;   /* ARRAY, OBJECT: first element or member */
  struct json *next;    /* the next sibling */
};

/* Parses text; NULL with a message (line number included) in err on malformed input. */
struct json *json_parse(const char *text, char *err, size_t err_len);
void json_free(struct json *j);
/* The member `key` of an object (NULL when absent or j is not an object). */
const struct json *json_get(const struct json *j, const char *key);
/* Member as an unsigned integer / string, with a default when absent or of another type. */
uint64_t json_u64(const struct json *j, const char *key, uint64_t dflt);
const char *json_str(const struct json *j, const char *key, const char *dflt);
/* Reads a whole file (malloc'd, NUL-terminated); NULL on error (errno set). */
char *json_read_file(const char *path);
#endif
