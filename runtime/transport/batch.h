/*
 * batch.h - the batch being built, its sink, and delivery accounting
 * (runtime/transport/batch.c).  Flusher thread only, except the counters.
 *
 * Events are appended whole (rw_batch_event_start, encode into
 * rw_batch_buf(), rw_batch_event_end; or rw_batch_put); a full batch (the
 * configured count, or half the server's 2 MiB body limit) goes to the
 * sink first.  Every event ends counted exactly once: delivered, rejected
 * or undeliverable.
 */
#ifndef RW_BATCH_H
#define RW_BATCH_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"

/* Room for one more event at the end of rw_batch_buf(); sends the batch
 * first when it is full.  -1 when memory ran out or the sink cannot
 * deliver now (counted undeliverable: do not encode it). */
int rw_batch_event_start(void);
/* rw_batch_event_start, then (if 0) rw_batch_buf() with rw_batch_losses()
 * in *losses_now, in one call; NULL: as start's -1. */
rw_buf *rw_batch_event_open(uint64_t *losses_now);
/* Close the event just written (one that alone is over the body limit is
 * rejected; an out-of-memory buffer loses the batch, counted). */
void rw_batch_event_end(void);
/* The buffer events are encoded into. */
rw_buf *rw_batch_buf(void);
/* Append one encoded event whose 4-byte "null" parent_id at
 * text[parent_at] becomes parent_id (36 chars) unless that is NULL. */
void rw_batch_put(const char *text, size_t len, size_t parent_at,
                  const char *parent_id);
/* Send the batch (if any) to the sink, opening it on first use. */
void rw_batch_send(void);

/* Ask the sink (opened if need be) whether it can deliver now; until the
 * next call or send, events are refused (not encoded) if not.  1 if it can.
 * The flusher calls it at the start of each pass. */
int rw_batch_refresh(void);
/* Open the sink now (truncating the output file in the first process). */
void rw_batch_open_sink(void);
/* Close the sink; the next send opens a new one (new configuration). */
void rw_batch_close_sink(void);
/* 1 once after the sink asked for fewer requests (HTTP 206). */
int rw_batch_take_slow_down(void);

/* Grows whenever an event put in a batch may not have reached the server
 * (rejected, undeliverable, the server's queue overflowed): an event
 * encoded as the change since an earlier one must not rely on it. */
uint64_t rw_batch_losses(void);
/* Events that will never reach the sink (counted undeliverable). */
void rw_batch_undeliverable(uint64_t n);
void rw_batch_counts(uint64_t *delivered, uint64_t *rejected,
                     uint64_t *undeliverable);
/* Shutdown gave up: pending() more are undeliverable (called under the
 * accounting lock, so no result is counted between it and the close),
 * and results that arrive later are not counted again. */
void rw_batch_close_accounting(uint64_t (*pending)(void));
/* fork child: the sink's connection and the counts are the parent's. */
void rw_batch_after_fork(void);

#endif
