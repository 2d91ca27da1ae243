/*
 * diag.c - the runtime's copies of fd 2 and fd 1 as streams (diag.h).
 *
 * Each is a stdio stream of our own (fopencookie): never the program's
 * stdio stderr, which it may have closed.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "common/diag.h"

#include <fcntl.h>

#include "common/keptfd.h"
#include "common/spin.h"

typedef struct stream {
  int fd;                       /* 2 or 1 */
  rw_keptfd kept;               /* its copy, taken with the stream */
  FILE *f;                      /* NULL until the first call */
} stream;

static rw_spin lock = RW_SPIN_INIT;
static stream err = {2, RW_KEPTFD_NONE, NULL};
static stream out = {1, RW_KEPTFD_NONE, NULL};

/* fd itself while it is open, else the copy; a failed write is dropped:
 * the stream never enters an error state. */
static ssize_t write_line(void *cookie, const char *buf, size_t n) {
  stream *s = cookie;
  int fd = fcntl(s->fd, F_GETFD) != -1 ? s->fd : rw_keptfd_get(&s->kept);
  if (fd >= 0)
    rw_keptfd_write_all(fd, buf, n);
  return (ssize_t)n;
}

static FILE *get(stream *s) {
  FILE *f = __atomic_load_n(&s->f, __ATOMIC_ACQUIRE);
  if (f)
    return f;
  rw_spin_lock(&lock);
  if (!s->f) {
    rw_keptfd_dup(&s->kept, s->fd);   /* none: fd itself is used */
    f = fopencookie(s, "w", (cookie_io_functions_t){.write = write_line});
    if (f)
      setvbuf(f, NULL, _IOLBF, 0);
    __atomic_store_n(&s->f, f, __ATOMIC_RELEASE);
  }
  f = s->f;
  rw_spin_unlock(&lock);
  /* No stream could be made (no memory): the program's own, last. */
  return f ? f : s->fd == 2 ? stderr : stdout;
}

FILE *rw_diag_err(void) { return get(&err); }
FILE *rw_diag_out(void) { return get(&out); }

void rw_diag_after_fork(void) { rw_spin_reset(&lock); }
