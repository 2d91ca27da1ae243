/*
 * flusher.h - the background flusher (runtime/flusher.c) and the thread
 * registry it reads (runtime/thread.c).
 *
 * One flusher thread per process drains every thread's ring in slot order,
 * turns records into JSON events (ids, parents, clocks, lock sets), batches
 * them and hands the batches to the sink.  Application threads only ever
 * touch their own ring and, rarely, rw_flusher_kick.
 */
#ifndef RW_FLUSHER_H
#define RW_FLUSHER_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include "raceway/raceway.h"
#include "ring.h"

/* ---- registry (thread.c) ---- */

typedef struct rw_slot {
  char name[24];            /* "pid:tid", valid for the whole run        */
  _Atomic(rw_ring *) ring;  /* the thread's ring; the flusher retires it
                               (keeping the header) once `exited` is set;
                               atomic: stats read it from any thread     */
  _Atomic int exited;       /* the thread detached (or is gone: fork)    */
  void *fstate;             /* the flusher's per-thread state            */
} rw_slot;

/* The entry of a registered slot, or NULL. */
rw_slot *rw_slot_get(uint32_t slot);
/* One past the highest slot handed out so far. */
uint32_t rw_slot_end(void);
/* Current process id (updated in a fork child). */
extern uint32_t rw_pid;

/* ---- lifecycle (api.c) ---- */

/* Start the runtime from the environment unless it started already.
 * Returns 1 when capture is on. */
int rw_runtime_ensure(void);
/* raceway_shutdown for atexit.  Registered at start, and again by code
 * that makes a library register its own atexit cleanup (libcurl/OpenSSL),
 * so the runtime's shutdown runs before that library is torn down. */
void rw_exit_handler(void);
/* Capture is on: started, enabled, sending, not shut down. */
extern _Atomic int rw_capture_on;

/* ---- flusher (flusher.c) ---- */

/* Wake the flusher now (lock-free, never blocks; from any thread). */
void rw_flusher_kick(void);
/* Start the flusher thread if it is not running. 0, or -1. */
int rw_flusher_start(void);
/* Wait until every event produced before the call is delivered or
 * dropped, at most timeout_ms.  0 if so, -1 on timeout. */
int rw_flusher_wait(unsigned timeout_ms);
/* Final flush bounded by timeout_ms, stop the thread, close the sink; then
 * everything still pending counts as undeliverable. */
void rw_flusher_stop(unsigned timeout_ms);
/* Stop the flusher thread after a final pass (bounded by timeout_ms) and
 * close the sink, so the configuration can be replaced; the next
 * rw_flusher_start starts a new thread with a new sink.  Nothing pending
 * is lost.  0, or -1 if the thread did not stop in time (it still runs). */
int rw_flusher_quiesce(unsigned timeout_ms);
/* fork child: forget the parent's flusher, sink and buffered events. */
void rw_flusher_after_fork(void);
/* RACEWAY_SEND=races (send_races.c, flusher thread): append one encoded
 * event to the batch, `text` with its 4-byte "null" parent_id at
 * text[parent_at] replaced by parent_id (36 chars) unless that is NULL. */
void rw_flusher_put(const char *text, size_t len, size_t parent_at,
                    const char *parent_id);
/* Accounting since start (see raceway_stats). */
void rw_flusher_stats(raceway_stats *out, uint64_t *full, uint64_t *rejected,
                      uint64_t *undeliverable);

#endif
