/*
 * symbolize.c - the race report's program counters to names (symbolize.h).
 *
 * The symbolizer runs as a child process (posix_spawn: no fork handlers,
 * no copy of the address space), reading "module 0xaddress" lines from a
 * memfd and writing to a pipe that is read until EOF, at most
 * SYMBOLIZE_TIMEOUT_MS (then it is killed and the rest falls back to
 * dladdr).  Only report printing gets here, never the access path.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "detect/symbolize.h"

#include <dlfcn.h>
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <limits.h>
#include <link.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common/config.h"
#include "common/hash.h"
#include "common/rawalloc.h"
#include "common/spin.h"

#define CACHE_BITS 12
#define SYMBOLIZE_TIMEOUT_MS 20000

extern char **environ;

typedef struct entry {
  struct entry *next;
  uintptr_t pc;
  rw_symbolize_pc sym;
  char *path;                 /* the module's full name, for the symbolizer */
  uintptr_t vaddr;            /* pc - 1 - load bias: the address in the file */
} entry;

static rw_spin lock = RW_SPIN_INIT;
static entry *cache[1u << CACHE_BITS];

static entry **slot_of(uintptr_t pc) { return &cache[rw_hash_bucket(pc, CACHE_BITS)]; }

static entry *find(uintptr_t pc) {
  for (entry *e = *slot_of(pc); e; e = e->next)
    if (e->pc == pc)
      return e;
  return NULL;
}

/* The module of pc and what dladdr knows of it. */
static void describe(entry *e) {
  static uintptr_t self_base;
  Dl_info info, self;
  struct link_map *lm = NULL;
  e->sym.n = 1;
  if (!dladdr1((void *)e->pc, &info, (void **)&lm, RTLD_DL_LINKMAP) || !info.dli_fname)
    return;
  if (!self_base && dladdr((void *)rw_symbolize_batch, &self))
    self_base = (uintptr_t)self.dli_fbase;
  const char *name = info.dli_fname;
  char exe[PATH_MAX] = {0};
  if ((!name[0] || (lm && !lm->l_name[0])) && readlink("/proc/self/exe", exe, sizeof exe - 1) > 0)
    name = exe;
  e->path = rw_raw_strndup(name, strlen(name));
  const char *base = strrchr(name, '/');
  e->sym.module = rw_raw_strndup(base ? base + 1 : name, strlen(base ? base + 1 : name));
  e->sym.offset = e->pc - (uintptr_t)info.dli_fbase;
  e->vaddr = e->pc - 1 - (lm ? lm->l_addr : (uintptr_t)info.dli_fbase);
  /* The shared runtime's own frames (the thread trampoline); a static
   * runtime is part of the program and cannot be told apart. */
  e->sym.runtime = (uintptr_t)info.dli_fbase == self_base && lm && lm->l_name[0];
  if (info.dli_sname)
    e->sym.f[0].function = rw_raw_strndup(info.dli_sname, strlen(info.dli_sname));
}

/* The symbolizer to run, or NULL. */
static const char *symbolizer(char *buf, size_t len) {
  const char *v = rw_cfg.symbolizer;
  if (v && strcmp(v, "none") == 0)
    return NULL;
  if (v)
    return access(v, X_OK) == 0 ? v : NULL;
  const char *path = getenv("PATH");
  static const char *const names[] = {"llvm-symbolizer-19", "llvm-symbolizer"};
  for (int k = 0; k < 2 && path; k++)
    for (const char *p = path; *p;) {
      const char *end = strchr(p, ':');
      size_t n = end ? (size_t)(end - p) : strlen(p);
      if (n && (size_t)snprintf(buf, len, "%.*s/%s", (int)n, p, names[k]) < len &&
          access(buf, X_OK) == 0)
        return buf;
      p += n + (end != NULL);
    }
  return NULL;
}

/* Read the child's output until EOF or the deadline; NUL-terminated,
 * malloc'd (NULL on failure). */
static char *read_all(int fd, pid_t pid) {
  size_t cap = 1 << 16, len = 0;
  char *buf = rw_raw_malloc(cap);
  struct timespec t0;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  while (buf) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    long ms = (now.tv_sec - t0.tv_sec) * 1000 + (now.tv_nsec - t0.tv_nsec) / 1000000;
    struct pollfd p = {fd, POLLIN, 0};
    if (ms >= SYMBOLIZE_TIMEOUT_MS || poll(&p, 1, (int)(SYMBOLIZE_TIMEOUT_MS - ms)) <= 0) {
      kill(pid, SIGKILL);
      break;
    }
    if (len + 4096 >= cap) {
      char *more = rw_raw_realloc(buf, cap * 2);
      if (!more)
        break;
      buf = more, cap *= 2;
    }
    ssize_t r = read(fd, buf + len, cap - len - 1);
    if (r < 0 && errno == EINTR)
      continue;
    if (r <= 0)
      break;
    len += (size_t)r;
  }
  if (buf)
    buf[len] = 0;
  return buf;
}

