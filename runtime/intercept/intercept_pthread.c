/*
 * intercept_pthread.c - pthread mutexes, rwlocks, spinlocks, condition
 * variables, barriers, once, and POSIX semaphores.
 *
 * Locks: LockAcquire after a successful acquire, LockRelease before the
 * release, none for a failed trylock/timedlock; the happens-before edge
 * is taken with the event (sync.c).  Cond, barrier, sem and once are
 * release/acquire edges without lock events.  Error returns are passed
 * through unchanged.  A contended mutex or rwlock is first waited for a
 * moment (WAITED_LOCK, RACEWAY_LOCK_SPIN).  Thread create/join live in
 * intercept_thread.c.
 */
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>

#include "common/spin.h"
#include "hb/barrier.h"
#include "intercept/intercept.h"

#define RET_ADDR __builtin_return_address(0)

/* Bookkeeping around a lock call: t is NULL when passing through. */
#define LOCK_BODY(obj, shared, kind, call)              \
  rw_thread *t = rw_icpt_thread();                      \
  if (!t)                                               \
    return call;                                        \
  const raceway_site *site = rw_icpt_take_site(t);      \
  int rc = call;                                        \
  if (RW_LIKELY(rc == 0) || rc == EOWNERDEAD) /* robust: held */ \
    rw_icpt_locked(t, obj, shared, kind, site, RET_ADDR); \
  return rc

/* The checks of UNLOCK_FN's full path, each ending in a tail call: pass
 * through while not recording; a thread not registered yet (its gate is
 * rw_thread_none's), a busy thread or an announced call site to
 * name_other (one test: the gate word); the rest to `next`. */
#define ICPT_DISPATCH(name, obj, next)                                  \
  rw_thread *t = rw_self;                                               \
  if (RW_UNLIKELY(!(rw_cfg.started & rw_cfg.pub.enabled)))              \
    return real_##name(obj);                                            \
  if (RW_UNLIKELY(t->gate))                                             \
    RW_MUSTTAIL return name##_other(obj);                               \
  RW_MUSTTAIL return next(obj)

/* name_other: not registered yet, `unregistered`; busy, pass through;
 * else `then` (an announced call site). */
#define ICPT_OTHER_FN(name, T, unregistered, then)                      \
  static RW_NOINLINE int name##_other(T *obj) {                         \
    rw_thread *t = rw_self;                                             \
    if (t->busy) {                                                      \
      if (t == &rw_thread_none)                                         \
        RW_MUSTTAIL return unregistered(obj);                           \
      return real_##name(obj);                                          \
    }                                                                   \
    RW_MUSTTAIL return then(obj);                                       \
  }

/* The real `name` of one T * argument for LOCK_FN and UNLOCK_FN: the
 * pointer starts at a resolver of the same signature, so that the hot path
 * calls through it with no null test (the constructor below resolves it
 * before main; RW_REAL still works on it). */
#define REAL1_DECL(name, T)                                             \
  static int name##_resolve(T *obj);                                    \
  static __typeof__(name) *real_##name = name##_resolve;                \
  static RW_NOINLINE int name##_resolve(T *obj) {                       \
    real_##name = (__typeof__(name) *)rw_icpt_real(#name, 0);           \
    return real_##name(obj);                                            \
  }
