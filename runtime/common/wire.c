/*
 * wire.c - event envelopes and kind objects in the server's JSON.
 */
#include "common/wire.h"

#include <stdio.h>
#include <string.h>

#include "common/clock.h"

/* ---- spellings ---- */

const char *rw_wire_access_name(unsigned access) {
  static const char *const names[] = {"Read", "Write", "AtomicRead",
                                      "AtomicWrite", "AtomicRMW"};
  return access < 5 ? names[access] : "Read";
}

const char *rw_wire_ordering_name(unsigned order) {
  /* Consume is promoted to Acquire, as compilers do. */
  static const char *const names[] = {"Relaxed", "Acquire", "Acquire",
                                      "Release", "AcqRel", "SeqCst"};
  return order < 6 ? names[order] : "SeqCst";
}

/* ---- events ---- */

#define KEY(b, k) rw_buf_put(b, k, sizeof(k) - 1)

/* Copy the literal k to p and move p past it. */
#define LIT(p, k) (memcpy(p, k, sizeof(k) - 1), p += sizeof(k) - 1)

char *rw_wire_event_head(char *p, const rw_event *e) {
  /* Every part has a fixed size: plain copies. */
  LIT(p, "{\"id\":\"");
  memcpy(p, e->id, 36), p += 36;
  LIT(p, "\",\"trace_id\":\"");
  memcpy(p, e->trace_id, 36), p += 36;
  if (e->parent_id) {
    LIT(p, "\",\"parent_id\":\"");
    memcpy(p, e->parent_id, 36), p += 36;
    LIT(p, "\",\"timestamp\":\"");
  } else {
    LIT(p, "\",\"parent_id\":null,\"timestamp\":\"");
  }
  if (e->ts_text)
    memcpy(p, e->ts_text, 30);
  else
    rw_clock_format(e->ts_ns, p);
  p += 30;
  LIT(p, "\",\"kind\":");
  return p;
}

void rw_wire_event_begin(rw_buf *b, const rw_event *e) {
  char *p = rw_buf_reserve(b, RW_WIRE_HEAD_MAX + 1);
  if (p)
    rw_buf_commit(b, rw_wire_event_head(p, e));
}

void rw_wire_metadata(rw_buf *b, const rw_meta *m) {
  KEY(b, ",\"metadata\":{\"thread_id\":");
  rw_json_string(b, m->thread_id ? m->thread_id : "");
  KEY(b, ",\"process_id\":");
  rw_json_u64(b, m->process_id);
  KEY(b, ",\"service_name\":");
  rw_json_string(b, m->service_name ? m->service_name : "");
  KEY(b, ",\"environment\":");
  rw_json_string(b, m->environment ? m->environment : "");
  KEY(b, ",\"tags\":{\"sdk_language\":\"c\"}");
  if (m->instance_id) {
    KEY(b, ",\"instance_id\":");
    rw_json_string(b, m->instance_id);
  }
  if (m->span_id && m->span_id[0]) {
    KEY(b, ",\"distributed_span_id\":");
    rw_json_string(b, m->span_id);
  }
  if (m->upstream_span && m->upstream_span[0]) {
    KEY(b, ",\"upstream_span_id\":");
    rw_json_string(b, m->upstream_span);
  }
  rw_buf_putc(b, '}');
}

/* A JSON list of n bytes at p: the usual empty one without a call. */
static inline char *put_list(char *p, const char *list, size_t n) {
  if (n == 2)
    memcpy(p, list, 2);
  else
    memcpy(p, list, n);
  return p + n;
}

char *rw_wire_event_tail_at(char *p, const char *meta, size_t len, const char *cv,
                            size_t ncv, const char *ls, size_t nls) {
  memcpy(p, meta, len), p += len;
  LIT(p, ",\"causality_vector\":");
  p = put_list(p, cv, ncv);
  LIT(p, ",\"lock_set\":");
  p = put_list(p, ls, nls);
  *p++ = '}';
  return p;
}

