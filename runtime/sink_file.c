/*
 * sink_file.c - RACEWAY_OUTPUT: events as JSON Lines, one per line.
 *
 * The file is opened O_APPEND and truncated only by the process that
 * started the runtime; a fork child keeps the descriptor or appends, so
 * parent and child lines interleave whole (one write per batch).
 */
#include "sink.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "encode.h"

typedef struct file_sink {
  rw_sink base;
  int fd;
  rw_buf lines;
} file_sink;

static int write_all(int fd, const char *p, size_t n) {
  while (n) {
    ssize_t w = write(fd, p, n);
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0)
      return -1;
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

static void file_send(rw_sink *s, const rw_batch *b, rw_sink_result *out) {
  file_sink *f = (file_sink *)s;
  memset(out, 0, sizeof *out);
  f->lines.len = 0;
  for (uint32_t i = 0; i < b->n; i++) {
    rw_buf_put(&f->lines, b->data + b->off[i], b->off[i + 1] - b->off[i]);
    rw_buf_putc(&f->lines, '\n');
  }
  if (f->lines.oom || write_all(f->fd, f->lines.p, f->lines.len) != 0) {
    static int told;
    if (!told++)
      fprintf(stderr, "raceway: writing RACEWAY_OUTPUT failed: %s; events "
              "are dropped\n", f->lines.oom ? "out of memory" : strerror(errno));
    f->lines.oom = 0;
    out->undeliverable = b->n;
    return;
  }
  out->delivered = b->n;
}

static void file_close(rw_sink *s) {
  file_sink *f = (file_sink *)s;
  close(f->fd);
  rw_buf_free(&f->lines);
  free(f);
}

static const rw_sink_ops file_ops = {file_send, file_close, 1};

rw_sink *rw_sink_file_open(const char *path, int truncate) {
  int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | (truncate ? O_TRUNC : 0),
                0644);
  if (fd < 0) {
    fprintf(stderr, "raceway: cannot open RACEWAY_OUTPUT '%s': %s; events "
            "will be dropped\n", path, strerror(errno));
    return 0;
  }
  file_sink *f = calloc(1, sizeof *f);
  if (!f) {
    close(fd);
    return 0;
  }
  f->base.ops = &file_ops;
  f->fd = fd;
  return &f->base;
}
