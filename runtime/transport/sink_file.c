/*
 * sink_file.c - RACEWAY_OUTPUT: events as JSON Lines, one per line.
 *
 * The file is opened O_APPEND and truncated only by the process that
 * started the runtime; a fork child keeps the descriptor or appends, so
 * parent and child lines interleave whole.
 *
 * Opening never waits: O_NONBLOCK, so a FIFO with no reader fails at once
 * (ENXIO) instead of holding the program at start.  Such a FIFO is said
 * once and retried, without waiting, before each pass; meanwhile its
 * events are dropped (undeliverable).  A regular file is then written as
 * usual; a pipe, FIFO, socket or terminal stays non-blocking, waiting for
 * room only until the shutdown deadline; a pipe, FIFO or socket is written
 * in pieces of whole lines of at most PIPE_BUF bytes, which a pipe takes
 * whole or not at all.  Each piece is committed (sink.h), so the delivered count is
 * exactly the number of lines written, also when the deadline cuts the
 * final flush short.
 *
 * The name (README, Configuration; detect/log.h states the same rule for
 * RACEWAY_REPORT): every %p in it is the process id, and such a file is
 * this process's own (truncated; a fork child opens its own).  Without
 * %p, the process that started the run truncates the file, and a fork
 * child or a program it started with the same RACEWAY_OUTPUT (told by
 * RACEWAY_OUTPUT_OWNER=<pid>:<value>, set at start) appends to it.
 */
#include "transport/sink.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "common/diag.h"
#include "common/keptfd.h"

/* A piece for a regular file: whole lines up to this many bytes. */
#define FILE_PIECE_BYTES (256 * 1024)
/* Lines per piece (two iovecs each). */
#define PIECE_LINES (IOV_MAX / 2)

typedef struct file_sink {
  rw_sink base;
  rw_keptfd kept;    /* the file (fd -1: a FIFO waiting for a reader); the
                        program may close its descriptor and reuse it    */
  int nonblock;      /* not a regular file: never wait in write()        */
  int pipe;          /* a FIFO or socket (or unknown): PIPE_BUF pieces    */
  char *path;
  int told;          /* a write error was reported                       */
  int told_fifo;     /* "no reader" was reported                          */
  int told_lost;     /* "closed by the program" was reported              */
} file_sink;

static int open_nonblocking(const char *path, int truncate) {
  return open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NONBLOCK |
                        (truncate ? O_TRUNC : 0), 0644);
}

/* A regular file is written with plain blocking writes (they do not wait
 * for anyone); anything else keeps O_NONBLOCK. */
static void set_mode(file_sink *f) {
  struct stat st;
  int known = fstat(f->kept.fd, &st) == 0;
  f->nonblock = !(known && S_ISREG(st.st_mode));
  /* Only a pipe needs pieces it takes whole or not at all; a character
   * device (/dev/null, a tty) takes the large pieces, non-blocking (one
   * writev per 4 KiB was 4,500 calls for hashing.c's 80,000 events). */
  f->pipe = !known || S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode);
  if (!f->nonblock) {
    int fl = fcntl(f->kept.fd, F_GETFL);
    if (fl >= 0)
      fcntl(f->kept.fd, F_SETFL, fl & ~O_NONBLOCK);
  }
}

static int is_fifo(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISFIFO(st.st_mode);
}

/* fd, opened for f: kept (keptfd.h) and its mode set.  1; 0 (closed) if
 * it cannot be kept. */
static int use_fd(file_sink *f, int fd) {
  if (rw_keptfd_adopt(&f->kept, fd) != 0) {
    close(fd);
    return 0;
  }
  set_mode(f);
  return 1;
}

/* The program closed every descriptor above 2 (a daemon does) and may
 * have opened a file of its own on ours: forget that number (it is not
 * ours to close), append to the file again. */
static void reopen_lost(file_sink *f) {
  if (f->kept.fd < 0 || rw_keptfd_get(&f->kept) >= 0)
    return;
  if (!f->told_lost++)
    fprintf(rw_diag_err(), "raceway: RACEWAY_OUTPUT's descriptor was closed by the program; "
            "opening '%s' again\n", f->path);
  f->kept.fd = -1;
}

/* A FIFO without a reader, or a descriptor the program closed: open again,
 * without waiting.  1 if open now.  Cost: an fstat per batch. */
