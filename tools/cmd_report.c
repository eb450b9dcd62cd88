/* cmd_report.c - `vgpu report FILE.json... [-o report.html]`: one self-contained HTML page from
 * VGPU_PROFILE and VGPU_TIMELINE files.  The page fetches nothing (its Content-Security-Policy
 * forbids it): the inputs are embedded as JSON data blocks, the script and style that draw them
 * (tools/report/report.js, report.css, written for this page, no libraries) are inlined.
 * Each input is checked as JSON first and recognised by its top-level key: "launches" (a profile,
 * docs/profile.md) or "traceEvents" (a timeline, docs/timeline.md). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tools/commands.h"
#include "tools/json_check.h"

extern const char vgpu_report_css[], vgpu_report_js[];

struct input {
  const char *path;
  char *text;
  size_t len;
  const char *kind; /* "profile" or "timeline" */
};

static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap);
  while (buf) {
    n += fread(buf + n, 1, cap - n, f);
    if (n < cap) break;
    char *p = realloc(buf, cap * 2);
    if (!p) {
      free(buf);
      buf = NULL;
      break;
    }
    buf = p;
    cap *= 2;
  }
  int bad = ferror(f);
  fclose(f);
  if (bad) {
    free(buf);
    return NULL;
  }
  *len = n;
  return buf;
}

static void top_key(const char *name, size_t n, void *user) {
  struct input *in = user;
  if (n == 8 && !memcmp(name, "launches", 8)) in->kind = "profile";
  else if (n == 11 && !memcmp(name, "traceEvents", 11)) in->kind = "timeline";
}

/* Text inside <script> and attribute values: nothing may end the element early. */
static void put_escaped_json(FILE *f, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '<' && i + 1 < n && s[i + 1] == '/') fputs("<\\", f);          /* "</" -> "<\/" */
    else if (s[i] == '<' && i + 3 < n && !memcmp(s + i, "<!--", 4)) fputs("\\u003c", f);
    else fputc(s[i], f);
  }
}

static void put_attr(FILE *f, const char *s) {
  for (; *s; s++) {
    if (*s == '&') fputs("&amp;", f);
    else if (*s == '"') fputs("&quot;", f);
    else if (*s == '<') fputs("&lt;", f);
    else fputc(*s, f);
  }
}

static int usage(void) {
  fprintf(stderr, "usage: vgpu report FILE.json... [-o report.html]\n"
                  "  FILE.json: a VGPU_PROFILE and/or a VGPU_TIMELINE file (docs/profile.md, docs/timeline.md)\n");
  return 2;
}

int vgpu_cmd_report(int argc, char **argv) {
  const char *out_path = "report.html";
  struct input *in = calloc((size_t)argc, sizeof *in);
  int n = 0, rc = 1;
  if (!in) return 1;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "-o")) {
      if (++i >= argc) {
        free(in);
        return usage();
      }
      out_path = argv[i];
    } else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
      free(in);
      usage();
      return 0;
    } else {
      in[n++].path = argv[i];
    }
  }
  if (!n) {
    free(in);
    return usage();
  }
  for (int i = 0; i < n; i++) {
    in[i].text = read_file(in[i].path, &in[i].len);
    if (!in[i].text) {
      fprintf(stderr, "vgpu report: cannot read %s: %s\n", in[i].path, strerror(errno));
      goto done;
    }
    char why[160];
    if (vgpu_json_check(in[i].text, in[i].len, top_key, &in[i], why, sizeof why)) {
      fprintf(stderr, "vgpu report: %s is not valid JSON (%s); a file still being written by a running program "
                      "is complete only after it exits or calls clFinish\n", in[i].path, why);
      goto done;
    }
    if (!in[i].kind) {
      fprintf(stderr, "vgpu report: %s is neither a profile (VGPU_PROFILE: a \"launches\" array) nor a timeline "
                      "(VGPU_TIMELINE: a \"traceEvents\" array)\n", in[i].path);
      goto done;
    }
  }
  FILE *f = fopen(out_path, "w");
  if (!f) {
    fprintf(stderr, "vgpu report: cannot write %s: %s\n", out_path, strerror(errno));
    goto done;
  }
  fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'unsafe-inline'; "
        "style-src 'unsafe-inline'; img-src data:\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<title>VirtualGPU report</title>\n<style>\n", f);
  fputs(vgpu_report_css, f);
  fputs("</style>\n</head>\n<body>\n<header><h1>VirtualGPU report</h1><p class=\"inputs\">", f);
  for (int i = 0; i < n; i++) {
    fprintf(f, "%s<span class=\"input\">", i ? " " : "");
    put_attr(f, in[i].path);
    fprintf(f, " (%s)</span>", in[i].kind);
  }
  fputs("</p></header>\n<main id=\"app\"><noscript>This report draws its pictures with JavaScript.</noscript></main>\n", f);
  for (int i = 0; i < n; i++) {
    fprintf(f, "<script type=\"application/json\" class=\"vgpu-data\" data-kind=\"%s\" data-name=\"", in[i].kind);
    put_attr(f, in[i].path);
    fputs("\">\n", f);
    put_escaped_json(f, in[i].text, in[i].len);
    fputs("\n</script>\n", f);
  }
  fputs("<script>\n", f);
  fputs(vgpu_report_js, f);
  fputs("</script>\n</body>\n</html>\n", f);
  if (fclose(f) != 0) {
    fprintf(stderr, "vgpu report: writing %s failed: %s\n", out_path, strerror(errno));
    goto done;
  }
  printf("vgpu report: wrote %s\n", out_path);
  rc = 0;
done:
  for (int i = 0; i < n; i++) free(in[i].text);
  free(in);
  return rc;
}
