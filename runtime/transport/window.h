/*
 * window.h - RACEWAY_SEND=races: which encoded events go to the sink
 * (runtime/transport/window.c).  Flusher thread only.
 *
 * A long-running service cannot send every access (the server ingests
 * about 1,000 events/s and compares pairs quadratically).  In this mode the
 * flusher takes every record, so application threads do no extra work, and
 * then:
 *   - sends at once: AsyncSpawn, AsyncAwait and race_detected events (the
 *     thread structure and the findings; their rate is that of thread or
 *     task creation and of distinct races, not of accesses);
 *   - holds accesses and lock events in a per-thread window of the last
 *     RACEWAY_RACE_WINDOW of them, as ring records, encoded only when sent
 *     (transport/wctx.h); a race_detected event sends the two
 *     accesses it names, each with the LockAcquire/LockRelease pairs that
 *     enclose it (a release not seen yet is sent when it arrives);
 *   - filters everything else (counted in raceway_stats.filtered, as is a
 *     held event that leaves its window unsent).
 * A race whose first access already left its window sends what is left.
 * Sent events are re-parented onto the previous sent event of the same
 * thread in the same trace, else the thread's spawn, else they are a root:
 * one linear chain per thread and trace, with no orphans (wire spec 3.4).
 */
#ifndef RW_WINDOW_H
#define RW_WINDOW_H

#include <stddef.h>
#include <stdint.h>

/* One encoded event as the flusher offers it. */
typedef struct rw_window_event {
  uint32_t slot;
  uint64_t seq;
  uint8_t type;              /* enum rw_rec_type                          */
  uint8_t acquire;           /* RW_REC_LOCK: acquire, else release        */
  uint8_t trace_root;        /* the first event of a new request trace    */
  uintptr_t lock;            /* RW_REC_LOCK: address ...                  */
  uint32_t lock_gen;         /* ... and generation                        */
  uint32_t parent_slot;      /* explicit parent (a spawn, or for an await */
  uint64_t parent_seq;       /* the joined thread's last event); seq 0: none */
  const char *trace;         /* the event's trace id, 36 chars            */
  /* Sent at once (a spawn, an await, anything but an access or lock
   * event): encoded, with parent_id null ...                            */
  const char *text;
  size_t len;
  size_t parent_at;          /* ... at text[parent_at], 4 bytes "null"    */
  /* Held (an access or lock event): its record, time and envelope, encoded
   * only if a race sends it. */
  const struct rw_rec *rec;
  uint64_t ts_ns;
  struct rw_wctx *ctx;
  const char *kind_json;     /* RW_REC_JSON: its kind ({"Custom":...})    */
} rw_window_event;

/* Send, hold or filter one event (see above). */
void rw_window_offer(const rw_window_event *ev);
/* RACEWAY_SEND=auto turned to races: slot's events up to done_seq were
 * offered to the batch, the last one put there (sent_seq, in `trace`;
 * 0: none) is where its chain of sent events goes on. */
void rw_window_seed(uint32_t slot, const char *trace, uint64_t sent_seq, uint64_t done_seq);
/* RACEWAY_SEND=auto before its turn: a race_detected event (kind_json; any
 * other is ignored) went into a batch.  Its sides are wanted: a thread
 * other than the finder may emit it, and its sides' records may still wait
 * in their rings when the turn comes; those the turn finds sent already
 * are forgotten (rw_window_seed). */
void rw_window_race_batched(const char *kind_json);
/* The thread of `slot` ended and its ring was drained: its window is
 * kept for races found later, but windows of ended threads are bounded. */
void rw_window_retired(uint32_t slot);
/* Final: every held event is filtered, and the windows are freed. */
void rw_window_finish(void);
/* fork child: the windows hold the parent's events; forget them uncounted. */
void rw_window_after_fork(void);
/* Events held in windows now, and filtered since start (any thread). */
void rw_window_counts(uint64_t *held, uint64_t *filtered);

#endif
