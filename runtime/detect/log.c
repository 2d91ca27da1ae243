/*
 * log.c - RACEWAY_LOG's stream and the per-process file names (log.h).
 */
#include "detect/log.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/config.h"
#include "common/spin.h"

static rw_spin lock = RW_SPIN_INIT;
static FILE *log_file;          /* NULL: not opened yet in this process */

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

static FILE *open_log(void) {
  const char *v = rw_cfg.log_path;
  if (!v || strcmp(v, "stderr") == 0)
    return stderr;
  if (strcmp(v, "stdout") == 0)
    return stdout;
  char path[PATH_MAX];
  FILE *f = NULL;
  if (rw_log_path(v, 1, path, sizeof path) != 0)
    errno = ENAMETOOLONG;
  else
    f = fopen(path, "w");
  if (!f) {
    fprintf(stderr, "Raceway: cannot open RACEWAY_LOG '%s': %s; the report goes to stderr\n",
            v, strerror(errno));
    return stderr;
  }
  setvbuf(f, NULL, _IOLBF, 0);
  return f;
}

FILE *rw_log_file(void) {
  FILE *f = __atomic_load_n(&log_file, __ATOMIC_ACQUIRE);
  if (f)
    return f;
  rw_spin_lock(&lock);
  if (!log_file)
    __atomic_store_n(&log_file, open_log(), __ATOMIC_RELEASE);
  f = log_file;
  rw_spin_unlock(&lock);
  return f;
}

void rw_log_after_fork(void) {
  rw_spin_reset(&lock);
  FILE *f = log_file;
  if (f && f != stderr && f != stdout)
    log_file = NULL;
}