#define REAL1_RESOLVE(name) \
  (real_##name = (__typeof__(name) *)rw_icpt_real(#name, 0))

/* A one-argument lock interceptor `name` of a T *: the real lock (`wait`
 * WAITED: once tracking is live, a busy lock is first waited for, see
 * WAITED_LOCK; NO_WAIT: never), then one set of checks for the lazy
 * entry (capture.h): the thread registered, its gate word 0 (not busy, no
 * call site announced), the lock held, tracking not started (read after
 * the acquire: see rw_icpt_lazy_ok).  A registered thread implies a
 * started runtime; one reconfigured off since (raceway_init) may still
 * make lazy entries, which record nothing and which its unlocks drop.
 * Anything else goes to name_after with the result: a registered,
 * recording thread takes the full acquire (inline: the path of every lock
 * once tracking is live), any other to name_new: every check
 * (rw_icpt_thread, which registers a new thread).  Only obj lives across
 * the real call: one saved register, no frame. */
#define LOCK_FN(name, T, shared, kind, wait)                            \
  static RW_NOINLINE int name##_new(T *obj, int rc, const void *ret) {  \
    rw_thread *t = rw_icpt_thread();                                    \
    if (t && (rc == 0 || rc == EOWNERDEAD)) /* robust: held */          \
      rw_icpt_locked(t, (const void *)obj, shared, kind, rw_icpt_take_site(t), ret); \
    return rc;                                                          \
  }                                                                     \
  static RW_NOINLINE int name##_after(T *obj, int rc, const void *ret) { \
    /* rc opaque: were it known to come back, the caller would keep it   \
     * across a call instead of jumping here (a tail call). */           \
    __asm__("" : "+r"(rc));                                             \
    rw_thread *t = rw_self;                                             \
    if (RW_UNLIKELY(t->busy || !(rw_cfg.started & rw_cfg.pub.enabled))) \
      return name##_new(obj, rc, ret);                                  \
    rw_loc loc = rw_icpt_loc(t, ret);                                   \
    if (rc != 0 && rc != EOWNERDEAD)                                    \
      return rc;                                                        \
    if (loc.pc && rw_icpt_lazy_ok(0) &&                                 \
        rw_capture_lazy_lock(&t->cap, (uintptr_t)obj, kind, ret))       \
      return rc;                                                        \
    wait##_LIVE(name);                                                  \
    rw_icpt_acquired(t, (const void *)obj, shared, kind, loc);          \
    return rc;                                                          \
  }                                                                     \
  RW_EXPORT int name(T *obj) {                                          \
    /* A T is aligned: the lazy entry's kind bits are free (no test). */ \
    obj = (T *)__builtin_assume_aligned((const void *)obj, _Alignof(T)); \
    int rc = wait##_CALL(name, obj);                                    \
    rw_thread *t = rw_self; /* never NULL: rw_thread_none's gate is set */ \
    /* rc | gate: held, registered, not busy, no site: one test */        \
    if (RW_LIKELY((rc | (int)t->gate) == 0 && rw_sync_lazy_now()) &&     \
        RW_LIKELY(rw_capture_lazy_lock(&t->cap, (uintptr_t)obj, kind, RET_ADDR))) \
      return rc;                                                        \
    return name##_after(obj, rc, RET_ADDR);                             \
  }

/* The lazy unlock, tested first: the thread's newest lazy entry is this
 * lock's, tracking has not started, no call site announced.  An entry was
 * made only with the runtime started and enabled, by a thread neither
 * ignored nor inside the runtime, so those are not tested again: were
 * the runtime reconfigured off or the thread ignored since, dropping the
 * entry is still right (no one else would).  Drops it: 1. */
#define ICPT_LAZY_UNLOCK(t, obj, kind)                                  \
  (rw_capture_lazy_top(&(t)->cap, (uintptr_t)(obj), kind) &&            \
   RW_LIKELY(rw_sync_lazy_now() &&                                      \
             !(t)->has_site) &&                                         \
   (rw_capture_lazy_drop(&(t)->cap), 1))

/* An unlock interceptor `name` of a T *: the lazy path, else name_full
 * (the checks), then name_at, which have the same signature so that they
 * are tail calls (musttail): the return address is the caller's, and
 * none needs a stack frame on the lazy path. */
