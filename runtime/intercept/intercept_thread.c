/*
 * intercept_thread.c - thread creation, join and detach (pthread_* and
 * C11 thrd_*): fork/join happens-before and AsyncSpawn/AsyncAwait events.
 *
 * Each created thread gets a record that travels to the child through the
 * trampoline's argument.  The child fills in its final clock and last
 * event when it ends (a cleanup handler, so pthread_exit and cancellation
 * are covered, after the program's own handlers); a joiner finds the
 * record by thread id, merges the clock and frees it; a detached thread
 * frees its own, and its slot waits for a sweep (rt/sweep.h).  Records are
 * runtime memory (rawalloc.h).
 */
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <threads.h>

#include "common/diag.h"
#include "common/rawalloc.h"
#include "common/spin.h"
#include "intercept/intercept.h"
#include "rt/sweep.h"

__thread uint8_t rw_icpt_busy __attribute__((tls_model("initial-exec")));

RW_NOINLINE rw_thread *rw_icpt_thread_slow(void) {
  if (rw_icpt_busy)
    return 0;
  rw_icpt_busy = 1;
  rw_thread *t = rw_lifecycle_thread_slow();
  rw_icpt_busy = 0;
  return t;
}

/* A record is freed once the creator is done with it (PARENT_DONE) and the
 * thread was either joined, or both finished and detached. */
enum { REC_FINISHED = 1, REC_DETACHED = 2, REC_PARENT_DONE = 4, REC_JOINED = 8 };

typedef struct thread_rec {
  struct thread_rec *next;
  _Atomic uintptr_t th;      /* pthread_t; set by parent and child */
  atomic_int state;          /* REC_* bits; the last one needed frees   */
  int ignore;                /* child of a runtime-internal thread */
  int c11;                   /* start is a thrd_start_t */
  rw_start_fn start;
  void *arg;
  rw_spawn sp;               /* task id and the child's start clock */
  uint32_t child_slot;       /* filled when the child ends */
  uint64_t last_seq;
  rw_vc final_vc;
} thread_rec;

static rw_spin recs_lock = RW_SPIN_INIT;
static thread_rec *recs;     /* joinable, not yet joined */

static void recs_acquire(void) { rw_spin_lock(&recs_lock); }
static void recs_release(void) { rw_spin_unlock(&recs_lock); }

/* In a fork child only this thread is left: a lock another thread held
 * would never be released. */
static void records_after_fork(void) { rw_spin_reset(&recs_lock); }

__attribute__((constructor)) static void records_init(void) {
  pthread_atfork(0, 0, records_after_fork);
}

/* RTLD_NEXT finds the C library's definition when libraceway comes before
 * it in the search order, as it should.  A libraceway.so that only a shared
 * library needs loads after libc: nothing follows it, so the definition in
 * the global scope is taken instead, unless that is libraceway's own (which
 * would recurse).  The interceptors then do not interpose, and a warning
 * says so, once. */
void *rw_icpt_real(const char *name, const char *version) {
  void *p = version ? dlvsym(RTLD_NEXT, name, version) : NULL;
  if (!p)
    p = dlsym(RTLD_NEXT, name);
  if (!p) {
    p = version ? dlvsym(RTLD_DEFAULT, name, version) : NULL;
    if (!p)
      p = dlsym(RTLD_DEFAULT, name);
    Dl_info self = {0}, found = {0};
    if (p && dladdr((void *)rw_icpt_real, &self) && dladdr(p, &found) &&
        self.dli_fbase == found.dli_fbase)
      p = NULL;
    static atomic_flag warned = ATOMIC_FLAG_INIT;
    if (p && !atomic_flag_test_and_set(&warned))
      fprintf(rw_diag_err(), "Raceway: libraceway was loaded after the C library (%s), so its "
              "interceptors do not interpose: locks and threads are not seen.  Link the "
              "executable itself with libraceway, ahead of the C library.\n",
              found.dli_fname ? found.dli_fname : "?");
  }
  if (!p) {
    fprintf(rw_diag_err(), "Raceway: cannot find the C library's %s; cannot continue\n", name);
    abort();
  }
  return p;
}

static void rec_free(thread_rec *r) {
  rw_vc_free(&r->final_vc);
  rw_vc_free(&r->sp.start_vc);
  rw_raw_free(r);
}

static void rec_unlink(thread_rec *r) {
  for (thread_rec **pp = &recs; *pp; pp = &(*pp)->next)
    if (*pp == r) {
      *pp = r->next;
      return;
    }
}

static int rec_done(int state) {
  int ended = (state & REC_JOINED) ||
              (state & (REC_FINISHED | REC_DETACHED)) == (REC_FINISHED | REC_DETACHED);
  return (state & REC_PARENT_DONE) && ended;
}

/* Sets a state bit; the caller whose bit completes the record frees it.
 * The caller whose bit makes the thread both finished and detached (at
 * create, its end, or pthread_detach) hands its slot to the sweep: no join
 * will ever cover its end. */
