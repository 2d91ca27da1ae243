/*
 * batch.c - the batch of encoded events being built, the sink it goes to,
 * and the delivery accounting (flusher thread; counters read anywhere).
 *
 * The buffer's bytes (text and offsets) are charged to the memory budget
 * (RW_BUDGET_BATCH) as it grows.  A batch that would have to grow past
 * what the budget has is sent first (smaller batches, nothing lost); an
 * event that alone outgrows it is still sent (the buffer is counted, and
 * shrunk again once sent).  Bounded anyway: half the body limit plus one
 * event.
 */
#include "transport/batch.h"

#include <stdio.h>
#include <stdlib.h>

#include "common/budget.h"
#include "common/config.h"
#include "common/diag.h"
#include "common/ids.h"
#include "common/spin.h"
#include "common/rawalloc.h"
#include "transport/gate.h"
#include "transport/sink.h"

/* The server refuses bodies over 2 MiB; stay clear of it. */
#define MAX_BODY_BYTES 2000000u

static struct {
  rw_sink *sink;
  int sink_tried;
  rw_buf events;              /* the batch being built                     */
  size_t *off;
  uint32_t n, off_cap;
  int slow_down;              /* the sink asked for fewer requests         */
  int refusing;               /* the sink cannot deliver now: drop, do not
                                 encode (until rw_batch_refresh says so)   */
  uint64_t charged;           /* buffer bytes counted in the budget        */
  int over;                   /* grown past what the budget granted        */
} B;

static uint64_t buffer_bytes(void) {
  return (uint64_t)B.events.cap + (uint64_t)B.off_cap * sizeof *B.off;
}

/* Count what the buffer grew by; past what the budget grants, mark it to
 * be shrunk once the batch is sent. */
static void charge_growth(void) {
  uint64_t now = buffer_bytes();
  if (now <= B.charged)
    return;
  if (rw_budget_take(RW_BUDGET_BATCH, now - B.charged) != 0) {
    rw_budget_count(RW_BUDGET_BATCH, now - B.charged);
    B.over = 1;
  }
  B.charged = now;
}

/* After a send: a buffer grown past the budget is freed (the next event
 * starts a small one). */
static void shrink_if_over(void) {
  if (!B.over)
    return;
  rw_buf_free(&B.events);
  free(B.off);
  B.off = 0;
  B.off_cap = 0;
  rw_budget_give(RW_BUDGET_BATCH, B.charged);
  B.charged = 0;
  B.over = 0;
}

/* The buffer is half full and doubling it would pass the budget. */
static int growth_refused(void) {
  return B.n && B.events.len * 2 >= B.events.cap && rw_budget_left() < B.events.cap;
}

/* Accounting (written by the flusher, read by anyone). */
static _Atomic uint64_t st_delivered, st_rejected, st_undeliverable;

/* Once shutdown has given up waiting, the events still pending are counted
 * undeliverable; a batch the (abandoned) flusher finishes after that must
 * not be counted again.  The lock makes "close and count" atomic against
 * "add a result". */
static rw_spin acct_lock = RW_SPIN_INIT;
static int acct_closed;

static void acct_enter(void) { rw_spin_lock(&acct_lock); }
static void acct_leave(void) { rw_spin_unlock(&acct_lock); }

/* rw_batch_losses (flusher thread only). */
static uint64_t losses;

uint64_t rw_batch_losses(void) { return losses; }

static void acct_add(_Atomic uint64_t *counter, uint64_t n) {
  losses++;   /* every caller counts events lost */
  acct_enter();
  if (!acct_closed)
    atomic_fetch_add(counter, n);
  acct_leave();
}

static void account(const rw_sink_result *r) {
  if (r->rejected || r->undeliverable || r->lost_unknown)
    losses++;
  acct_enter();
  if (!acct_closed) {
    atomic_fetch_add(&st_delivered, r->delivered - r->committed);
    atomic_fetch_add(&st_rejected, r->rejected);
    atomic_fetch_add(&st_undeliverable, r->undeliverable);
  }
  acct_leave();
  if (r->slow_down)
    B.slow_down = 1;
}

void rw_batch_undeliverable(uint64_t n) { acct_add(&st_undeliverable, n); }

void rw_batch_counts(uint64_t *delivered, uint64_t *rejected, uint64_t *undeliverable) {
  *delivered = atomic_load(&st_delivered);
  *rejected = atomic_load(&st_rejected);
  *undeliverable = atomic_load(&st_undeliverable);
}

void rw_batch_close_accounting(uint64_t (*pending)(void)) {
  acct_enter();
  acct_closed = 1;
  uint64_t n = pending();   /* under the lock: no result lands meanwhile */
  if (n)
    atomic_fetch_add(&st_undeliverable, n);
  acct_leave();
}

/* rw_batch.commit_begin / commit_end (sink.h): the lock is held from one
 * to the other, so a piece is written and counted, or neither. */
static int commit_begin(void) {
  acct_enter();
  if (acct_closed) {
    acct_leave();
    return 0;
  }
  return 1;
}

static void commit_end(uint64_t delivered) {
  atomic_fetch_add(&st_delivered, delivered);
  acct_leave();
}

int rw_batch_take_slow_down(void) {
  int s = B.slow_down;
  B.slow_down = 0;
  return s;
}