/* One "function\nfile:line:col\n" pair into frame f (?? is unknown). */
static void parse_frame(const char *fn, size_t fnlen, const char *loc, size_t loclen,
                        rw_symbolize_frame *f) {
  if (fnlen && strncmp(fn, "??", fnlen) != 0)
    f->function = rw_raw_strndup(fn, fnlen);
  const char *c2 = NULL, *c1 = NULL;   /* the last two colons */
  for (size_t i = 0; i < loclen; i++)
    if (loc[i] == ':')
      c1 = c2, c2 = loc + i;
  if (!c1 || strncmp(loc, "??", 2) == 0)
    return;
  f->line = (uint32_t)strtoul(c1 + 1, NULL, 10);
  f->column = (uint32_t)strtoul(c2 + 1, NULL, 10);
  /* Line 0: no line table (built without -g); "file:0" is no location
   * (frame 0 then takes its site's). */
  if (f->line)
    f->file = rw_raw_strndup(loc, (size_t)(c1 - loc));
}

/* Fill entries [0, n) from the symbolizer's output: one block per input
 * line, pairs of lines, ended by an empty line. */
static void parse_output(const char *out, entry **es, size_t n) {
  const char *p = out;
  for (size_t i = 0; i < n && *p; i++) {
    int k = 0;
    while (*p && *p != '\n') {
      const char *fn = p, *e1 = strchr(p, '\n');
      if (!e1)
        return;
      const char *loc = e1 + 1, *e2 = strchr(loc, '\n');
      if (!e2)
        return;
      if (k < RW_SYMBOLIZE_INLINE_MAX) {
        rw_symbolize_frame f = {0};
        parse_frame(fn, (size_t)(e1 - fn), loc, (size_t)(e2 - loc), &f);
        if (k == 0 && !f.function)
          f.function = es[i]->sym.f[0].function;   /* dladdr's */
        else if (k == 0)
          rw_raw_free((void *)es[i]->sym.f[0].function);   /* replaced */
        es[i]->sym.f[k++] = f;
      }
      p = e2 + 1;
    }
    if (k)
      es[i]->sym.n = k;
    if (*p == '\n')
      p++;
  }
}

static void run_symbolizer(entry **es, size_t n) {
  char exe[PATH_MAX];
  if (n == 0)
    return;   /* before the PATH search: an access() per entry, at every exit */
  const char *tool = symbolizer(exe, sizeof exe);
  if (!tool)
    return;
  int in = memfd_create("raceway-symbolize", MFD_CLOEXEC), out[2] = {-1, -1};
  if (in < 0 || pipe2(out, O_CLOEXEC) != 0)
    goto done;
  FILE *f = fdopen(dup(in), "w");
  if (!f)
    goto done;
  for (size_t i = 0; i < n; i++)
    fprintf(f, "\"%s\" 0x%llx\n", es[i]->path ? es[i]->path : "?",
            (unsigned long long)es[i]->vaddr);
  fclose(f);
  lseek(in, 0, SEEK_SET);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, in, 0);
  posix_spawn_file_actions_adddup2(&fa, out[1], 1);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  char *argv[] = {(char *)tool, "--inlines", "--demangle", NULL};
  pid_t pid;
  int rc = posix_spawn(&pid, tool, &fa, NULL, argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  close(out[1]);
  out[1] = -1;
  if (rc != 0)
    goto done;
  char *text = read_all(out[0], pid);
  int st;
  while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
  }
  if (text)
    parse_output(text, es, n);
  rw_raw_free(text);
done:
  for (int i = 0; i < 2; i++)
    if (out[i] >= 0)
      close(out[i]);
  if (in >= 0)
    close(in);
}

void rw_symbolize_batch(const uintptr_t *pcs, size_t n) {
  entry **fresh = rw_raw_calloc(n ? n : 1, sizeof *fresh);
  size_t k = 0;
  for (size_t i = 0; fresh && i < n; i++) {
    rw_spin_lock(&lock);
    int known = find(pcs[i]) != NULL;
    rw_spin_unlock(&lock);
    for (size_t j = 0; j < k && !known; j++)
      known = fresh[j]->pc == pcs[i];
    if (known || !pcs[i] || !(fresh[k] = rw_raw_calloc(1, sizeof(entry))))
      continue;
    fresh[k]->pc = pcs[i];
    describe(fresh[k++]);
  }
  run_symbolizer(fresh, k);
  rw_spin_lock(&lock);
  for (size_t i = 0; i < k; i++) {
    rw_raw_free(fresh[i]->path);
    fresh[i]->path = NULL;
    if (find(fresh[i]->pc))
      continue;                  /* another thread's batch came first */
    fresh[i]->next = *slot_of(fresh[i]->pc);
    *slot_of(fresh[i]->pc) = fresh[i];
  }
  rw_spin_unlock(&lock);
  rw_raw_free(fresh);
}

void rw_symbolize_get(uintptr_t pc, rw_symbolize_pc *out) {
  rw_spin_lock(&lock);
  entry *e = find(pc);
  rw_spin_unlock(&lock);
  if (!e) {
    rw_symbolize_batch(&pc, 1);
    rw_spin_lock(&lock);
    e = find(pc);
    rw_spin_unlock(&lock);
  }
  if (e)
    *out = e->sym;
  else
    *out = (rw_symbolize_pc){.n = 1};
}

uint32_t rw_symbolize_unwind(const void *pc, uintptr_t *out, uint32_t max) {
  void *frames[64];
  if (max == 0)
    return 0;
  int n = backtrace(frames, (int)(sizeof frames / sizeof frames[0])), i = 0;
  while (i < n && frames[i] != pc)
    i++;
  if (i == n) {                 /* not found: the access alone */
    out[0] = (uintptr_t)pc;
    return 1;
  }
  uint32_t d = 0;
  for (; i < n && d < max; i++)
    out[d++] = (uintptr_t)frames[i];
  return d;
}
