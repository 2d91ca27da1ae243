/*
 * page.c - load index.html.  The page is served from memory so that a
 * request never touches the file system.
 */
#include "page.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

/* The page is a few KiB; anything much larger is the wrong file. */
#define PAGE_MAX (1024 * 1024)

static char *html;
static size_t html_len;

static char *read_file(FILE *f, size_t *len) {
  char *buf = malloc(PAGE_MAX);
  if (!buf)
    return NULL;
  size_t n = fread(buf, 1, PAGE_MAX, f);
  if (ferror(f) || n == PAGE_MAX) {
    free(buf);
    errno = ferror(f) ? EIO : EFBIG;
    return NULL;
  }
  *len = n;
  return buf;
}

int page_load(const char *dir) {
  char path[4096];
  if (snprintf(path, sizeof path, "%s/index.html", dir) >= (int)sizeof path) {
    errno = ENAMETOOLONG;
    return -1;
  }
  FILE *f = fopen(path, "rb");
  if (!f)
    return -1;
  size_t len = 0;
  char *buf = read_file(f, &len);
  int saved = errno;
  fclose(f);
  if (!buf) {
    errno = saved;
    return -1;
  }
  page_free();
  html = buf;
  html_len = len;
  return 0;
}

const char *page_html(size_t *len) {
  *len = html_len;
  return html;
}

void page_free(void) {
  free(html);
  html = NULL;
  html_len = 0;
}
