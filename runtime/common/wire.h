/*
 * wire.h - Raceway events as JSON (runtime/common/wire.c).
 *
 * Produces exactly the wire format of raceway-wire-spec.md section 2: every
 * required key always present, enum spellings as the server's serde
 * expects, text through json.h.  Used by the flusher for every event and
 * by the manual API to pre-encode the kinds it records.
 */
#ifndef RW_WIRE_H
#define RW_WIRE_H

#include <stddef.h>
#include <stdint.h>

#include "common/json.h"

/* Wire spellings. */
const char *rw_wire_access_name(unsigned access);     /* "Read" ... "AtomicRMW" */
const char *rw_wire_ordering_name(unsigned order);    /* "Relaxed" ... "SeqCst" */

/* Event envelope: rw_wire_event_begin writes up to and including
 * "kind":, the caller appends one kind object with rw_wire_*, and
 * rw_wire_event_end writes metadata, causality_vector and lock_set. */
typedef struct rw_meta {
  const char *thread_id;
  uint32_t process_id;
  const char *service_name;
  const char *environment;
  const char *instance_id;       /* NULL: key left out                 */
  const char *span_id;           /* NULL or "": key left out           */
  const char *upstream_span;     /* NULL or "": key left out           */
} rw_meta;

typedef struct rw_event {
  const char *id;                /* 36-char UUID                       */
  const char *parent_id;         /* NULL: a root (null)                */
  const char *trace_id;
  uint64_t ts_ns;                /* UTC nanoseconds since the epoch    */
  const rw_meta *meta;
  const char *causality_json;    /* pre-encoded array, NULL: []        */
  const char *lock_set_json;     /* pre-encoded array, NULL: []        */
  size_t causality_len;          /* their lengths if known, else 0     */
  size_t lock_set_len;
  const char *ts_text;           /* ts_ns formatted (30 chars), or NULL */
} rw_event;

void rw_wire_event_begin(rw_buf *b, const rw_event *e);
/* event_begin's bytes ({"id":... up to "kind":) written at p, which has
 * room for RW_WIRE_HEAD_MAX + 1 bytes (the timestamp written afresh puts
 * a NUL after itself); returns their end. */
#define RW_WIRE_HEAD_MAX 199
char *rw_wire_event_head(char *p, const rw_event *e);
void rw_wire_event_end(rw_buf *b, const rw_event *e);
/* The metadata block alone (,"metadata":{...}), and event_end with that
 * block already encoded (meta, len): a thread's block changes rarely. */
void rw_wire_metadata(rw_buf *b, const rw_meta *m);
void rw_wire_event_end_pre(rw_buf *b, const rw_event *e, const char *meta, size_t len);
/* event_end_pre's bytes written at p, the vector (ncv bytes) and lock set
 * (nls) given: their end.  Room: RW_WIRE_TAIL_ROOM. */
#define RW_WIRE_TAIL_ROOM(len, ncv, nls) ((len) + 40 + (ncv) + (nls))
char *rw_wire_event_tail_at(char *p, const char *meta, size_t len, const char *cv,
                            size_t ncv, const char *ls, size_t nls);

/* Kind objects ({"Variant":{...}}). */
void rw_wire_state_change(rw_buf *b, const char *variable, const rw_value *old,
                          const rw_value *new_value, const char *location,
                          unsigned access);
/* Its parts: head (up to the old value), values, tail (from the location
 * on); only the values change between accesses of one site. */
void rw_wire_state_change_head(rw_buf *b, const char *variable);
void rw_wire_state_change_values(rw_buf *b, const rw_value *old, const rw_value *new_value,
                                 rw_json_memo *m);   /* m: json.h, or NULL */
void rw_wire_state_change_tail(rw_buf *b, const char *location, unsigned access);
void rw_wire_lock(rw_buf *b, int acquire, const char *lock_id,
                  const char *lock_type, const char *location);
void rw_wire_spawn(rw_buf *b, const char *task_id, const char *spawned_by);
void rw_wire_await(rw_buf *b, const char *future_id, const char *awaited_at);
void rw_wire_fence(rw_buf *b, unsigned order, const char *location);
/* The kinds that end with a location, up to it (its key included): the
 * caller appends the location as a JSON string, then rw_wire_kind_end.
 * The lock id comes as a JSON string too (id_json, id_len). */
void rw_wire_lock_head(rw_buf *b, int acquire, const char *id_json, size_t id_len,
                       const char *lock_type);
void rw_wire_spawn_head(rw_buf *b, const char *task_id);
void rw_wire_await_head(rw_buf *b, const char *future_id);
void rw_wire_fence_head(rw_buf *b, unsigned order);
void rw_wire_kind_end(rw_buf *b);   /* }} */
/* args: pre-encoded JSON object text or NULL ({}). */
void rw_wire_function_call(rw_buf *b, const char *name, const char *module,
                           const char *args_json, const char *file,
                           unsigned line);
void rw_wire_http_request(rw_buf *b, const char *method, const char *url);
void rw_wire_http_response(rw_buf *b, unsigned status, uint64_t duration_ms);
void rw_wire_error(rw_buf *b, const char *type, const char *message,
                   const char *const *frames, size_t n);
/* data_json: JSON text (invalid -> sent as a string), NULL -> null. */
void rw_wire_custom(rw_buf *b, const char *name, const char *data_json);

#endif
