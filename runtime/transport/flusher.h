/*
 * flusher.h - the background flusher (runtime/transport/flusher.c).
 *
 * One flusher thread per process drains every thread's ring (capture/slots.h)
 * in slot order through the record encoder (recenc.h) into batches for the
 * sink (batch.h).  Application threads only ever touch their own ring and,
 * rarely, rw_flusher_kick.
 */
#ifndef RW_FLUSHER_H
#define RW_FLUSHER_H

#include <stdint.h>

#include "raceway/raceway.h"

/* Wake the flusher now (lock-free, never blocks; from any thread). */
void rw_flusher_kick(void);
/* Start the flusher thread if it is not running; on_start runs first on
 * the new thread (the caller marks it runtime-internal).  The caller makes
 * sure the spawn is not recorded.  0, or -1. */
int rw_flusher_start(void (*on_start)(void));
/* Wait until every event produced before the call is delivered or
 * dropped, at most timeout_ms.  0 if so, -1 on timeout or when events are
 * pending and the flusher is not running. */
int rw_flusher_wait(unsigned timeout_ms);
/* Final flush bounded by timeout_ms, stop the thread, close the sink; then
 * everything still pending counts as undeliverable. */
void rw_flusher_stop(unsigned timeout_ms);
/* Stop the flusher thread after a final pass (bounded by timeout_ms) and
 * close the sink, so the configuration can be replaced; the next
 * rw_flusher_start starts a new thread with a new sink.  Nothing pending
 * is lost.  0, or -1 if the thread did not stop in time (it still runs). */
int rw_flusher_quiesce(unsigned timeout_ms);
/* 1 while the thread runs. */
int rw_flusher_running(void);
/* fork: the prepare handler waits (at most 1 s) until the flusher is
 * between records (transport/gate.h); the parent's handler lets it go on. */
void rw_flusher_before_fork(void);
void rw_flusher_after_fork_parent(void);
/* fork child: forget the parent's flusher, sink and buffered events. */
void rw_flusher_after_fork(void);
/* Accounting since start (see raceway_stats). */
void rw_flusher_stats(raceway_stats *out, uint64_t *full, uint64_t *rejected,
                      uint64_t *undeliverable);

#endif