/* The metadata block (meta, len bytes; none: 0) and after it the vector,
 * the lock set and the closing brace, in one reservation. */
static void event_tail(rw_buf *b, const rw_event *e, const char *meta, size_t len) {
  const char *cv = e->causality_json ? e->causality_json : "[]";
  const char *ls = e->lock_set_json ? e->lock_set_json : "[]";
  size_t ncv = !e->causality_json ? 2 : e->causality_len ? e->causality_len : strlen(cv);
  size_t nls = !e->lock_set_json ? 2 : e->lock_set_len ? e->lock_set_len : strlen(ls);
  char *p = rw_buf_reserve(b, RW_WIRE_TAIL_ROOM(len, ncv, nls));
  if (p)
    rw_buf_commit(b, rw_wire_event_tail_at(p, meta, len, cv, ncv, ls, nls));
}

void rw_wire_event_end(rw_buf *b, const rw_event *e) {
  rw_wire_metadata(b, e->meta);
  event_tail(b, e, "", 0);
}

void rw_wire_event_end_pre(rw_buf *b, const rw_event *e, const char *meta, size_t len) {
  event_tail(b, e, meta, len);
}

void rw_wire_state_change_head(rw_buf *b, const char *variable) {
  KEY(b, "{\"StateChange\":{\"variable\":");
  rw_json_string(b, variable ? variable : "");
  KEY(b, ",\"old_value\":");
}

void rw_wire_state_change_values(rw_buf *b, const rw_value *old, const rw_value *new_value,
                                 rw_json_memo *m) {
  /* Integers (the usual case): one reservation, digits written in place. */
  char *p = rw_buf_reserve(b, 2 * RW_JSON_INT_MAX + 16), *q;
  if (p && (q = rw_json_int_at(p, old, m)) &&
      (LIT(q, ",\"new_value\":"), q = rw_json_int_at(q, new_value, m))) {
    rw_buf_commit(b, q);
    return;
  }
  rw_json_value(b, old);
  KEY(b, ",\"new_value\":");
  rw_json_value(b, new_value);
}

void rw_wire_state_change_tail(rw_buf *b, const char *location, unsigned access) {
  KEY(b, ",\"location\":");
  rw_json_string(b, location ? location : "");
  KEY(b, ",\"access_type\":\"");
  rw_buf_puts(b, rw_wire_access_name(access));
  KEY(b, "\"}}");
}

void rw_wire_state_change(rw_buf *b, const char *variable, const rw_value *old,
                          const rw_value *new_value, const char *location,
                          unsigned access) {
  rw_wire_state_change_head(b, variable);
  rw_wire_state_change_values(b, old, new_value, 0);
  rw_wire_state_change_tail(b, location, access);
}

void rw_wire_lock_head(rw_buf *b, int acquire, const char *id_json, size_t id_len,
                       const char *lock_type) {
  if (acquire)
    KEY(b, "{\"LockAcquire\":{\"lock_id\":");
  else
    KEY(b, "{\"LockRelease\":{\"lock_id\":");
  rw_buf_put(b, id_json, id_len);
  KEY(b, ",\"lock_type\":");
  rw_json_string(b, lock_type ? lock_type : "Mutex");
  KEY(b, ",\"location\":");
}

void rw_wire_lock(rw_buf *b, int acquire, const char *lock_id,
                  const char *lock_type, const char *location) {
  rw_buf id = {0};   /* (rare: the encoder keeps lock kinds, frag.h) */
  rw_json_string(&id, lock_id ? lock_id : "");
  rw_wire_lock_head(b, acquire, id.p ? id.p : "\"\"", id.p ? id.len : 2, lock_type);
  rw_buf_free(&id);
  rw_json_string(b, location ? location : "");
  rw_wire_kind_end(b);
}

void rw_wire_kind_end(rw_buf *b) { KEY(b, "}}"); }

/* The two async kinds: head (up to the first value, e.g.
 * {"AsyncSpawn":{"task_id":), the id and place_key. */
