/*
 * log.c - RACEWAY_LOG's stream and the per-process file names (log.h).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "detect/log.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/config.h"
#include "common/diag.h"
#include "common/keptfd.h"
#include "common/spin.h"

static rw_spin lock = RW_SPIN_INIT;
/* RACEWAY_REPORT's file, taken at start (rw_log_take_files). */
static rw_keptfd report_kept = RW_KEPTFD_NONE;
static char report_name[PATH_MAX];
static int report_created;      /* the take created it: empty, removable */

#define OWNER_REPORT "RACEWAY_REPORT_OWNER"
#define OWNER_OUTPUT "RACEWAY_OUTPUT_OWNER"

/* "<pid>:<value>", this process's claim on value. */
static int owner_text(const char *value, char *buf, size_t len) {
  int n = snprintf(buf, len, "%d:%s", (int)getpid(), value);
  return n > 0 && (size_t)n < len ? 0 : -1;
}

/* 1 if this process holds the plain name value: it claimed it, or nobody
 * did (the variable unset: a program that never started the runtime's
 * start path, such as a unit test). */
static int owns(const char *owner_var, const char *value) {
  const char *cur = getenv(owner_var);
  char mine[PATH_MAX + 32];
  if (!cur || owner_text(value, mine, sizeof mine) != 0)
    return 1;
  return strcmp(cur, mine) == 0;
}

/* Claim value's plain name unless an ancestor (or the parent before a
 * fork) already holds the same value. */
static void claim(const char *owner_var, const char *value) {
  if (!value || strstr(value, "%p"))
    return;
  const char *cur = getenv(owner_var);
  const char *colon = cur ? strchr(cur, ':') : NULL;
  if (colon && strcmp(colon + 1, value) == 0)
    return;                     /* held by the process that started us */
  char mine[PATH_MAX + 32];
  if (owner_text(value, mine, sizeof mine) == 0)
    setenv(owner_var, mine, 1);
}

void rw_log_claim_names(void) {
  claim(OWNER_REPORT, rw_cfg.pub.report_path);
  claim(OWNER_OUTPUT, rw_cfg.pub.output_path);
}

int rw_log_path(const char *value, int always_pid, char *buf, size_t len) {
  char pid[24];
  size_t used = 0, plen = (size_t)snprintf(pid, sizeof pid, "%d", (int)getpid());
  int had_p = 0;
  for (const char *s = value; *s; s++) {
    const char *piece = s;
    size_t n = 1;
    if (s[0] == '%' && s[1] == 'p') {
      piece = pid, n = plen, had_p = 1;
      s++;
    }
    if (used + n >= len)
      return -1;
    memcpy(buf + used, piece, n);
    used += n;
  }
  buf[used] = 0;
  if (had_p || (!always_pid && owns(OWNER_REPORT, value)))
    return 0;
  if (used + 1 + plen >= len)
    return -1;
  snprintf(buf + used, len - used, ".%s", pid);
  return 0;
}

/* RACEWAY_LOG=<file>: a stream of our own (fopencookie) that opens the
 * file at its first line, so that a process with nothing to say creates
 * none.  Its descriptor is checked before each line (keptfd.h): a program
 * that closed it (a daemon closes every descriptor above 2) and opened a
 * file of its own on the number does not get the report in it; the file
 * is opened again, appending.  If it cannot be opened (no such directory,
 * a sandbox entered since start), the lines go to stderr, said once.
 * stdio locks the stream around each write: the state below is used by
 * one thread at a time. */
static FILE *log_stream;
static rw_keptfd log_kept = RW_KEPTFD_NONE;
static int log_opened;          /* opened once in this process: append */
static int log_failed;          /* could not be opened: stderr from now */

static int open_log(void) {
  const char *v = rw_cfg.log_path;
  char path[PATH_MAX];
  int fd = -1;
  if (rw_log_path(v, 1, path, sizeof path) != 0)
    errno = ENAMETOOLONG;
  else
    fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | (log_opened ? O_APPEND : O_TRUNC), 0644);
  if (fd >= 0 && rw_keptfd_adopt(&log_kept, fd) == 0) {
    log_opened = 1;
    return fd;
  }
  fprintf(rw_diag_err(), "Raceway: cannot open RACEWAY_LOG '%s': %s; the report goes to "
          "stderr\n", v, strerror(errno));
  if (fd >= 0)
    close(fd);
  log_failed = 1;
  return -1;
}

