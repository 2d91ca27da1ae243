/*
 * encode.h - JSON encoding of Raceway events (runtime/encode.c).
 *
 * Produces exactly the wire format of raceway-wire-spec.md section 2: every
 * required key always present, enum spellings as the server's serde expects,
 * strings always valid UTF-8 (invalid bytes become U+FFFD, NUL is never
 * written, control characters are escaped), integers as integers, and no
 * NaN/Infinity.  Used by the flusher for every event and by the manual API
 * to pre-encode the kinds it records.
 */
#ifndef RW_ENCODE_H
#define RW_ENCODE_H

#include <stddef.h>
#include <stdint.h>
#include "raceway/abi.h"

/* Growable output buffer.  After an allocation failure `oom` is set and
 * further appends are ignored; the caller drops what it was building. */
typedef struct rw_buf {
  char *p;
  size_t len;
  size_t cap;
  int oom;
} rw_buf;

void rw_buf_free(rw_buf *b);
int rw_buf_grow(rw_buf *b, size_t extra);
static inline void rw_buf_put(rw_buf *b, const char *s, size_t n) {
  if (b->len + n + 1 > b->cap && rw_buf_grow(b, n + 1) != 0)
    return;
  __builtin_memcpy(b->p + b->len, s, n);
  b->len += n;
  b->p[b->len] = 0;
}
void rw_buf_puts(rw_buf *b, const char *s);
void rw_buf_putc(rw_buf *b, char c);
/* Take the text out (malloc'd, NUL-terminated), leaving b empty; NULL on
 * out of memory. */
char *rw_buf_take(rw_buf *b);

/* JSON primitives.  A NULL string is written as null. */
void rw_json_string(rw_buf *b, const char *s);
void rw_json_string_n(rw_buf *b, const char *s, size_t n);
void rw_json_u64(rw_buf *b, uint64_t v);
void rw_json_i64(rw_buf *b, int64_t v);
void rw_json_double(rw_buf *b, double v);   /* %.17g; NaN/Inf -> null */
/* Append `text` (one JSON value) re-encoded through the rules above.
 * Returns 0, or -1 if text is not one valid JSON value (nothing written). */
int rw_json_value_text(rw_buf *b, const char *text);

/* A value for StateChange old_value/new_value. */
typedef struct rw_value {
  uint8_t kind;       /* enum raceway_value_kind; RW_VALUE_JSON: text  */
  uint8_t size;       /* bytes, for SINT/UINT/FLOAT                    */
  uint8_t present;    /* 0: JSON null                                  */
  uint64_t bits;
  const char *json;   /* RW_VALUE_JSON: a JSON value as text           */
} rw_value;
#define RW_VALUE_JSON 100
void rw_json_value(rw_buf *b, const rw_value *v);

/* Wire spellings. */
const char *rw_access_name(unsigned access);     /* "Read" ... "AtomicRMW" */
const char *rw_ordering_name(unsigned order);    /* "Relaxed" ... "SeqCst" */

/* "file:line:col", "file:line" (col 0) or "file" (line 0). */
void rw_site_location(const raceway_site *s, char *out, size_t len);

/* Event envelope: rw_encode_event_begin writes up to and including
 * "kind":, the caller appends one kind object with rw_kind_*, and
 * rw_encode_event_end writes metadata, causality_vector and lock_set. */
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
} rw_event;

void rw_encode_event_begin(rw_buf *b, const rw_event *e);
void rw_encode_event_end(rw_buf *b, const rw_event *e);

/* Kind objects ({"Variant":{...}}). */
void rw_kind_state_change(rw_buf *b, const char *variable, const rw_value *old,
                          const rw_value *new_value, const char *location,
                          unsigned access);
void rw_kind_lock(rw_buf *b, int acquire, const char *lock_id,
                  const char *lock_type, const char *location);
void rw_kind_spawn(rw_buf *b, const char *task_id, const char *spawned_by);
void rw_kind_await(rw_buf *b, const char *future_id, const char *awaited_at);
void rw_kind_fence(rw_buf *b, unsigned order, const char *location);
/* args: pre-encoded JSON object text or NULL ({}). */
void rw_kind_function_call(rw_buf *b, const char *name, const char *module,
                           const char *args_json, const char *file,
                           unsigned line);
void rw_kind_http_request(rw_buf *b, const char *method, const char *url);
void rw_kind_http_response(rw_buf *b, unsigned status, uint64_t duration_ms);
void rw_kind_error(rw_buf *b, const char *type, const char *message,
                   const char *const *frames, size_t n);
/* data_json: JSON text (invalid -> sent as a string), NULL -> null. */
void rw_kind_custom(rw_buf *b, const char *name, const char *data_json);

#endif
