/*
 * lifecycle.h - start, stop and fork of the whole runtime
 * (runtime/rt/lifecycle.c).  The only place that calls every layer's
 * init, shutdown and after-fork functions, in dependency order.
 */
#ifndef RW_LIFECYCLE_H
#define RW_LIFECYCLE_H

#include "common/export.h"
#include "rt/thread.h"

/* Start the runtime from the environment unless it started already, and
 * the flusher if it is not running.  Returns 1 when capture is on. */
int rw_lifecycle_ensure(void);
/* raceway_flush: wait until what was produced so far is delivered or
 * dropped, at most timeout_ms.  0, or -1 on timeout. */
int rw_lifecycle_flush(unsigned timeout_ms);
/* Started, and not shut down yet. */
int rw_lifecycle_running(void);
/* Started at some point (also after shutdown): reports can be read. */
int rw_lifecycle_started(void);

/* The calling thread's state, starting the runtime and registering the
 * thread on first use (NULL: cannot record). */
rw_thread *rw_lifecycle_thread_slow(void);
static inline rw_thread *rw_lifecycle_thread(void) {
  rw_thread *t = rw_thread_self();
  return RW_LIKELY(t != 0) ? t : rw_lifecycle_thread_slow();
}

#endif
