/*
 * spin.h - the runtime's one lock for its own tables.
 *
 * A test-and-test-and-set spin lock that spins a little (RW_SPIN_PAUSES
 * pauses, about a microsecond: longer than any critical section under it)
 * and then yields while it waits: a holder running on another CPU is
 * waited for without a system call (yielding at once made each contended
 * release of a lock-free FIFO a sched_yield, bench/RESULTS.md), one
 * preempted is yielded to.  The
 * runtime never takes a pthread mutex for its own state: that would reach
 * its own interceptors, and a fork child could inherit it locked by a
 * thread that no longer exists (rw_spin_reset, from the fork handler).
 * Critical sections under it are short and never block.
 */
#ifndef RW_SPIN_H
#define RW_SPIN_H

#include <sched.h>
#include <stdatomic.h>

typedef struct rw_spin {
  atomic_int locked;
} rw_spin;

#define RW_SPIN_INIT {0}

#define RW_SPIN_PAUSES 64

/* Pause in a spin loop (the sibling hyperthread gets the core). */
static inline void rw_spin_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  __asm__ volatile("yield");
#endif
}

static inline void rw_spin_lock(rw_spin *s) {
  while (atomic_exchange_explicit(&s->locked, 1, memory_order_acquire))
    for (unsigned n = 0; atomic_load_explicit(&s->locked, memory_order_relaxed); n++) {
      if (n < RW_SPIN_PAUSES)
        rw_spin_relax();
      else
        sched_yield();
    }
}

static inline void rw_spin_unlock(rw_spin *s) {
  atomic_store_explicit(&s->locked, 0, memory_order_release);
}

/* fork child: whoever held it is gone. */
static inline void rw_spin_reset(rw_spin *s) {
  atomic_store_explicit(&s->locked, 0, memory_order_relaxed);
}

#endif