static void id_and_key(rw_buf *b, const char *head, const char *id, const char *place_key) {
  rw_buf_puts(b, head);
  rw_json_string(b, id);
  rw_buf_puts(b, place_key);
}

void rw_wire_spawn_head(rw_buf *b, const char *task_id) {
  id_and_key(b, "{\"AsyncSpawn\":{\"task_id\":", task_id, ",\"spawned_by\":");
}

void rw_wire_await_head(rw_buf *b, const char *future_id) {
  id_and_key(b, "{\"AsyncAwait\":{\"future_id\":", future_id, ",\"awaited_at\":");
}

void rw_wire_fence_head(rw_buf *b, unsigned order) {
  KEY(b, "{\"MemoryFence\":{\"ordering\":\"");
  rw_buf_puts(b, rw_wire_ordering_name(order));
  KEY(b, "\",\"location\":");
}

/* A kind from its head and a location as text. */
static void place(rw_buf *b, const char *location) {
  rw_json_string(b, location ? location : "");
  rw_wire_kind_end(b);
}

void rw_wire_spawn(rw_buf *b, const char *task_id, const char *spawned_by) {
  rw_wire_spawn_head(b, task_id);
  place(b, spawned_by);
}

void rw_wire_await(rw_buf *b, const char *future_id, const char *awaited_at) {
  rw_wire_await_head(b, future_id);
  place(b, awaited_at);
}

void rw_wire_fence(rw_buf *b, unsigned order, const char *location) {
  rw_wire_fence_head(b, order);
  place(b, location);
}

void rw_wire_function_call(rw_buf *b, const char *name, const char *module,
                           const char *args_json, const char *file,
                           unsigned line) {
  KEY(b, "{\"FunctionCall\":{\"function_name\":");
  rw_json_string(b, name ? name : "");
  KEY(b, ",\"module\":");
  rw_json_string(b, module ? module : "");
  KEY(b, ",\"args\":");
  if (!args_json) {
    KEY(b, "{}");
  } else if (rw_json_value_text(b, args_json) != 0) {
    rw_json_string(b, args_json);
  }
  KEY(b, ",\"file\":");
  rw_json_string(b, file ? file : "");
  KEY(b, ",\"line\":");
  rw_json_u64(b, line);
  KEY(b, "}}");
}

void rw_wire_http_request(rw_buf *b, const char *method, const char *url) {
  KEY(b, "{\"HttpRequest\":{\"method\":");
  rw_json_string(b, method ? method : "");
  KEY(b, ",\"url\":");
  rw_json_string(b, url ? url : "");
  KEY(b, ",\"headers\":{}}}");
}

void rw_wire_http_response(rw_buf *b, unsigned status, uint64_t duration_ms) {
  KEY(b, "{\"HttpResponse\":{\"status\":");
  rw_json_u64(b, status > 65535 ? 65535 : status);
  KEY(b, ",\"headers\":{},\"duration_ms\":");
  rw_json_u64(b, duration_ms);
  KEY(b, "}}");
}

void rw_wire_error(rw_buf *b, const char *type, const char *message,
                   const char *const *frames, size_t n) {
  KEY(b, "{\"Error\":{\"error_type\":");
  rw_json_string(b, type ? type : "");
  KEY(b, ",\"message\":");
  rw_json_string(b, message ? message : "");
  KEY(b, ",\"stack_trace\":[");
  for (size_t i = 0; frames && i < n; i++) {
    if (i)
      rw_buf_putc(b, ',');
    rw_json_string(b, frames[i] ? frames[i] : "");
  }
  KEY(b, "]}}");
}

void rw_wire_custom(rw_buf *b, const char *name, const char *data_json) {
  KEY(b, "{\"Custom\":{\"name\":");
  rw_json_string(b, name ? name : "");
  KEY(b, ",\"data\":");
  rw_value v = {.kind = RW_VALUE_JSON, .present = data_json != 0, .json = data_json};
  rw_json_value(b, &v);
  KEY(b, "}}");
}