static ssize_t write_log(void *cookie, const char *buf, size_t n) {
  (void)cookie;
  int fd = log_failed ? -1 : rw_keptfd_get(&log_kept);
  if (fd < 0 && !log_failed)
    fd = open_log();
  if (fd >= 0)
    rw_keptfd_write_all(fd, buf, n);
  else
    fwrite(buf, 1, n, rw_diag_err());
  return (ssize_t)n;
}

FILE *rw_log_file(void) {
  const char *v = rw_cfg.log_path;
  if (!v || strcmp(v, "stderr") == 0)
    return rw_diag_err();
  if (strcmp(v, "stdout") == 0)
    return rw_diag_out();
  FILE *f = __atomic_load_n(&log_stream, __ATOMIC_ACQUIRE);
  if (f)
    return f;
  rw_spin_lock(&lock);
  if (!log_stream) {
    f = fopencookie(NULL, "w", (cookie_io_functions_t){.write = write_log});
    if (f)
      setvbuf(f, NULL, _IOLBF, 0);
    __atomic_store_n(&log_stream, f, __ATOMIC_RELEASE);
  }
  f = log_stream;
  rw_spin_unlock(&lock);
  return f ? f : rw_diag_err();
}

void rw_log_after_fork(void) {
  rw_spin_reset(&lock);
  rw_keptfd_close(&log_kept);   /* the parent's: a child opens its own */
  log_opened = log_failed = 0;
  rw_keptfd_close(&report_kept);  /* the parent's report: ours is by name */
  report_created = 0;
}

/* A file this process created at start and never wrote: removed when the
 * name changes, so a raceway_init with another RACEWAY_REPORT leaves no
 * empty file behind. */
static void drop_report(void) {
  struct stat st;
  int fd = rw_keptfd_get(&report_kept);
  if (fd >= 0 && report_created && fstat(fd, &st) == 0 && st.st_size == 0)
    unlink(report_name);
  rw_keptfd_close(&report_kept);
  report_created = 0;
}

void rw_log_take_files(void) {
  if (rw_cfg.log_path && strcmp(rw_cfg.log_path, "stdout") == 0)
    (void)rw_diag_out();
  const char *v = rw_cfg.pub.report_path;
  char path[PATH_MAX];
  if (v && rw_log_path(v, 0, path, sizeof path) != 0)
    v = NULL;                   /* said at exit */
  if (report_kept.fd >= 0 && v && strcmp(path, report_name) == 0)
    return;                     /* raceway_init with the same name */
  drop_report();
  if (!v)
    return;
  memcpy(report_name, path, sizeof path);
  if (rw_keptfd_open(&report_kept, path, &report_created) != 0)
    fprintf(rw_diag_err(), "Raceway: cannot create the race report %s: %s; trying again at "
            "exit\n", path, strerror(errno));
}

int rw_log_write_report(const char *json) {
  const char *v = rw_cfg.pub.report_path;
  char path[PATH_MAX];
  if (!v)
    return 0;
  if (rw_log_path(v, 0, path, sizeof path) != 0) {
    fprintf(rw_diag_err(), "Raceway: RACEWAY_REPORT '%s' with the process id is too long\n", v);
    return -1;
  }
  /* The file taken at start, else (a fork child, or lost) opened now. */
  int fd = strcmp(path, report_name) == 0 ? rw_keptfd_get(&report_kept) : -1;
  int kept = fd >= 0;
  if (!kept)
    fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  int ok = fd >= 0 && rw_keptfd_write_all(fd, json, strlen(json)) == 0;
  if (kept)
    rw_keptfd_close(&report_kept);
  else if (fd >= 0 && close(fd) != 0)
    ok = 0;
  if (!ok)                      /* errno: the call that failed (calls that
                                   succeed leave it) */
    fprintf(rw_diag_err(), "Raceway: cannot write the race report to %s: %s\n", path,
            strerror(errno));
  report_created = 0;
  return ok ? 0 : -1;
}