static void rec_mark(thread_rec *r, int bit) {
  int old = atomic_fetch_or(&r->state, bit), both = REC_FINISHED | REC_DETACHED;
  uint32_t slot = 0;
  uint64_t final_epoch = 0;
  if ((old & both) != both && ((old | bit) & both) == both && r->child_slot) {
    slot = r->child_slot;
    final_epoch = rw_vc_get(&r->final_vc, slot);
  }
  if (!rec_done(old) && rec_done(old | bit)) {
    recs_acquire();
    rec_unlink(r);               /* a joined record is already unlinked */
    recs_release();
    rec_free(r);
  }
  if (slot)
    rw_sweep_unjoinable(slot, final_epoch);
}

static void thread_end(void *p) {
  thread_rec *r = p;
  rw_thread *t = rw_thread_self();
  if (t && !t->ignore) {
    r->child_slot = t->slot;
    r->last_seq = t->cap.last;
    rw_vc_copy(&r->final_vc, &t->hb.vc);
    rw_thread_detach();
  }
  rec_mark(r, REC_FINISHED);
}

static void *call_start(thread_rec *r) {
  if (r->c11)
    return (void *)(intptr_t)((thrd_start_t)(void *)r->start)(r->arg);
  return r->start(r->arg);
}

static void *trampoline(void *p) {
  thread_rec *r = p;
  if (r->ignore) {
    rw_thread_ignore_self();
    thread_rec copy = *r;
    rw_raw_free(r);
    return call_start(&copy);
  }
  atomic_store(&r->th, (uintptr_t)pthread_self());
  rw_thread_attach(&r->sp);      /* owns sp.start_vc from here */
  rw_vc_init(&r->sp.start_vc);
  void *ret;
  pthread_cleanup_push(thread_end, r);
  ret = call_start(r);
  pthread_cleanup_pop(1);
  return ret;
}

RW_REAL_DECL(pthread_create);

int rw_icpt_create(rw_thread *t, rw_loc loc, void *thread_out, const void *attr,
                   rw_start_fn start, void *arg, int c11, int detached) {
  thread_rec *r = rw_raw_calloc(1, sizeof *r);
  if (!r)
    return EAGAIN;
  r->start = start;
  r->arg = arg;
  r->c11 = c11;
  r->ignore = t == NULL;
  rw_vc_init(&r->sp.start_vc);
  rw_vc_init(&r->final_vc);
  if (t) {
    t->in_runtime = 1;
    uint64_t spawn = rw_capture_spawn(&t->cap, loc, r->sp.task_id);
    rw_capture_spawn_parent(&t->cap, spawn, &r->sp.parent_slot, &r->sp.spawn_seq);
    rw_sync_fork(&t->hb, &r->sp.start_vc);
    t->in_runtime = 0;
    if (detached)
      atomic_store(&r->state, REC_DETACHED);
    recs_acquire();
    r->next = recs;
    recs = r;
    recs_release();
  }
  pthread_t *out = thread_out;
  int rc = RW_REAL(pthread_create)(out, attr, trampoline, r);
  if (rc != 0) {
    if (t) {
      recs_acquire();
      rec_unlink(r);
      recs_release();
    }
    rec_free(r);
    return rc;
  }
  /* The child may already have finished (and detached itself): r lives
   * until PARENT_DONE is set here. */
  if (t) {
    atomic_store(&r->th, (uintptr_t)*out);
    rec_mark(r, REC_PARENT_DONE);
  }
  return 0;
}

static thread_rec *rec_take(uintptr_t th) {
  recs_acquire();
  thread_rec *r = recs;
  while (r && atomic_load(&r->th) != th)
    r = r->next;
  if (r)
    rec_unlink(r);
  recs_release();
  return r;
}

void rw_icpt_joined(rw_thread *t, uintptr_t th, rw_loc loc) {
  thread_rec *r = rec_take(th);
  if (!r)
    return;   /* not created through the runtime, or runtime-internal */
  if (t && r->child_slot) {
    t->in_runtime = 1;
    rw_sync_join(&t->hb, &r->final_vc);
    rw_capture_await(&t->cap, r->sp.task_id, r->child_slot, r->last_seq, loc);
    t->in_runtime = 0;
  }
  rec_mark(r, REC_JOINED);
}

void rw_icpt_detached(uintptr_t th) {
  recs_acquire();
  thread_rec *r = recs;
  while (r && atomic_load(&r->th) != th)
    r = r->next;
  recs_release();
  if (!r)
    return;
  /* The mark may sweep (rt/sweep.h), taking sync-table locks: a signal
   * handler's lock call meanwhile must pass through, not wait for them.
   * (An ended thread, ignored, shares its record with others.) */
  rw_thread *t = rw_thread_self();
  int guard = t && !t->ignore && !t->in_runtime;
  if (guard)
    t->in_runtime = 1;
  rec_mark(r, REC_DETACHED);
  if (guard)
    t->in_runtime = 0;
}