static int file_ready(rw_sink *s) {
  file_sink *f = (file_sink *)s;
  reopen_lost(f);
  if (f->kept.fd >= 0)
    return 1;
  int fd = open_nonblocking(f->path, 0);
  return fd >= 0 && use_fd(f, fd);
}

/* The lines [i, j) as one piece: at most PIECE_LINES lines and `limit`
 * bytes, and at least one line. */
static uint32_t piece_end(const rw_batch *b, uint32_t i, size_t limit) {
  uint32_t j = i + 1;
  size_t bytes = b->off[j] - b->off[i] + 1;
  while (j < b->n && j - i < PIECE_LINES) {
    size_t len = b->off[j + 1] - b->off[j] + 1;
    if (bytes + len > limit)
      break;
    bytes += len;
    j++;
  }
  return j;
}

/* Wait (poll) until a non-blocking descriptor takes more, at most until
 * the shutdown deadline.  0, or -1 once the deadline passed. */
static int wait_room(file_sink *f) {
  unsigned ms = rw_sink_ms_left(100);
  if (ms == 0)
    return -1;
  struct pollfd p = {f->kept.fd, POLLOUT, 0};
  poll(&p, 1, (int)ms);
  return 0;
}

/* Skip w bytes of the iovecs *v (*k of them). */
static void advance(struct iovec **v, int *k, size_t w) {
  while (*k > 0 && w >= (*v)->iov_len) {
    w -= (*v)->iov_len;
    (*v)++;
    (*k)--;
  }
  if (*k > 0) {
    (*v)->iov_base = (char *)(*v)->iov_base + w;
    (*v)->iov_len -= w;
  }
}

/* Write iov[0..k) to the end, resuming after short writes.  Non-blocking
 * descriptors wait for room with poll() until the shutdown deadline.
 * Returns bytes written (short only on error or at the deadline). */
static size_t write_all(file_sink *f, struct iovec *v, int k, int *err) {
  size_t done = 0;
  *err = 0;
  while (k > 0) {
    ssize_t w = writev(f->kept.fd, v, k);
    if (w < 0 && errno == EINTR)
      continue;
    if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && f->nonblock) {
      if (wait_room(f) != 0) {
        *err = ETIMEDOUT;
        return done;
      }
      continue;
    }
    if (w <= 0) {
      *err = w < 0 ? errno : EIO;
      return done;
    }
    done += (size_t)w;
    advance(&v, &k, (size_t)w);
  }
  return done;
}

/* Write one piece [i, j) and commit it.  A piece of at most PIPE_BUF
 * bytes goes into a pipe whole or not at all: the wait for room is outside
 * the commit, the write inside it never waits.  Returns 0, or the error
 * (ETIMEDOUT: the deadline came first, nothing of the piece written). */
static int write_piece(file_sink *f, const rw_batch *b, uint32_t i, uint32_t j,
                       rw_sink_result *out) {
  struct iovec iov[PIECE_LINES * 2];
  int k = 0;
  for (uint32_t e = i; e < j; e++) {
    iov[k].iov_base = (void *)(b->data + b->off[e]);
    iov[k++].iov_len = b->off[e + 1] - b->off[e];
    iov[k].iov_base = (void *)"\n";
    iov[k++].iov_len = 1;
  }
  size_t total = b->off[j] - b->off[i] + (j - i), w = 0;
  int whole = f->nonblock && total <= PIPE_BUF, err = 0;
  for (;;) {
    if (b->commit_begin && !b->commit_begin())
      return ECANCELED;          /* shutdown closed the accounting */
    if (whole) {
      ssize_t r = writev(f->kept.fd, iov, k);
      w = r > 0 ? (size_t)r : 0;
      err = r < 0 ? errno : 0;
      if (r > 0 && w < total) {   /* not a pipe (a socket): finish it */
        struct iovec *v = iov;
        advance(&v, &k, w);
        w += write_all(f, v, k, &err);
      }
    } else {
      w = write_all(f, iov, k, &err);   /* regular file, or one long line */
    }
    uint64_t lines = w == total ? j - i : 0;
    if (b->commit_end) {
      b->commit_end(lines);
      out->committed += lines;
    }
    out->delivered += lines;
    if (!(whole && (err == EAGAIN || err == EWOULDBLOCK || err == EINTR)))
      return w == total ? 0 : err;
    if (err != EINTR && wait_room(f) != 0)
      return ETIMEDOUT;
  }
}