#define UNLOCK_FN(name, T, kind)                                        \
  static RW_NOINLINE int name##_at(T *obj) {                            \
    rw_thread *t = rw_self;                                             \
    rw_icpt_releasing(t, (const void *)obj, 0, kind, rw_icpt_loc(t, RET_ADDR)); \
    return real_##name(obj);                                          \
  }                                                                     \
  static RW_NOINLINE int name##_new(T *obj) {                           \
    rw_thread *t = rw_icpt_thread_slow();                               \
    if (t && !t->ignore && !t->in_runtime)                              \
      rw_icpt_releasing_at(t, (const void *)obj, 0, kind, RET_ADDR);     \
    return real_##name(obj);                                          \
  }                                                                     \
  ICPT_OTHER_FN(name, T, name##_new, name##_at)                         \
  static RW_NOINLINE int name##_full(T *obj) {                          \
    ICPT_DISPATCH(name, obj, name##_at);                                \
  }                                                                     \
  RW_EXPORT int name(T *obj) {                                          \
    rw_thread *t = rw_self; /* never NULL: rw_thread_none has no entry */ \
    if (!ICPT_LAZY_UNLOCK(t, obj, kind))                                \
      RW_MUSTTAIL return name##_full(obj);                              \
    return real_##name(obj);                                            \
  }

void rw_icpt_release_event(rw_thread *t, const void *lock, enum rw_lock_kind kind, rw_loc loc) {
  rw_capture_lock(&t->cap, 0, (uintptr_t)lock, rw_sync_held_generation(&t->hb, (uintptr_t)lock),
                  kind, 0, loc);
}

RW_NOINLINE void rw_icpt_acquired_at(rw_thread *t, const void *lock, int shared,
                                     enum rw_lock_kind kind, const raceway_site *site,
                                     const void *ret) {
  rw_icpt_acquired(t, lock, shared, kind, (rw_loc){site, site ? 0 : ret, 0});
}

RW_NOINLINE void rw_icpt_releasing_at(rw_thread *t, const void *lock, int shared,
                                      enum rw_lock_kind kind, const void *ret) {
  rw_icpt_releasing(t, lock, shared, kind, rw_icpt_loc(t, ret));
}

/* ---- a contended lock ---- */

/* Raceway's bookkeeping runs inside the program's critical sections once
 * tracking is live (the detector on each tracked access, the lock pair's
 * clock work), so a contender that would have found the lock free a
 * moment later finds it held and sleeps in the kernel: a futex wait, the
 * holder's wake syscall and a context switch on each side, dear on a
 * virtual machine (bench/rwcache.c with an rwlock: 42 times plain's
 * context switches).  So from then on a mutex or rwlock lock is first a
 * trylock, and a busy one waits as glibc's adaptive mutexes do, at most
 * RACEWAY_LOCK_SPIN pauses, before the real lock, which may still sleep
 * and decides who gets the lock.  A mutex waits while glibc's lock word
 * says held (0: free, for every mutex type; elsewhere no wait). */
static unsigned spin_budget(void) {   /* RACEWAY_LOCK_SPIN, 0 when off */
  return rw_cfg.started & rw_cfg.pub.enabled ? rw_cfg.lock_spin : 0;
}
void rw_icpt_mutex_wait(const pthread_mutex_t *m) {
#if defined(__GLIBC__)
  unsigned n = spin_budget();
  /* Off, or held by this thread (error-checking): nothing to wait for. */
  if (!n || (uint32_t)__atomic_load_n(&m->__data.__owner, __ATOMIC_RELAXED) == rw_self->os_tid)
    return;
  for (unsigned i = 0; i < n && __atomic_load_n(&m->__data.__lock, __ATOMIC_RELAXED); i++)
    rw_cpu_relax();
#else
  (void)m;
#endif
}

/* The wait of a busy lock: 0 if it took the lock, else EBUSY (then the
 * real lock).  A mutex reads its lock word; an rwlock, whose word glibc
 * shares between readers, writers and phases, tries again every
 * TRY_EVERY pauses. */
#define TRY_EVERY 8
static int mutex_wait_busy(pthread_mutex_t *m) { return rw_icpt_mutex_wait(m), EBUSY; }
#define RWLOCK_WAIT_BUSY(tryname)                                       \
  static int tryname##_again(pthread_rwlock_t *l) {                     \
    for (unsigned i = 0, n = spin_budget(); i + TRY_EVERY <= n; i += TRY_EVERY) { \
      for (unsigned k = 0; k < TRY_EVERY; k++)                          \
        rw_cpu_relax();                                                 \
      int rc = RW_REAL(tryname)(l);                                     \
      if (rc != EBUSY)                                                  \
        return rc;                                                      \
    }                                                                   \
    return EBUSY;                                                       \
  }