/* ---- pthread ---- */

static int attr_detached(const pthread_attr_t *attr) {
  int state = PTHREAD_CREATE_JOINABLE;
  return attr && pthread_attr_getdetachstate(attr, &state) == 0 &&
         state == PTHREAD_CREATE_DETACHED;
}

/* A thread created by a runtime-internal thread is internal too. */
static int creator_ignored(void) {
  rw_thread *t = rw_thread_self();
  return t && t->ignore;
}

RW_EXPORT int pthread_create(pthread_t *th, const pthread_attr_t *attr,
                             void *(*start)(void *), void *arg) {
  rw_thread *t = rw_icpt_thread();
  if (!t && !creator_ignored())
    return RW_REAL(pthread_create)(th, attr, start, arg);
  rw_loc loc = {0, 0, 0};
  if (t)
    loc = rw_icpt_loc(t, __builtin_return_address(0));
  return rw_icpt_create(t, loc, th, attr, start, arg, 0, attr_detached(attr));
}

RW_REAL_DECL(pthread_join);
RW_REAL_DECL(pthread_tryjoin_np);
RW_REAL_DECL(pthread_timedjoin_np);
RW_REAL_DECL(pthread_clockjoin_np);
RW_REAL_DECL(pthread_detach);

/* The location is taken before the call: the callsite slot is per thread
 * and the blocking call may run other instrumented code (signals). */
#define JOIN_BODY(call)                                          \
  rw_thread *t = rw_icpt_thread();                               \
  rw_loc loc = {0, 0, 0};                                        \
  if (t)                                                         \
    loc = rw_icpt_loc(t, __builtin_return_address(0));           \
  int rc = call;                                                 \
  if (rc == 0)                                                   \
    rw_icpt_joined(t, (uintptr_t)th, loc);                       \
  return rc

RW_EXPORT int pthread_join(pthread_t th, void **ret) {
  JOIN_BODY(RW_REAL(pthread_join)(th, ret));
}

RW_EXPORT int pthread_tryjoin_np(pthread_t th, void **ret) {
  JOIN_BODY(RW_REAL(pthread_tryjoin_np)(th, ret));
}

RW_EXPORT int pthread_timedjoin_np(pthread_t th, void **ret, const struct timespec *abstime) {
  JOIN_BODY(RW_REAL(pthread_timedjoin_np)(th, ret, abstime));
}

RW_EXPORT int pthread_clockjoin_np(pthread_t th, void **ret, clockid_t clock,
                                   const struct timespec *abstime) {
  JOIN_BODY(RW_REAL(pthread_clockjoin_np)(th, ret, clock, abstime));
}

RW_EXPORT int pthread_detach(pthread_t th) {
  int rc = RW_REAL(pthread_detach)(th);
  if (rc == 0)
    rw_icpt_detached((uintptr_t)th);
  return rc;
}

/* ---- C11 threads (glibc implements them on internal pthread calls the
 * pthread interceptors never see) ---- */

static int thrd_result(int err) {
  switch (err) {
  case 0: return thrd_success;
  case ENOMEM: return thrd_nomem;
  case EAGAIN: return thrd_nomem;
  case EBUSY: return thrd_busy;
  case ETIMEDOUT: return thrd_timedout;
  default: return thrd_error;
  }
}

RW_REAL_DECL(thrd_create);
RW_REAL_DECL(thrd_join);
RW_REAL_DECL(thrd_detach);

RW_EXPORT int thrd_create(thrd_t *thr, thrd_start_t func, void *arg) {
  rw_thread *t = rw_icpt_thread();
  if (!t && !creator_ignored())
    return RW_REAL(thrd_create)(thr, func, arg);
  rw_loc loc = {0, 0, 0};
  if (t)
    loc = rw_icpt_loc(t, __builtin_return_address(0));
  return thrd_result(rw_icpt_create(t, loc, thr, NULL, (rw_start_fn)(void *)func, arg, 1, 0));
}

RW_EXPORT int thrd_join(thrd_t th, int *res) {
  JOIN_BODY(RW_REAL(thrd_join)(th, res));
}

RW_EXPORT int thrd_detach(thrd_t th) {
  int rc = RW_REAL(thrd_detach)(th);
  if (rc == thrd_success)
    rw_icpt_detached((uintptr_t)th);
  return rc;
}

/* Resolve everything before main, while the process is single-threaded:
 * dlsym in a racing first call would be safe, but slower and noisier. */
__attribute__((constructor(101))) static void resolve_thread_functions(void) {
  (void)RW_REAL(pthread_create);
  (void)RW_REAL(pthread_join);
  (void)RW_REAL(pthread_tryjoin_np);
  (void)RW_REAL(pthread_timedjoin_np);
  (void)RW_REAL(pthread_clockjoin_np);
  (void)RW_REAL(pthread_detach);
  (void)RW_REAL(thrd_create);
  (void)RW_REAL(thrd_join);
  (void)RW_REAL(thrd_detach);
}