static void file_send(rw_sink *s, const rw_batch *b, rw_sink_result *out) {
  file_sink *f = (file_sink *)s;
  memset(out, 0, sizeof *out);
  if (!file_ready(s)) {
    out->undeliverable = b->n;
    return;
  }
  size_t limit = f->pipe ? PIPE_BUF : FILE_PIECE_BYTES;
  uint32_t i = 0;
  while (i < b->n && rw_sink_ms_left(1)) {
    uint32_t j = piece_end(b, i, limit);
    int err = write_piece(f, b, i, j, out);
    if (err == ETIMEDOUT || err == ECANCELED)
      break;
    if (err) {
      if (!f->told++)
        fprintf(rw_diag_err(), "raceway: writing RACEWAY_OUTPUT failed: %s; events "
                "are dropped\n", strerror(err));
      if (err == EPIPE && f->nonblock) {   /* the reader went away */
        rw_keptfd_close(&f->kept);
      }
      break;
    }
    i = j;
  }
  out->undeliverable = b->n - out->delivered;
}

static void file_close(rw_sink *s) {
  file_sink *f = (file_sink *)s;
  rw_keptfd_close(&f->kept);     /* not a number the program reused */
  free(f->path);
  free(f);
}

static const rw_sink_ops file_ops = {file_send, file_close, file_ready, 1};
/* A %p file: a fork child opens its own. */
static const rw_sink_ops file_ops_pid = {file_send, file_close, file_ready, 0};

/* value with every %p replaced by the process id into buf; 1 if it had
 * one, 0 if not, -1 if too long. */
static int expand_pid(const char *value, char *buf, size_t len) {
  char pid[24];
  size_t used = 0, plen = (size_t)snprintf(pid, sizeof pid, "%d", (int)getpid());
  int had = 0;
  for (const char *s = value; *s; s++) {
    const char *piece = s;
    size_t n = 1;
    if (s[0] == '%' && s[1] == 'p')
      piece = pid, n = plen, had = 1, s++;
    if (used + n >= len)
      return -1;
    memcpy(buf + used, piece, n);
    used += n;
  }
  buf[used] = 0;
  return had;
}

/* 1 unless a process that started this one holds the plain name. */
static int owns_name(const char *value) {
  const char *cur = getenv("RACEWAY_OUTPUT_OWNER");
  char mine[PATH_MAX + 32];
  int n = snprintf(mine, sizeof mine, "%d:%s", (int)getpid(), value);
  return !cur || n < 0 || (size_t)n >= sizeof mine || strcmp(cur, mine) == 0;
}

rw_sink *rw_sink_file_open(const char *value, int truncate) {
  char name[PATH_MAX];
  int per_process = expand_pid(value, name, sizeof name);
  if (per_process < 0) {
    fprintf(rw_diag_err(), "raceway: RACEWAY_OUTPUT '%s' with the process id is too long; events "
            "will be dropped\n", value);
    return 0;
  }
  truncate = per_process || (truncate && owns_name(value));
  const char *path = name;
  int fd = open_nonblocking(path, truncate);
  int no_reader = fd < 0 && errno == ENXIO && is_fifo(path);
  if (fd < 0 && !no_reader) {
    fprintf(rw_diag_err(), "raceway: cannot open RACEWAY_OUTPUT '%s': %s; events "
            "will be dropped\n", path, strerror(errno));
    return 0;
  }
  file_sink *f = calloc(1, sizeof *f);
  char *p = strdup(path);
  if (!f || !p) {
    if (fd >= 0)
      close(fd);
    free(f);
    free(p);
    return 0;
  }
  f->base.ops = per_process ? &file_ops_pid : &file_ops;
  f->kept.fd = -1;
  f->path = p;
  if (fd >= 0) {
    (void)use_fd(f, fd);        /* not kept: file_ready opens it again */
  } else {
    f->told_fifo = 1;
    fprintf(rw_diag_err(), "raceway: RACEWAY_OUTPUT '%s' is a FIFO with no reader; "
            "events are dropped until a reader opens it\n", path);
  }
  return &f->base;
}
