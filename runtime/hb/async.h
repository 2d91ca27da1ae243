/*
 * async.h - happens-before for the manual async API (runtime/async.c).
 *
 * A task handed to a thread pool is ordered like a thread: its start after
 * raceway_async_spawn (the spawner's clock is copied into the task, begin
 * joins it), and the awaiter after its end (the worker's clock when the
 * task ended is copied into the task, await joins it).  Tasks are keyed by
 * their 16 id bytes, so a handle made while the spawn event was dropped
 * still orders.  A task is forgotten at its first await; at most
 * RW_ASYNC_MAX_TASKS are kept un-awaited (past that, new tasks get no
 * edges: possible false races, counted in debug output, never a crash).
 */
#ifndef RW_ASYNC_H
#define RW_ASYNC_H

#include <stdint.h>

#define RW_ASYNC_MAX_TASKS 65536

#include "hb/sync.h"

/* Spawner: the task starts after everything t did so far. */
void rw_async_spawned(rw_hb *hb, const uint8_t id[16]);
/* In a fork child: release the task table's lock. */
void rw_async_after_fork(void);
/* Worker: the task runs on t from now on. */
void rw_async_began(rw_hb *hb, const uint8_t id[16]);
/* Worker: the task is done; what t did so far is published to awaiters. */
void rw_async_ended(rw_hb *hb, const uint8_t id[16]);
/* Awaiter: t is ordered after the task's end (if it was published). */
void rw_async_awaited(rw_hb *hb, const uint8_t id[16]);

#endif
