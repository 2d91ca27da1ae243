/*
 * lowerbound.c - the "lower bound" runtime: what any design that records
 * every event must at least pay.  Built as a shared library in place of
 * libraceway and linked to the same instrumented objects (same pass, same
 * hook calls through the PLT), it does the least a recorder can do: each
 * event is one call that appends a 64-byte record to a thread-local buffer
 * (1024 records = 64 KiB, wrapping; nothing is encoded, sent or checked).
 *
 *   -DLB_TSC=1   the record's timestamp is rdtsc; otherwise a per-thread
 *                sequence number (the cost of a clock read is the
 *                difference between the two builds).
 *
 * Events: __raceway_read / __raceway_write / __raceway_atomic_post /
 * __raceway_fence / __raceway_func_entry (the hooks the pass calls), and
 * pthread_mutex_lock / pthread_mutex_unlock / pthread_mutex_trylock,
 * interposed here and forwarded to libc (found with dlsym(RTLD_NEXT)).
 * __raceway_atomic_pre, __raceway_callsite and __raceway_func_exit record
 * nothing (callsite stores the site in a TLS slot, as libraceway does).
 * The raceway_* API functions that bench programs call are no-ops.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if LB_TSC
#include <x86intrin.h>
#endif

#include <raceway/abi.h>
#include <raceway/raceway.h>

#define EXPORT __attribute__((visibility("default")))
#define TLS __thread __attribute__((tls_model("initial-exec")))
#define LB_RECS 1024

typedef struct lb_rec {
  const void *site;
  const void *addr;
  uint64_t value;
  uint64_t old;
  uint64_t stamp; /* rdtsc or sequence number */
  uint32_t kind;
  uint32_t tid;
  uint64_t pad[2];
} lb_rec;
_Static_assert(sizeof(lb_rec) == 64, "64-byte records");

static TLS lb_rec lb_buf[LB_RECS] __attribute__((aligned(64)));
static TLS unsigned lb_pos;
static TLS uint64_t lb_seq;
static TLS const void *lb_callsite;

static inline void lb_append(unsigned kind, const void *site, const void *addr,
                             uint64_t value, uint64_t old) {
  lb_rec *r = &lb_buf[lb_pos++ & (LB_RECS - 1)];
  r->site = site;
  r->addr = addr;
  r->value = value;
  r->old = old;
#if LB_TSC
  r->stamp = __rdtsc();
#else
  r->stamp = ++lb_seq;
#endif
  r->kind = kind;
  r->tid = 0;
}

EXPORT void __raceway_read(const raceway_site *site, const void *addr, uint64_t value) {
  lb_append(0, site, addr, value, 0);
}

EXPORT void __raceway_write(const raceway_site *site, void *addr, uint64_t value) {
  lb_append(1, site, addr, value, 0);
}

EXPORT void __raceway_atomic_pre(const raceway_site *site, void *addr) {
  (void)site;
  (void)addr;
}

EXPORT void __raceway_atomic_post(const raceway_site *site, void *addr, uint64_t old_value,
                                  uint64_t new_value) {
  lb_append(2, site, addr, new_value, old_value);
}

EXPORT void __raceway_fence(const raceway_site *site) { lb_append(3, site, 0, 0, 0); }

EXPORT void __raceway_callsite(const raceway_site *site) { lb_callsite = site; }

EXPORT void __raceway_func_entry(const raceway_func_site *f, const uint64_t *args) {
  lb_append(4, f, args, 0, 0);
}

EXPORT void __raceway_func_exit(const raceway_func_site *f) { (void)f; }

/* Interposed mutex operations: one record each, then the real call. */
typedef int (*mutex_fn)(pthread_mutex_t *);
static mutex_fn real_lock, real_unlock, real_trylock;

static mutex_fn resolve(const char *name) {
  mutex_fn f = (mutex_fn)dlsym(RTLD_NEXT, name);
  if (!f)
    abort();
  return f;
}

__attribute__((constructor)) static void lb_init(void) {
  real_lock = resolve("pthread_mutex_lock");
  real_unlock = resolve("pthread_mutex_unlock");
  real_trylock = resolve("pthread_mutex_trylock");
}

EXPORT int pthread_mutex_lock(pthread_mutex_t *m) {
  if (__builtin_expect(!real_lock, 0))
    lb_init();
  int rc = real_lock(m);
  lb_append(5, lb_callsite, m, 0, 0);
  return rc;
}

EXPORT int pthread_mutex_trylock(pthread_mutex_t *m) {
  if (__builtin_expect(!real_trylock, 0))
    lb_init();
  int rc = real_trylock(m);
  if (rc == 0)
    lb_append(5, lb_callsite, m, 0, 0);
  return rc;
}

EXPORT int pthread_mutex_unlock(pthread_mutex_t *m) {
  if (__builtin_expect(!real_unlock, 0))
    lb_init();
  lb_append(6, lb_callsite, m, 0, 0);
  return real_unlock(m);
}

/* The public API calls bench programs make: no-ops. */
EXPORT int raceway_flush(unsigned timeout_ms) {
  (void)timeout_ms;
  return 0;
}

EXPORT void raceway_get_stats(raceway_stats *out) { memset(out, 0, sizeof *out); }
