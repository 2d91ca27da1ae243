/*
 * intercept_c11.c - C11 <threads.h> mutexes, condition variables and
 * call_once.  glibc implements them on internal pthread entry points that
 * the pthread interceptors never see, so they are intercepted here with
 * the same semantics (thread create/join: intercept_thread.c).
 */
#include <threads.h>

#include "intercept/intercept.h"

#define RET_ADDR __builtin_return_address(0)

RW_REAL_DECL(mtx_init);
RW_REAL_DECL(mtx_destroy);
RW_REAL_DECL(mtx_lock);
RW_REAL_DECL(mtx_trylock);
RW_REAL_DECL(mtx_timedlock);
RW_REAL_DECL(mtx_unlock);
RW_REAL_DECL(cnd_init);
RW_REAL_DECL(cnd_destroy);
RW_REAL_DECL(cnd_signal);
RW_REAL_DECL(cnd_broadcast);
RW_REAL_DECL(cnd_wait);
RW_REAL_DECL(cnd_timedwait);
RW_REAL_DECL(call_once);

RW_EXPORT int mtx_init(mtx_t *m, int type) {
  rw_icpt_reset(m);
  return RW_REAL(mtx_init)(m, type);
}

RW_EXPORT void mtx_destroy(mtx_t *m) {
  rw_icpt_reset(m);
  RW_REAL(mtx_destroy)(m);
}

#define MTX_LOCK_BODY(m, call)                      \
  rw_thread *t = rw_icpt_thread();                  \
  if (!t)                                           \
    return call;                                    \
  const raceway_site *site = rw_icpt_take_site(t);  \
  int rc = call;                                    \
  if (rc == thrd_success)                           \
    rw_icpt_locked(t, m, 0, RW_LOCK_MUTEX, site, RET_ADDR); \
  return rc

/* glibc's mtx_t is its pthread_mutex_t (mtx_lock casts it). */
_Static_assert(sizeof(mtx_t) == sizeof(pthread_mutex_t), "mtx_t is a pthread_mutex_t");

/* As pthread_mutex_lock: once tracking is live, a trylock, and if busy a
 * wait before the lock. */
static int mtx_lock_waiting(mtx_t *m) {
  if (rw_sync_lazy_now())
    return RW_REAL(mtx_lock)(m);
  int rc = RW_REAL(mtx_trylock)(m);
  if (rc != thrd_busy)
    return rc;
  rw_icpt_mutex_wait((const pthread_mutex_t *)(const void *)m);
  return RW_REAL(mtx_lock)(m);
}

RW_EXPORT int mtx_lock(mtx_t *m) {
  MTX_LOCK_BODY(m, mtx_lock_waiting(m));
}

RW_EXPORT int mtx_trylock(mtx_t *m) {
  MTX_LOCK_BODY(m, RW_REAL(mtx_trylock)(m));
}

RW_EXPORT int mtx_timedlock(mtx_t *restrict m, const struct timespec *restrict ts) {
  MTX_LOCK_BODY(m, RW_REAL(mtx_timedlock)(m, ts));
}

RW_EXPORT int mtx_unlock(mtx_t *m) {
  rw_thread *t = rw_icpt_thread();
  if (t)
    rw_icpt_unlocking(t, m, 0, RW_LOCK_MUTEX, RET_ADDR);
  return RW_REAL(mtx_unlock)(m);
}

RW_EXPORT int cnd_init(cnd_t *c) {
  rw_icpt_reset(c);
  return RW_REAL(cnd_init)(c);
}

RW_EXPORT void cnd_destroy(cnd_t *c) {
  rw_icpt_reset(c);
  RW_REAL(cnd_destroy)(c);
}

RW_EXPORT int cnd_signal(cnd_t *c) {
  rw_thread *t = rw_icpt_thread();
  if (t)
    rw_icpt_signal(t, c);
  return RW_REAL(cnd_signal)(c);
}

RW_EXPORT int cnd_broadcast(cnd_t *c) {
  rw_thread *t = rw_icpt_thread();
  if (t)
    rw_icpt_signal(t, c);
  return RW_REAL(cnd_broadcast)(c);
}

/* As pthread_cond_wait (rw_icpt_wait_begin/end), with C11's codes. */
#define CND_WAIT_BODY(c, m, call)                              \
  rw_thread *t = rw_icpt_thread();                             \
  if (!t)                                                      \
    return call;                                               \
  rw_loc loc = rw_icpt_wait_begin(t, m, RET_ADDR);             \
  int rc = call;                                               \
  if (rc == thrd_success || rc == thrd_timedout)               \
    rw_icpt_wait_end(t, c, m, loc);                            \
  return rc

RW_EXPORT int cnd_wait(cnd_t *c, mtx_t *m) {
  CND_WAIT_BODY(c, m, RW_REAL(cnd_wait)(c, m));
}

RW_EXPORT int cnd_timedwait(cnd_t *restrict c, mtx_t *restrict m,
                            const struct timespec *restrict ts) {
  CND_WAIT_BODY(c, m, RW_REAL(cnd_timedwait)(c, m, ts));
}

/* call_once: as pthread_once (rw_icpt_once in intercept.h).  It returns
 * nothing, so for the helper it always succeeds. */
static int real_once(void *flag, void (*fn)(void)) {
  RW_REAL(call_once)(flag, fn);
  return 0;
}

RW_EXPORT void call_once(once_flag *flag, void (*fn)(void)) {
  rw_icpt_once(flag, fn, real_once);
}

__attribute__((constructor(101))) static void resolve_c11_functions(void) {
  (void)RW_REAL(mtx_init);
  (void)RW_REAL(mtx_destroy);
  (void)RW_REAL(mtx_lock);
  (void)RW_REAL(mtx_trylock);
  (void)RW_REAL(mtx_timedlock);
  (void)RW_REAL(mtx_unlock);
  (void)RW_REAL(cnd_init);
  (void)RW_REAL(cnd_destroy);
  (void)RW_REAL(cnd_signal);
  (void)RW_REAL(cnd_broadcast);
  (void)RW_REAL(cnd_wait);
  (void)RW_REAL(cnd_timedwait);
  (void)RW_REAL(call_once);
}
