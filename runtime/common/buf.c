/*
 * buf.c - the growable text buffer every encoder writes into.
 */
#include "common/buf.h"

#include <stdlib.h>
#include <string.h>

void rw_buf_free(rw_buf *b) {
  free(b->p);
  b->p = 0;
  b->len = b->cap = 0;
  b->oom = 0;
}

int rw_buf_grow(rw_buf *b, size_t extra) {
  if (b->oom)
    return -1;
  size_t want = b->len + extra;
  size_t cap = b->cap ? b->cap : 256;
  while (cap < want)
    cap *= 2;
  char *p = realloc(b->p, cap);
  if (!p) {
    b->oom = 1;
    return -1;
  }
  b->p = p;
  b->cap = cap;
  return 0;
}

void rw_buf_puts(rw_buf *b, const char *s) { rw_buf_put(b, s, strlen(s)); }

char *rw_buf_take(rw_buf *b) {
  if (b->oom || (!b->p && rw_buf_grow(b, 1) != 0)) {
    rw_buf_free(b);
    return 0;
  }
  b->p[b->len] = 0;
  char *p = b->p;
  b->p = 0;
  b->len = b->cap = 0;
  return p;
}