/* The process that first opened a sink: a fork child must not truncate
 * its parent's output file. */
static uint32_t first_pid;

void rw_batch_open_sink(void) {
  if (B.sink_tried)
    return;
  B.sink_tried = 1;
  if (!first_pid)
    first_pid = rw_ids_pid;
  B.sink = rw_sink_open(&rw_cfg, first_pid == rw_ids_pid);
}

void rw_batch_close_sink(void) {
  if (B.sink)
    B.sink->ops->close(B.sink);
  B.sink = 0;
  B.sink_tried = 0;
  B.refusing = 0;
}

int rw_batch_refresh(void) {
  rw_batch_open_sink();
  B.refusing = !B.sink || (B.sink->ops->ready && !B.sink->ops->ready(B.sink));
  return !B.refusing;
}

void rw_batch_send(void) {
  if (B.n == 0)
    return;
  int gated = rw_gate_pause();   /* a fork never waits for I/O */
  rw_batch_open_sink();
  rw_sink_result r = {0};
  if (B.sink) {
    rw_batch b = {B.events.p, B.off, B.n, commit_begin, commit_end};
    B.sink->ops->send(B.sink, &b, &r);
  } else {
    r.undeliverable = B.n;
  }
  account(&r);
  B.events.len = 0;
  B.n = 0;
  shrink_if_over();
  /* A sink that just gave up (down, told to wait) refuses what follows
   * until the next pass asks it again. */
  B.refusing = !B.sink || (B.sink->ops->ready && !B.sink->ops->ready(B.sink));
  rw_gate_resume(gated);
}

/* Room for one more event; sends the batch first when it is full.
 * Returns -1 when memory ran out or the sink refuses (the event is
 * counted undeliverable and not encoded). */
int rw_batch_event_start(void) {
  if (B.refusing) {
    acct_add(&st_undeliverable, 1);
    return -1;
  }
  if (B.n >= rw_cfg.pub.batch_size || B.events.len >= MAX_BODY_BYTES / 2 ||
      growth_refused()) {
    rw_batch_send();
    if (B.refusing) {
      acct_add(&st_undeliverable, 1);
      return -1;
    }
  }
  if (B.n + 2 > B.off_cap) {
    uint32_t cap = B.off_cap ? B.off_cap * 2 : 256;
    size_t *p = realloc(B.off, cap * sizeof *p);
    if (!p) {
      acct_add(&st_undeliverable, 1);
      return -1;
    }
    B.off = p;
    B.off_cap = cap;
    charge_growth();
  }
  B.off[B.n] = B.events.len;
  return 0;
}

rw_buf *rw_batch_event_open(uint64_t *losses_now) {
  /* The usual case first: room for one more, nothing to send or grow. */
  if (__builtin_expect(!B.refusing && B.n < rw_cfg.pub.batch_size && B.n + 2 <= B.off_cap &&
                       B.events.len < MAX_BODY_BYTES / 2 &&
                       (B.events.len * 2 < B.events.cap || !growth_refused()), 1))
    B.off[B.n] = B.events.len;
  else if (rw_batch_event_start() != 0)
    return 0;
  *losses_now = losses;
  return &B.events;
}

/* Close the event just written.  One that alone exceeds the body limit is
 * rejected here rather than poisoning a batch; if the buffer ran out of
 * memory the whole batch is lost (and counted). */
void rw_batch_event_end(void) {
  size_t start = B.off[B.n];
  if (B.events.oom) {
    acct_add(&st_undeliverable, B.n + 1);
    B.events.len = 0;
    B.events.oom = 0;
    B.n = 0;
    return;
  }
  if (B.events.len - start > MAX_BODY_BYTES - 64) {
    B.events.len = start;
    acct_add(&st_rejected, 1);
    if (rw_cfg.pub.debug)
      fprintf(rw_diag_err(), "raceway: dropped one event larger than 2 MiB\n");
    return;
  }
  B.n++;
  B.off[B.n] = B.events.len;
  if (buffer_bytes() > B.charged)
    charge_growth();
}

void rw_batch_put(const char *text, size_t len, size_t parent_at,
                    const char *parent_id) {
  if (rw_batch_event_start() != 0)
    return;
  rw_buf_put(&B.events, text, parent_at);
  if (parent_id) {
    rw_buf_putc(&B.events, '"');
    rw_buf_put(&B.events, parent_id, 36);
    rw_buf_putc(&B.events, '"');
  } else {
    rw_buf_put(&B.events, "null", 4);
  }
  rw_buf_put(&B.events, text + parent_at + 4, len - parent_at - 4);
  rw_batch_event_end();
}

rw_buf *rw_batch_buf(void) { return &B.events; }

void rw_batch_after_fork(void) {
  if (B.sink && !B.sink->ops->fork_safe) {
    /* Abandoned, not closed: its connection is the parent's.  The copy
     * stays allocated in the child; LeakSanitizer is told so. */
    rw_lsan_ignore(B.sink);
    B.sink = 0, B.sink_tried = 0;
  }
  B.refusing = 0;
  B.events.len = 0;
  B.n = 0;
  acct_closed = 0;
  rw_spin_reset(&acct_lock);
  atomic_store(&st_delivered, 0);
  atomic_store(&st_rejected, 0);
  atomic_store(&st_undeliverable, 0);
}
