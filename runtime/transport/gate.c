/*
 * gate.c - a fork waits until the flusher is between records.
 *
 * Dekker's handshake on two words: the flusher sets `inside` then reads
 * `forking`; the forking thread sets `forking` then reads `inside`.  Both
 * sequentially consistent, so at least one sees the other's store: the
 * flusher backs out and waits, or the fork waits for it to leave.
 */
#include "transport/gate.h"

#include <stdatomic.h>
#include <time.h>

#include "common/clock.h"

#define FORK_WAIT_NS 1000000000ull   /* a fork waits at most 1 s */

static atomic_int inside;            /* the flusher is encoding       */
static atomic_int forking;           /* a prepare handler is running  */
static _Thread_local int mine;       /* this thread is inside         */

static void nap(void) {
  struct timespec ts = {0, 50000};   /* 50 us */
  nanosleep(&ts, 0);
}

void rw_gate_enter(void) {
  /* The fork clears `forking` in its parent or child handler; bounded
   * anyway, should neither run. */
  uint64_t end = 0;
  for (;;) {
    atomic_store(&inside, 1);
    if (!atomic_load(&forking))
      break;
    atomic_store(&inside, 0);
    uint64_t now = rw_clock_mono_ns();
    if (!end)
      end = now + FORK_WAIT_NS;
    else if (now >= end)
      return;   /* not inside: a later enter tries again */
    nap();
  }
  mine = 1;
}

void rw_gate_leave(void) {
  mine = 0;
  atomic_store_explicit(&inside, 0, memory_order_release);
}

int rw_gate_pause(void) {
  if (!mine)
    return 0;
  rw_gate_leave();
  return 1;
}

void rw_gate_resume(int was_inside) {
  if (was_inside)
    rw_gate_enter();
}

void rw_gate_before_fork(void) {
  if (mine)
    return;   /* the flusher itself forks: nothing to wait for */
  atomic_store(&forking, 1);
  uint64_t end = rw_clock_mono_ns() + FORK_WAIT_NS;
  while (atomic_load(&inside) && rw_clock_mono_ns() < end)
    nap();
}

void rw_gate_after_fork_parent(void) { atomic_store(&forking, 0); }

/* Only the forking thread is left; it was not inside. */
void rw_gate_after_fork(void) {
  mine = 0;
  atomic_store(&forking, 0);
  atomic_store(&inside, 0);
}
