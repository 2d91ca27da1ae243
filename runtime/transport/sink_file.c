/*
 * sink_file.c - RACEWAY_OUTPUT: events as JSON Lines, one per line.
 *
 * The file is opened O_APPEND and truncated only by the process that
 * started the runtime; a fork child keeps the descriptor or appends, so
 * parent and child lines interleave whole (one write per batch).
 */
#include "transport/sink.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/uio.h>
#include <unistd.h>


typedef struct file_sink {
  rw_sink base;
  int fd;
  int told;    /* the write error was reported */
} file_sink;

/* Write every event and its newline straight from the batch (no copy):
 * writev in chunks of IOV_MAX, resuming after short writes. */
static int write_lines(int fd, const rw_batch *b) {
  struct iovec iov[IOV_MAX];
  uint32_t i = 0;
  while (i < b->n) {
    int k = 0;
    for (; i < b->n && k + 2 <= IOV_MAX; i++) {
      iov[k].iov_base = (void *)(b->data + b->off[i]);
      iov[k++].iov_len = b->off[i + 1] - b->off[i];
      iov[k].iov_base = (void *)"\n";
      iov[k++].iov_len = 1;
    }
    struct iovec *v = iov;
    while (k > 0) {
      ssize_t w = writev(fd, v, k);
      if (w < 0 && errno == EINTR)
        continue;
      if (w <= 0)
        return -1;
      while (k > 0 && (size_t)w >= v->iov_len) {
        w -= (ssize_t)v->iov_len;
        v++;
        k--;
      }
      if (k > 0) {
        v->iov_base = (char *)v->iov_base + w;
        v->iov_len -= (size_t)w;
      }
    }
  }
  return 0;
}

static void file_send(rw_sink *s, const rw_batch *b, rw_sink_result *out) {
  file_sink *f = (file_sink *)s;
  memset(out, 0, sizeof *out);
  if (write_lines(f->fd, b) != 0) {
    if (!f->told++)
      fprintf(stderr, "raceway: writing RACEWAY_OUTPUT failed: %s; events "
              "are dropped\n", strerror(errno));
    out->undeliverable = b->n;
    return;
  }
  out->delivered = b->n;
}

static void file_close(rw_sink *s) {
  file_sink *f = (file_sink *)s;
  close(f->fd);
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
