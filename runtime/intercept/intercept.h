/*
 * intercept.h - shared plumbing of the libc interceptors
 * (intercept_pthread.c, intercept_c11.c, intercept_thread.c,
 * intercept_memory.c, intercept_fd.c).
 *
 * libraceway defines the synchronisation functions itself; the definition
 * in the executable (static archive) or in the first-loaded libraceway.so
 * interposes libc's for every DSO, so locks taken in code built without
 * the plugin are seen too.  Each interceptor records, then calls the real
 * function found with dlsym(RTLD_NEXT) and returns its result unchanged.
 */
#ifndef RW_INTERCEPT_H
#define RW_INTERCEPT_H

#include <pthread.h>
#include <stdint.h>

#include "capture/capture.h"
#include "common/config.h"
#include "common/export.h"
#include "hb/sync.h"
#include "rt/lifecycle.h"
#include "rt/thread.h"

/* Set while an interceptor registers the calling thread, so that locks
 * taken by the registration itself pass straight through. */
extern __thread uint8_t rw_icpt_busy __attribute__((tls_model("initial-exec")));

/* The real symbol after libraceway (never NULL: a libc without it cannot
 * run the program, so that is reported and the process aborts). */
void *rw_icpt_real(const char *name, const char *version);

#define RW_REAL_DECL(name) static __typeof__(name) *real_##name
#define RW_REAL(name) RW_REAL_VER(name, 0)
#define RW_REAL_VER(name, ver)                                         \
  ({                                                                   \
    if (RW_UNLIKELY(real_##name == 0))                                 \
      real_##name = (__typeof__(name) *)rw_icpt_real(#name, ver);      \
    real_##name;                                                       \
  })

/* The thread to record for, or NULL to pass straight through (runtime not
 * started or disabled, runtime-internal thread, reentry). */
rw_thread *rw_icpt_thread_slow(void);  /* registers it (intercept_thread.c) */
static inline rw_thread *rw_icpt_thread(void) {
  if (RW_UNLIKELY(!(rw_cfg.started & rw_cfg.pub.enabled)))
    return 0;
  rw_thread *t = rw_thread_self();
  if (RW_UNLIKELY(!t) && !(t = rw_icpt_thread_slow()))
    return 0;
  return t->busy ? 0 : t;
}

/* The event location: the call site the pass announced, else the caller's
 * return address.  The announced site is consumed. */
static inline rw_loc rw_icpt_loc(rw_thread *t, const void *ret) {
  const raceway_site *site = rw_thread_take_site(t);
  return (rw_loc){site, site ? 0 : ret, 0};
}

/* The LockRelease event of a lock whose acquisition was recorded
 * (intercept_pthread.c; out of line: most releases drop a held-back
 * acquisition instead). */
void rw_icpt_release_event(rw_thread *t, const void *lock, enum rw_lock_kind kind, rw_loc loc);

/* Lock bookkeeping: the happens-before edge and the Lock event, in the
 * order the wire wants (acquire event after acquiring, release event
 * before releasing).  Always inline: the path of every lock operation. */
static RW_ALWAYS_INLINE void rw_icpt_acquired(rw_thread *t, const void *lock, int shared,
                                    enum rw_lock_kind kind, rw_loc loc) {
  t->in_runtime = 1;
  rw_capture_settle(&t->cap);
  uint32_t gen = rw_sync_acquire(&t->hb, (uintptr_t)lock, shared, kind);
  rw_capture_lock(&t->cap, 1, (uintptr_t)lock, gen, kind, 0, loc);
  t->in_runtime = 0;
}

static RW_ALWAYS_INLINE void rw_icpt_releasing(rw_thread *t, const void *lock, int shared,
                                               enum rw_lock_kind kind, rw_loc loc) {
  t->in_runtime = 1;
  rw_capture_settle(&t->cap);
  if (!rw_capture_unlock_dropped(&t->cap, (uintptr_t)lock))
    rw_icpt_release_event(t, lock, kind, loc);
  rw_sync_release(&t->hb, (uintptr_t)lock, shared);
  t->in_runtime = 0;
}

/* A lock operation's fast path before tracking starts (capture.h's lazy
 * locks): no announced call site, every lock event held back, and no
 * tracking yet.  A lock checks after the real acquire, so that a release
 * made once tracking started, which that acquire may have taken, is never
 * skipped (the lock orders that release's rw_sync_live store before this
 * load). */
static RW_ALWAYS_INLINE int rw_icpt_lazy_ok(const raceway_site *site) {
  return !site && rw_sync_lazy_now();
}

/* The announced call site, consumed (before the real call, as
 * rw_icpt_loc). */
static RW_ALWAYS_INLINE const raceway_site *rw_icpt_take_site(rw_thread *t) {
  return rw_thread_take_site(t);
}

/* rw_icpt_acquired / rw_icpt_releasing out of line (intercept_pthread.c),
 * so that the lazy paths below need no stack frame of their own; the
 * location is the announced site, else `ret`. */
void rw_icpt_acquired_at(rw_thread *t, const void *lock, int shared, enum rw_lock_kind kind,
                         const raceway_site *site, const void *ret);
void rw_icpt_releasing_at(rw_thread *t, const void *lock, int shared, enum rw_lock_kind kind,
                          const void *ret);

/* After a successful lock call (rc 0, or EOWNERDEAD: held); site taken
 * before it (rw_icpt_take_site), ret: the interceptor's return address. */
static RW_ALWAYS_INLINE void rw_icpt_locked(rw_thread *t, const void *lock, int shared,
                                            enum rw_lock_kind kind, const raceway_site *site,
                                            const void *ret) {
  if (RW_LIKELY(rw_icpt_lazy_ok(site)) && rw_capture_lazy_lock(&t->cap, (uintptr_t)lock, kind, ret))
    return;
  rw_icpt_acquired_at(t, lock, shared, kind, site, ret);
}

/* Before an unlock call: 1 if the lazy entry was dropped, all done. */
static RW_ALWAYS_INLINE int rw_icpt_lazy_unlocked(rw_thread *t, const void *lock,
                                                  enum rw_lock_kind kind) {
  return RW_LIKELY(rw_icpt_lazy_ok(t->callsite)) &&
         rw_capture_lazy_unlock(&t->cap, (uintptr_t)lock, kind);
}

static RW_ALWAYS_INLINE void rw_icpt_unlocking(rw_thread *t, const void *lock, int shared,
                                               enum rw_lock_kind kind, const void *ret) {
  if (!rw_icpt_lazy_unlocked(t, lock, kind))
    rw_icpt_releasing_at(t, lock, shared, kind, ret);
}

/* Release / acquire edges through a non-lock object (cond, sem, barrier,
 * once): no lock event, no held-lock entry. */
static inline void rw_icpt_signal(rw_thread *t, const void *obj) {
  t->in_runtime = 1;
  rw_sync_atomic_release(&t->hb, (uintptr_t)obj, RACEWAY_ORDER_RELEASE);
  t->in_runtime = 0;
}

static inline void rw_icpt_observe(rw_thread *t, const void *obj) {
  t->in_runtime = 1;
  rw_sync_atomic_acquire(&t->hb, (uintptr_t)obj, RACEWAY_ORDER_ACQUIRE);
  t->in_runtime = 0;
}

/* A condition wait (pthread_cond_*wait, cnd_*wait) releases the mutex and
 * re-acquires it before returning, also on timeout, so both show as lock
 * events; a wake-up acquires what the signallers released.  Before the
 * real wait (`ret`: the interceptor's return address): */
static inline rw_loc rw_icpt_wait_begin(rw_thread *t, const void *m, const void *ret) {
  rw_loc loc = rw_icpt_loc(t, ret);
  rw_icpt_releasing(t, m, 0, RW_LOCK_MUTEX, loc);
  return loc;
}

/* After a wait that returned holding the mutex again. */
static inline void rw_icpt_wait_end(rw_thread *t, const void *c, const void *m, rw_loc loc) {
  rw_icpt_acquired(t, m, 0, RW_LOCK_MUTEX, loc);
  rw_icpt_observe(t, c);
}

/* pthread_once and call_once: the routine's end releases, every caller
 * acquires.  The routine takes no argument, so it and its once object
 * reach the trampoline through the calling thread (the routine runs on
 * it); `outer` keeps a once started inside another routine. */
struct rw_once_call {
  void (*routine)(void);
  const void *obj;
  rw_thread *t;
};
/* A lock found the mutex busy (its trylock failed): wait up to
 * RACEWAY_LOCK_SPIN pauses while another thread holds it, before the real
 * lock (glibc; intercept_pthread.c). */
void rw_icpt_mutex_wait(const pthread_mutex_t *m);

extern __thread struct rw_once_call *rw_once_current;
void rw_icpt_once_trampoline(void); /* intercept_pthread.c */

/* Run `routine` once on `once` through `real` (pthread_once's contract:
 * 0 on success). */
static inline int rw_icpt_once(void *once, void (*routine)(void),
                               int (*real)(void *once, void (*routine)(void))) {
  rw_thread *t = rw_icpt_thread();
  /* A real once that reached the other interceptor with our trampoline
   * must not wrap it again: the trampoline would then call itself. */
  if (!t || routine == rw_icpt_once_trampoline)
    return real(once, routine);
  struct rw_once_call call = {routine, once, t}, *outer = rw_once_current;
  rw_once_current = &call;
  int rc = real(once, rw_icpt_once_trampoline);
  rw_once_current = outer;
  if (rc == 0)
    rw_icpt_observe(t, once);
  return rc;
}

/* Object (re)initialised or destroyed: a new generation. */
static inline void rw_icpt_reset(const void *obj) {
  rw_sync_reset((uintptr_t)obj);
}

/* Thread lifecycle, shared by pthread_* and thrd_* (intercept_thread.c). */
typedef void *(*rw_start_fn)(void *);
/* Create through real_create with the runtime's trampoline.  c11: start is
 * an int (*)(void *) (thrd_start_t). */
int rw_icpt_create(rw_thread *t, rw_loc loc, void *thread_out, const void *attr,
                   rw_start_fn start, void *arg, int c11, int detached);
/* After a successful join of `th`: merge the child's final clock and
 * record the await. */
void rw_icpt_joined(rw_thread *t, uintptr_t th, rw_loc loc);
/* The thread was detached: its record is freed when it ends. */
void rw_icpt_detached(uintptr_t th);

#endif