/* The interceptor of lock `name` calls real_##name: glibc's until tracking
 * is live, then name##_waiting (so a lock before tracking costs what it
 * did): the trylock `tryname`, if busy `wait_busy`, then glibc's lock.
 * One store replaces the one pointer with the other, never back: the fast
 * path reads it plainly, as it reads it after the lazy resolver; TSan
 * builds read it atomically.  glibc_##name is set before main. */
#define WAITED_LOCK(name, T, tryname, wait_busy)                        \
  static __typeof__(name) *glibc_##name;                                \
  static int name##_waiting(T *obj) {                                   \
    int rc = RW_REAL(tryname)(obj);                                     \
    if (rc != EBUSY || (rc = wait_busy(obj)) != EBUSY)                  \
      return rc;                                                        \
    return glibc_##name(obj);                                           \
  }                                                                     \
  static RW_NOINLINE void name##_wait_from_now(void) {                  \
    if (!rw_cfg.lock_spin || rw_sync_lazy_now())                        \
      return;                                                           \
    if (!glibc_##name)                                                  \
      glibc_##name = (__typeof__(name) *)rw_icpt_real(#name, 0);        \
    __atomic_store_n(&real_##name, name##_waiting, __ATOMIC_RELAXED);   \
  }
#if RW_TSAN
#define WAITED_CALL(name, obj) __atomic_load_n(&real_##name, __ATOMIC_RELAXED)(obj)
#else
#define WAITED_CALL(name, obj) real_##name(obj)
#endif
#define WAITED_LIVE(name)                                                       \
  (RW_UNLIKELY(__atomic_load_n(&real_##name, __ATOMIC_RELAXED) != name##_waiting) \
       ? name##_wait_from_now() : (void)0)
#define NO_WAIT_CALL(name, obj) real_##name(obj)
#define NO_WAIT_LIVE(name) ((void)0)

REAL1_DECL(pthread_mutex_lock, pthread_mutex_t)
RW_REAL_DECL(pthread_mutex_trylock);
WAITED_LOCK(pthread_mutex_lock, pthread_mutex_t, pthread_mutex_trylock, mutex_wait_busy)

#define RESET_BODY(obj, call) \
  rw_icpt_reset(obj);         \
  return call

/* ---- mutex ---- */

RW_REAL_DECL(pthread_mutex_init);
RW_REAL_DECL(pthread_mutex_destroy);
RW_REAL_DECL(pthread_mutex_timedlock);
RW_REAL_DECL(pthread_mutex_clocklock);
REAL1_DECL(pthread_mutex_unlock, pthread_mutex_t)

RW_EXPORT int pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *a) {
  RESET_BODY(m, RW_REAL(pthread_mutex_init)(m, a));
}

RW_EXPORT int pthread_mutex_destroy(pthread_mutex_t *m) {
  RESET_BODY(m, RW_REAL(pthread_mutex_destroy)(m));
}

LOCK_FN(pthread_mutex_lock, pthread_mutex_t, 0, RW_LOCK_MUTEX, WAITED)

RW_EXPORT int pthread_mutex_trylock(pthread_mutex_t *m) {
  LOCK_BODY(m, 0, RW_LOCK_MUTEX, RW_REAL(pthread_mutex_trylock)(m));
}

RW_EXPORT int pthread_mutex_timedlock(pthread_mutex_t *m, const struct timespec *abstime) {
  LOCK_BODY(m, 0, RW_LOCK_MUTEX, RW_REAL(pthread_mutex_timedlock)(m, abstime));
}

RW_EXPORT int pthread_mutex_clocklock(pthread_mutex_t *m, clockid_t c,
                                      const struct timespec *abstime) {
  LOCK_BODY(m, 0, RW_LOCK_MUTEX, RW_REAL(pthread_mutex_clocklock)(m, c, abstime));
}

UNLOCK_FN(pthread_mutex_unlock, pthread_mutex_t, RW_LOCK_MUTEX)

/* ---- rwlock ---- */

RW_REAL_DECL(pthread_rwlock_init);
RW_REAL_DECL(pthread_rwlock_destroy);
REAL1_DECL(pthread_rwlock_rdlock, pthread_rwlock_t)
RW_REAL_DECL(pthread_rwlock_tryrdlock);
RW_REAL_DECL(pthread_rwlock_timedrdlock);
REAL1_DECL(pthread_rwlock_wrlock, pthread_rwlock_t)
RW_REAL_DECL(pthread_rwlock_trywrlock);
RW_REAL_DECL(pthread_rwlock_timedwrlock);
RW_REAL_DECL(pthread_rwlock_clockrdlock);
RW_REAL_DECL(pthread_rwlock_clockwrlock);
RW_REAL_DECL(pthread_rwlock_unlock);
RWLOCK_WAIT_BUSY(pthread_rwlock_tryrdlock)
RWLOCK_WAIT_BUSY(pthread_rwlock_trywrlock)
WAITED_LOCK(pthread_rwlock_rdlock, pthread_rwlock_t, pthread_rwlock_tryrdlock,
            pthread_rwlock_tryrdlock_again)
WAITED_LOCK(pthread_rwlock_wrlock, pthread_rwlock_t, pthread_rwlock_trywrlock,
            pthread_rwlock_trywrlock_again)

RW_EXPORT int pthread_rwlock_init(pthread_rwlock_t *l, const pthread_rwlockattr_t *a) {
  RESET_BODY(l, RW_REAL(pthread_rwlock_init)(l, a));
}

RW_EXPORT int pthread_rwlock_destroy(pthread_rwlock_t *l) {
  RESET_BODY(l, RW_REAL(pthread_rwlock_destroy)(l));
}

LOCK_FN(pthread_rwlock_rdlock, pthread_rwlock_t, 1, RW_LOCK_RW_READ, WAITED)

RW_EXPORT int pthread_rwlock_tryrdlock(pthread_rwlock_t *l) {
  LOCK_BODY(l, 1, RW_LOCK_RW_READ, RW_REAL(pthread_rwlock_tryrdlock)(l));
}

RW_EXPORT int pthread_rwlock_timedrdlock(pthread_rwlock_t *l, const struct timespec *abstime) {
  LOCK_BODY(l, 1, RW_LOCK_RW_READ, RW_REAL(pthread_rwlock_timedrdlock)(l, abstime));
}

LOCK_FN(pthread_rwlock_wrlock, pthread_rwlock_t, 0, RW_LOCK_RW_WRITE, WAITED)

RW_EXPORT int pthread_rwlock_trywrlock(pthread_rwlock_t *l) {
  LOCK_BODY(l, 0, RW_LOCK_RW_WRITE, RW_REAL(pthread_rwlock_trywrlock)(l));
}

RW_EXPORT int pthread_rwlock_timedwrlock(pthread_rwlock_t *l, const struct timespec *abstime) {
  LOCK_BODY(l, 0, RW_LOCK_RW_WRITE, RW_REAL(pthread_rwlock_timedwrlock)(l, abstime));
}

RW_EXPORT int pthread_rwlock_clockrdlock(pthread_rwlock_t *l, clockid_t c,
                                         const struct timespec *abstime) {
  LOCK_BODY(l, 1, RW_LOCK_RW_READ, RW_REAL(pthread_rwlock_clockrdlock)(l, c, abstime));
}

RW_EXPORT int pthread_rwlock_clockwrlock(pthread_rwlock_t *l, clockid_t c,
                                         const struct timespec *abstime) {
  LOCK_BODY(l, 0, RW_LOCK_RW_WRITE, RW_REAL(pthread_rwlock_clockwrlock)(l, c, abstime));
}

/* pthread_rwlock_unlock does not say which mode it ends: the thread's
 * newest lazy entry for it does, else its held list (a write hold, else a
 * read hold), lazy entries settled first. */
static enum rw_lock_kind held_kind(rw_thread *t, const void *lock) {
  int k = rw_capture_lazy_kind(&t->cap, (uintptr_t)lock);
  if (k >= 0)
    return (enum rw_lock_kind)k;
  t->in_runtime = 1;
  rw_capture_settle(&t->cap);
  t->in_runtime = 0;
  for (uint32_t i = t->hb.nheld; i-- > 0;)
    if (t->hb.held[i].addr == (uintptr_t)lock)
      return t->hb.held[i].shared ? RW_LOCK_RW_READ : RW_LOCK_RW_WRITE;
  return RW_LOCK_RW_WRITE;
}

RW_EXPORT int pthread_rwlock_unlock(pthread_rwlock_t *l) {
  rw_thread *t = rw_icpt_thread();
  if (t) {
    enum rw_lock_kind kind = held_kind(t, l);
    rw_icpt_unlocking(t, l, kind == RW_LOCK_RW_READ, kind, RET_ADDR);
  }
  return RW_REAL(pthread_rwlock_unlock)(l);
}

/* ---- spinlock ---- */

RW_REAL_DECL(pthread_spin_init);
RW_REAL_DECL(pthread_spin_destroy);
REAL1_DECL(pthread_spin_lock, pthread_spinlock_t)
RW_REAL_DECL(pthread_spin_trylock);
REAL1_DECL(pthread_spin_unlock, pthread_spinlock_t)

RW_EXPORT int pthread_spin_init(pthread_spinlock_t *s, int pshared) {
  RESET_BODY((const void *)s, RW_REAL(pthread_spin_init)(s, pshared));
}

RW_EXPORT int pthread_spin_destroy(pthread_spinlock_t *s) {
  RESET_BODY((const void *)s, RW_REAL(pthread_spin_destroy)(s));
}

LOCK_FN(pthread_spin_lock, pthread_spinlock_t, 0, RW_LOCK_SPIN, NO_WAIT)

RW_EXPORT int pthread_spin_trylock(pthread_spinlock_t *s) {
  LOCK_BODY((const void *)s, 0, RW_LOCK_SPIN, RW_REAL(pthread_spin_trylock)(s));
}

UNLOCK_FN(pthread_spin_unlock, pthread_spinlock_t, RW_LOCK_SPIN)

/* ---- condition variables ----
 * glibc keeps the pre-2.3.2 cond ABI under the same names, so the current
 * version is asked for explicitly (as TSan does). */

#define COND_VER "GLIBC_2.3.2"
RW_REAL_DECL(pthread_cond_init);
RW_REAL_DECL(pthread_cond_destroy);
RW_REAL_DECL(pthread_cond_signal);
RW_REAL_DECL(pthread_cond_broadcast);
RW_REAL_DECL(pthread_cond_wait);
RW_REAL_DECL(pthread_cond_timedwait);
RW_REAL_DECL(pthread_cond_clockwait);

RW_EXPORT int pthread_cond_init(pthread_cond_t *c, const pthread_condattr_t *a) {
  RESET_BODY(c, RW_REAL_VER(pthread_cond_init, COND_VER)(c, a));
}

RW_EXPORT int pthread_cond_destroy(pthread_cond_t *c) {
  RESET_BODY(c, RW_REAL_VER(pthread_cond_destroy, COND_VER)(c));
}

RW_EXPORT int pthread_cond_signal(pthread_cond_t *c) {
  rw_thread *t = rw_icpt_thread();
  if (t)
    rw_icpt_signal(t, c);
  return RW_REAL_VER(pthread_cond_signal, COND_VER)(c);
}

RW_EXPORT int pthread_cond_broadcast(pthread_cond_t *c) {
  rw_thread *t = rw_icpt_thread();
  if (t)
    rw_icpt_signal(t, c);
  return RW_REAL_VER(pthread_cond_broadcast, COND_VER)(c);
}

/* The wait (rw_icpt_wait_begin/end): it returns holding the mutex on a
 * wake-up and on a timeout. */
#define WAIT_BODY(c, m, call)                                  \
  rw_thread *t = rw_icpt_thread();                             \
  if (!t)                                                      \
    return call;                                               \
  rw_loc loc = rw_icpt_wait_begin(t, m, RET_ADDR);             \
  int rc = call;                                               \
  if (rc == 0 || rc == ETIMEDOUT)                              \
    rw_icpt_wait_end(t, c, m, loc);                            \
  return rc

RW_EXPORT int pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m) {
  WAIT_BODY(c, m, RW_REAL_VER(pthread_cond_wait, COND_VER)(c, m));
}

RW_EXPORT int pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m,
                                     const struct timespec *abstime) {
  WAIT_BODY(c, m, RW_REAL_VER(pthread_cond_timedwait, COND_VER)(c, m, abstime));
}

RW_EXPORT int pthread_cond_clockwait(pthread_cond_t *c, pthread_mutex_t *m, clockid_t clock,
                                     const struct timespec *abstime) {
  WAIT_BODY(c, m, RW_REAL(pthread_cond_clockwait)(c, m, clock, abstime));
}

/* ---- barrier: every waiter releases into its generation before waiting
 * and acquires that generation after (hb/barrier.h), so each one leaves
 * ordered after all arrivals of its generation, and of no later one. ---- */

RW_REAL_DECL(pthread_barrier_init);
RW_REAL_DECL(pthread_barrier_destroy);
RW_REAL_DECL(pthread_barrier_wait);

RW_EXPORT int pthread_barrier_init(pthread_barrier_t *b, const pthread_barrierattr_t *a,
                                   unsigned count) {
  rw_icpt_reset(b);
  int rc = RW_REAL(pthread_barrier_init)(b, a, count);
  if (rc == 0)
    rw_barrier_init((uintptr_t)b, count);
  return rc;
}

RW_EXPORT int pthread_barrier_destroy(pthread_barrier_t *b) {
  rw_icpt_reset(b);
  rw_barrier_forget((uintptr_t)b);
  return RW_REAL(pthread_barrier_destroy)(b);
}

RW_EXPORT int pthread_barrier_wait(pthread_barrier_t *b) {
  /* Every arrival counts toward the generations, recorded or not. */
  rw_thread *t = rw_icpt_thread();
  if (t)
    t->in_runtime = 1;
  uint64_t ticket = rw_barrier_arrive(t ? &t->hb : NULL, (uintptr_t)b);
  if (t)
    t->in_runtime = 0;
  int rc = RW_REAL(pthread_barrier_wait)(b);
  if (t && (rc == 0 || rc == PTHREAD_BARRIER_SERIAL_THREAD)) {
    t->in_runtime = 1;
    rw_barrier_leave(&t->hb, (uintptr_t)b, ticket);
    t->in_runtime = 0;
  }
  return rc;
}

/* ---- semaphores ---- */

RW_REAL_DECL(sem_init);
RW_REAL_DECL(sem_destroy);
RW_REAL_DECL(sem_post);
RW_REAL_DECL(sem_wait);
RW_REAL_DECL(sem_trywait);
RW_REAL_DECL(sem_timedwait);
RW_REAL_DECL(sem_clockwait);

RW_EXPORT int sem_init(sem_t *s, int pshared, unsigned value) {
  RESET_BODY(s, RW_REAL(sem_init)(s, pshared, value));
}

RW_EXPORT int sem_destroy(sem_t *s) {
  RESET_BODY(s, RW_REAL(sem_destroy)(s));
}

RW_EXPORT int sem_post(sem_t *s) {
  rw_thread *t = rw_icpt_thread();
  if (t)
    rw_icpt_signal(t, s);
  return RW_REAL(sem_post)(s);
}

#define SEM_WAIT_BODY(s, call)       \
  rw_thread *t = rw_icpt_thread();   \
  int rc = call;                     \
  if (t && rc == 0)                  \
    rw_icpt_observe(t, s);           \
  return rc

RW_EXPORT int sem_wait(sem_t *s) {
  SEM_WAIT_BODY(s, RW_REAL(sem_wait)(s));
}

RW_EXPORT int sem_trywait(sem_t *s) {
  SEM_WAIT_BODY(s, RW_REAL(sem_trywait)(s));
}

RW_EXPORT int sem_timedwait(sem_t *s, const struct timespec *abstime) {
  SEM_WAIT_BODY(s, RW_REAL(sem_timedwait)(s, abstime));
}

RW_EXPORT int sem_clockwait(sem_t *s, clockid_t clock, const struct timespec *abstime) {
  SEM_WAIT_BODY(s, RW_REAL(sem_clockwait)(s, clock, abstime));
}

/* ---- pthread_once (the shared logic: rw_icpt_once in intercept.h) ---- */

RW_REAL_DECL(pthread_once);

__thread struct rw_once_call *rw_once_current;

void rw_icpt_once_trampoline(void) {
  struct rw_once_call *c = rw_once_current;
  c->routine();
  rw_icpt_signal(c->t, c->obj);
}

static int real_once(void *once, void (*routine)(void)) {
  return RW_REAL(pthread_once)(once, routine);
}

RW_EXPORT int pthread_once(pthread_once_t *once, void (*routine)(void)) {
  return rw_icpt_once(once, routine, real_once);
}

/* The common entry points are resolved before main; the rest on first use
 * (dlsym is thread-safe, and a race only stores the same pointer twice). */
__attribute__((constructor(101))) static void resolve_pthread_functions(void) {
  (void)REAL1_RESOLVE(pthread_mutex_lock);
  (void)RW_REAL(pthread_mutex_trylock);
  glibc_pthread_mutex_lock = real_pthread_mutex_lock;
  (void)REAL1_RESOLVE(pthread_mutex_unlock);
  (void)RW_REAL(pthread_mutex_init);
  (void)RW_REAL(pthread_mutex_destroy);
  (void)REAL1_RESOLVE(pthread_rwlock_rdlock);
  (void)REAL1_RESOLVE(pthread_rwlock_wrlock);
  glibc_pthread_rwlock_rdlock = real_pthread_rwlock_rdlock;
  glibc_pthread_rwlock_wrlock = real_pthread_rwlock_wrlock;
  (void)RW_REAL(pthread_rwlock_tryrdlock);
  (void)RW_REAL(pthread_rwlock_trywrlock);
  (void)RW_REAL(pthread_rwlock_unlock);
  (void)REAL1_RESOLVE(pthread_spin_lock);
  (void)REAL1_RESOLVE(pthread_spin_unlock);
  (void)RW_REAL_VER(pthread_cond_wait, COND_VER);
  (void)RW_REAL_VER(pthread_cond_timedwait, COND_VER);
  (void)RW_REAL_VER(pthread_cond_signal, COND_VER);
  (void)RW_REAL_VER(pthread_cond_broadcast, COND_VER);
  (void)RW_REAL(pthread_barrier_wait);
  (void)RW_REAL(sem_post);
  (void)RW_REAL(sem_wait);
  (void)RW_REAL(pthread_once);
}
