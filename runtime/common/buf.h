/*
 * buf.h - a growable text buffer (runtime/common/buf.c).
 */
#ifndef RW_BUF_H
#define RW_BUF_H

#include <stddef.h>

/* Growable output buffer.  After an allocation failure `oom` is set and
 * further appends are ignored; the caller drops what it was building. */
typedef struct rw_buf {
  char *p;
  size_t len;
  size_t cap;
  int oom;
} rw_buf;

void rw_buf_free(rw_buf *b);
int rw_buf_grow(rw_buf *b, size_t extra);
static inline void rw_buf_put(rw_buf *b, const char *s, size_t n) {
  if (b->len + n + 1 > b->cap && rw_buf_grow(b, n + 1) != 0)
    return;
  __builtin_memcpy(b->p + b->len, s, n);
  b->len += n;
  b->p[b->len] = 0;
}
void rw_buf_puts(rw_buf *b, const char *s);
/* Room for n more bytes and the NUL: where to write them, or NULL (out of
 * memory); then rw_buf_commit with the end of what was written. */
static inline char *rw_buf_reserve(rw_buf *b, size_t n) {
  if (b->len + n + 1 > b->cap && rw_buf_grow(b, n + 1) != 0)
    return 0;
  return b->p + b->len;
}
static inline void rw_buf_commit(rw_buf *b, char *end) {
  b->len = (size_t)(end - b->p);
  *end = 0;
}
/* Inline: the encoder puts a character around every string and value. */
static inline void rw_buf_putc(rw_buf *b, char c) {
  if (b->len + 2 > b->cap && rw_buf_grow(b, 2) != 0)
    return;
  b->p[b->len++] = c;
  b->p[b->len] = 0;
}
/* Take the text out (malloc'd, NUL-terminated), leaving b empty; NULL on
 * out of memory. */
char *rw_buf_take(rw_buf *b);

#endif
