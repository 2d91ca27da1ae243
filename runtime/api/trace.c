/*
 * trace.c - request-scoped traces and propagation headers (wire spec 5):
 * raceway_trace_begin/end, raceway_http_request_begin/end,
 * raceway_current_trace_id, raceway_propagation_headers.  Header parsing
 * and formatting are trace_context.c's; this file keeps the per-thread
 * state and records the events.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture/capture.h"
#include "common/clock.h"
#include "common/config.h"
#include "common/ids.h"
#include "common/uuid.h"
#include "common/wire.h"
#include "common/export.h"
#include "rt/lifecycle.h"
#include "common/rawalloc.h"
#include "transport/sink.h"
#include "rt/thread.h"
#include "common/trace_context.h"

static rw_thread *trace_thread(void) {
  if (!rw_lifecycle_ensure())
    return 0;
  rw_thread *t = rw_thread_current();
  if (!t || t->ignore || t->in_runtime)
    return 0;
  rw_sync_note_access();    /* its events carry this thread's clock: edges matter */
  return t;
}

/* Switch t to ctx (owned by t afterwards) or back to the process trace
 * (ctx NULL).  The next event carries the switch. */
static void switch_trace(rw_thread *t, rw_trace_ctx *ctx) {
  rw_raw_free(t->cap.trace_ctx);
  t->cap.trace_ctx = ctx;
  if (ctx) {
    memcpy(t->cap.trace_id, ctx->trace_id, 16);
    memcpy(t->cap.span_id, ctx->span_id, sizeof t->cap.span_id);
    memcpy(t->cap.upstream_span, ctx->upstream_span, sizeof t->cap.upstream_span);
  } else {
    memcpy(t->cap.trace_id, rw_ids_process_trace, 16);
    t->cap.span_id[0] = 0;
    t->cap.upstream_span[0] = 0;
  }
  t->cap.trace_changed = 1;
  t->cap.trace_root = ctx != 0;     /* a request starts a new root */
  t->cap.trace_started = ctx != 0;
}

RW_EXPORT void raceway_trace_begin(const char *traceparent,
                                   const char *raceway_clock) {
  rw_thread *t = trace_thread();
  if (!t)
    return;
  rw_trace_ctx *ctx = rw_raw_calloc(1, sizeof *ctx);
  if (!ctx)
    return;
  if (rw_trace_parse(traceparent, raceway_clock, ctx) != 0 || !ctx->has_trace) {
    memset(ctx, 0, sizeof *ctx);     /* malformed or absent: a new trace */
    rw_ids_random_uuid(ctx->trace_id);
    ctx->has_trace = 1;
  }
  if (!ctx->span_id[0])
    rw_ids_random_hex(ctx->span_id, 16);
  switch_trace(t, ctx);
}

RW_EXPORT void raceway_trace_end(void) {
  rw_thread *t = trace_thread();
  if (t && t->cap.trace_ctx)
    switch_trace(t, 0);
}

RW_EXPORT void raceway_current_trace_id(char buf[37]) {
  if (!buf)
    return;
  rw_thread *t = trace_thread();
  rw_uuid_format(t ? t->cap.trace_id : rw_ids_process_trace, buf);
}

RW_EXPORT int raceway_propagation_headers(char *traceparent_line, size_t tp_len,
                                          char *clock_line, size_t clock_len) {
  if (!traceparent_line || !clock_line)
    return -1;
  rw_thread *t = trace_thread();
  rw_trace_ctx local, *ctx = t ? t->cap.trace_ctx : 0;
  if (!ctx) {
    /* The process trace has no incoming context: this call starts one. */
    memset(&local, 0, sizeof local);
    memcpy(local.trace_id, t ? t->cap.trace_id : rw_ids_process_trace, 16);
    local.has_trace = 1;
    rw_ids_random_hex(local.span_id, 16);
    ctx = &local;
  }
  char child[17], tp[128], clk[RACEWAY_HEADER_MAX];
  rw_ids_random_hex(child, 16);
  if (rw_trace_format(ctx, rw_cfg.pub.service_name, rw_cfg.pub.instance_id,
                      child, tp, sizeof tp, clk, sizeof clk) != 0)
    return -1;
  int a = snprintf(traceparent_line, tp_len, "traceparent: %s", tp);
  int b = snprintf(clock_line, clock_len, "raceway-clock: %s", clk);
  return a < 0 || (size_t)a >= tp_len || b < 0 || (size_t)b >= clock_len ? -1 : 0;
}

RW_EXPORT void raceway_http_request_begin(const char *method, const char *url,
                                          const char *traceparent,
                                          const char *raceway_clock) {
  raceway_trace_begin(traceparent, raceway_clock);
  rw_thread *t = trace_thread();
  if (!t)
    return;
  t->in_runtime = 1;
  t->cap.request_start_ns = rw_clock_mono_ns();
  rw_buf b = {0};
  rw_wire_http_request(&b, method, url);
  rw_capture_json_owned(&t->cap, rw_buf_take(&b));
  t->in_runtime = 0;
}

RW_EXPORT void raceway_http_request_end(unsigned status) {
  rw_thread *t = trace_thread();
  if (!t)
    return;
  t->in_runtime = 1;
  uint64_t ms = 0;
  if (t->cap.request_start_ns)
    ms = (rw_clock_mono_ns() - t->cap.request_start_ns) / 1000000ull;
  t->cap.request_start_ns = 0;
  rw_buf b = {0};
  rw_wire_http_response(&b, status, ms);
  rw_capture_json_owned(&t->cap, rw_buf_take(&b));
  t->in_runtime = 0;
  raceway_trace_end();
}
