/*
 * capture.h - recording events (runtime/capture.c, ring.c).
 *
 * Application threads append fixed-size records to their own
 * single-producer ring: no lock, no allocation, no syscall on the path of a
 * tracked access.  The flusher thread (flusher.c) drains the rings,
 * reconstructs ids, parents, clocks and lock sets, encodes JSON
 * (encode.c) and hands batches to a sink (sink_http.c, sink_file.c).
 *
 * Every rw_emit_* returns the event's seq (its position in the thread's
 * parent chain), or 0 if the event was dropped (buffer full; counted).
 */
#ifndef RW_CAPTURE_H
#define RW_CAPTURE_H

#include <stdint.h>
#include <stddef.h>
#include "raceway/abi.h"

struct rw_thread;
struct rw_spawn;

/* Where an event happened: a pass site (file:line:col), else a code
 * address symbolised at encode time, else a literal string (interned). */
typedef struct rw_loc {
  const raceway_site *site;
  const void *pc;
  const char *text;
} rw_loc;

/* Lock kinds for lock events; lock_type strings are the wire's. */
enum rw_lock_kind {
  RW_LOCK_MUTEX,      /* "Mutex"        */
  RW_LOCK_RW_READ,    /* "RwLock-Read"  */
  RW_LOCK_RW_WRITE,   /* "RwLock-Write" */
  RW_LOCK_SPIN,       /* "Spin"         */
  RW_LOCK_MANUAL      /* lock_type given by the caller (manual API)    */
};

/* A lock acquisition not recorded yet (see rw_emit_lock). */
#define RW_MAX_PENDING_LOCKS 8
typedef struct rw_pending_lock {
  uintptr_t lock;
  uint32_t gen;
  uint8_t kind;              /* enum rw_lock_kind                        */
  const char *manual_type;
  rw_loc loc;
} rw_pending_lock;

/* Core-owned per-thread capture state; fields are private to capture.c,
 * ring.c, thread.c and flusher.c, except where noted. */
typedef struct rw_capture {
  struct rw_ring *ring;
  uint64_t seq;          /* seq the next event will get (read by the
                            detector to name the current access)       */
  uint8_t vc_changed;    /* set by sync.c when hb.vc changed           */
  uint8_t trace_started; /* a trace began on this thread (trace.c)     */
  uint8_t trace_id[16];  /* current trace (process trace by default)   */
  char span_id[17];      /* current distributed span, "" if none       */
  char upstream_span[17];
  uint64_t request_start_ns; /* raceway_http_request_begin time        */
  uint32_t span_depth;   /* function-entry span stack depth            */
  uint64_t parent_seq;   /* explicit parent for the next event (0: the
                            previous event of this thread)             */
  uint32_t parent_slot;
  /* Private to the core (capture.c, trace.c, thread.c). */
  uint8_t trace_changed; /* next event carries the new trace context   */
  uint8_t trace_root;    /* ... and starts a new root (parent null)     */
  struct rw_trace_ctx *trace_ctx; /* request trace's clock (trace.c), or
                            NULL in the process trace; owned           */
  uint32_t npending;     /* acquisitions in pending[], oldest first    */
  rw_pending_lock pending[RW_MAX_PENDING_LOCKS];
} rw_capture;

/* The seq the next event will get: held-back lock acquisitions are
 * recorded just before it. */
static inline uint64_t rw_next_seq(const rw_capture *c) {
  return c->seq + c->npending;
}

/* StateChange; hot path (inline append).  has_old: old_value is valid. */
uint64_t rw_emit_access(struct rw_thread *t, const raceway_site *s,
                        uintptr_t addr, uint64_t old_value,
                        uint64_t new_value, int has_old);
/* LockAcquire (after acquiring) / LockRelease (before releasing).
 * lock_id = registered name, else "<kind>@0x<addr>[#gen]".
 * Unless RACEWAY_LOCK_EVENTS=all, an acquisition is held back until the
 * thread records its next event, and a release whose acquisition is still
 * held back drops both: a lock that guarded no recorded event cannot change
 * any lock set the server computes, and busy locks around untracked work
 * would otherwise dominate the event stream.  Returns 0 for a held-back or
 * dropped event. */
uint64_t rw_emit_lock(struct rw_thread *t, int acquire, uintptr_t lock,
                      uint32_t gen, enum rw_lock_kind kind,
                      const char *manual_type, rw_loc loc);
/* AsyncSpawn (parent side, before the thread starts). Fills sp->task_id,
 * sp->parent_slot, sp->spawn_seq. */
uint64_t rw_emit_spawn(struct rw_thread *t, struct rw_spawn *sp, rw_loc loc);
/* AsyncAwait on the joiner; its parent is (child_slot, child_last_seq). */
uint64_t rw_emit_await(struct rw_thread *t, const uint8_t task_id[16],
                       uint32_t child_slot, uint64_t child_last_seq,
                       rw_loc loc);
/* MemoryFence. */
uint64_t rw_emit_fence(struct rw_thread *t, const raceway_site *s);
/* FunctionCall (opt-in entry tracking). */
uint64_t rw_emit_func(struct rw_thread *t, const raceway_func_site *f,
                      const uint64_t *args);
/* Custom event with a pre-encoded JSON value (copied). */
uint64_t rw_emit_custom(struct rw_thread *t, const char *name,
                        const char *data_json);
/* Any kind, pre-encoded {"Kind":{...}} (copied). */
uint64_t rw_emit_kind_json(struct rw_thread *t, const char *kind_json);

/* Any kind, pre-encoded and malloc'd; ownership passes to the ring (the
 * text is freed here if the event is dropped). */
uint64_t rw_emit_json_owned(struct rw_thread *t, char *kind_json);

/* Event id text (36 chars + NUL) of (slot, seq) in this process run, and
 * back (-1 if the text is not an event id of this process run). */
void rw_event_id(uint32_t slot, uint64_t seq, char out[37]);
int rw_event_id_decode(const char *text, uint32_t *slot, uint64_t *seq);

/* ids.c: UUID-shaped ids.  Event ids are (per-process random 64 bits,
 * slot, seq) with the v4 bits set, so any event's id, and its parent's, is
 * computed without storing it. */
void rw_ids_init(void);  /* new random parts: at start and in a fork child */
/* AsyncSpawn task id of the spawn event (slot, seq), and back (-1 if the
 * id was not made by this process run). */
void rw_task_id(uint32_t slot, uint64_t seq, uint8_t out[16]);
int rw_task_id_decode(const uint8_t id[16], uint32_t *slot, uint64_t *seq);
void rw_random_uuid(uint8_t out[16]);       /* random v4                   */
void rw_random_hex(char *out, unsigned n);  /* n random hex chars + NUL    */
extern uint8_t rw_process_trace[16];        /* the run's default trace id  */

#endif
