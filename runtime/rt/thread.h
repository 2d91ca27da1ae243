/*
 * thread.h - per-thread runtime state (runtime/rt/thread.c).
 *
 * Each application thread that touches the runtime gets one rw_thread,
 * found through an initial-exec TLS pointer (one load on the hot path),
 * and one slot in the registry (capture/slots.h).  The record aggregates
 * each layer's per-thread state: its clock and held locks (hb), its event
 * capture (cap), the detector's memo.
 */
#ifndef RW_THREAD_H
#define RW_THREAD_H

#include <stdint.h>

#include "capture/capture.h"
#include "common/export.h"
#include "detect/detector.h"
#include "hb/sync.h"

/* A spawn, as the parent recorded it; handed to the child. */
typedef struct rw_spawn {
  uint8_t task_id[16];       /* AsyncSpawn.task_id (UUID bytes)         */
  uint32_t parent_slot;      /* the first event's parent (slot, seq):  */
  uint64_t spawn_seq;        /* the AsyncSpawn, else an event before it
                                (rw_capture_spawn_parent); seq 0: none */
  rw_vc start_vc;            /* child's initial clock (rw_sync_fork)    */
} rw_spawn;

typedef struct rw_thread {
  uint32_t slot;             /* dense, >= 1                             */
  uint32_t os_tid;
  /* The lock interceptors' fast path tests one word, `gate`: 0 when the
   * thread is neither ignored nor inside the runtime and has no call site
   * announced.  Each byte has one writer, this thread. */
  union {
    struct {
      uint8_t ignore;        /* runtime-internal thread: interceptors pass
                                through, nothing is recorded            */
      uint8_t in_runtime;    /* reentrancy guard for interceptors       */
      uint8_t has_site;      /* callsite != NULL (rw_thread_set_site)   */
      uint8_t gate_unused;
    };
    uint16_t busy;           /* ignore or in_runtime                    */
    uint32_t gate;           /* busy or has_site                        */
  };
  uint8_t quiet;             /* inside an OpenMP reduction's combining
                                step (ompt/team.c): hooks pass through  */
  const raceway_site *callsite; /* set by __raceway_callsite, consumed
                                   by the next interceptor: only through
                                   rw_thread_set_site / take_site       */
  uintptr_t atomic_addr;     /* a tracked atomic between its hooks: its
                                address, checked by __raceway_atomic_pre
                                in the epoch its release published, and
                                recorded by __raceway_atomic_post; 0: none */
  uint64_t atomic_old;       /* what it overwrites, read before it ran  */
  uint8_t atomic_has_old;
  uint8_t atomic_tick;       /* it released: post starts the next epoch */
  uint8_t atomic_raced;      /* its check found a race                  */
  rw_capture cap;            /* event capture state (capture.h)         */
  rw_hb hb;                  /* happens-before state (sync.h)           */
  rw_detector_memo memo;     /* the detector's same-epoch memo          */
} rw_thread;

/* The calling thread's record.  Never NULL: a thread with no record yet
 * points at rw_thread_none (ignored, gate not 0, no lazy entry), so that
 * the lock paths test its gate word with no null test first.  Every
 * other reader goes through rw_thread_self. */
extern __thread rw_thread *rw_self __attribute__((tls_model("initial-exec")));
extern RW_HIDDEN rw_thread rw_thread_none;

/* The calling thread's record, NULL if it has none yet. */
static inline rw_thread *rw_thread_self(void) {
  rw_thread *t = rw_self;
  return t != &rw_thread_none ? t : 0;
}

/* The announced call site (__raceway_callsite), kept with its gate byte. */
static inline void rw_thread_set_site(rw_thread *t, const raceway_site *site) {
  t->callsite = site;
  t->has_site = site != 0;
}
/* ... and consumed by the next interceptor. */
static inline const raceway_site *rw_thread_take_site(rw_thread *t) {
  const raceway_site *site = t->callsite;
  t->callsite = 0;
  t->has_site = 0;
  return site;
}

/* The calling thread's state, registering it on first use; NULL when
 * memory or slots ran out (then the thread records nothing).  The runtime
 * must have started (rt/lifecycle.h: rw_lifecycle_thread does both). */
rw_thread *rw_thread_current(void);
/* Register the calling (new) thread as the child of sp (NULL: no parent
 * known).  Takes ownership of sp->start_vc. */
rw_thread *rw_thread_attach(rw_spawn *sp);
/* The calling thread is ending: its ring is left to the transport. */
void rw_thread_detach(void);
/* Mark the calling thread as runtime-internal (flusher, curl). */
void rw_thread_ignore_self(void);
/* fork child, after every layer forgot the parent's other threads: the
 * calling thread keeps its slot (its clock is indexed by it), gets a new
 * name and an empty ring, and its next event starts a new root. */
void rw_thread_after_fork(void);

#endif
