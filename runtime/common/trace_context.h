/*
 * trace_context.h - W3C traceparent and Raceway's raceway-clock headers
 * (runtime/trace_context.c): pure parse/format functions, no global state,
 * safe on hostile input (bounded sizes, never crash).  Wire spec section 5.
 */
#ifndef RW_TRACE_CONTEXT_H
#define RW_TRACE_CONTEXT_H

#include <stddef.h>
#include <stdint.h>

#define RW_TRACE_MAX_CLOCK 64        /* clock entries kept from a header  */
#define RW_TRACE_MAX_COMPONENT 128   /* bytes of one component name       */

typedef struct rw_clock_entry {
  char component[RW_TRACE_MAX_COMPONENT]; /* "service#instance"          */
  uint64_t value;
} rw_clock_entry;

typedef struct rw_trace_ctx {
  int has_trace;                 /* trace_id is valid                     */
  uint8_t trace_id[16];
  char span_id[17];              /* this service's span ("" = none yet)   */
  char upstream_span[17];        /* caller's span ("" = none)             */
  uint32_t nclock;
  rw_clock_entry clock[RW_TRACE_MAX_CLOCK];
} rw_trace_ctx;

/*
 * Parse incoming headers (either may be NULL).  raceway-clock, when valid,
 * wins over traceparent, as in the other SDKs.  Returns 0 when a valid
 * context was found, -1 otherwise (then *out has has_trace = 0).
 */
int rw_trace_parse(const char *traceparent, const char *raceway_clock,
                   rw_trace_ctx *out);

/*
 * Outgoing headers for a call from ctx: a new child span id (child_span,
 * 16 lowercase hex, chosen by the caller), the own component
 * "<service>#<instance>" incremented in ctx->clock first.  Writes the header
 * VALUES (no names) into tp / clk.  Returns 0, or -1 if a buffer is small.
 */
int rw_trace_format(rw_trace_ctx *ctx, const char *service,
                    const char *instance, const char child_span[17],
                    char *tp, size_t tp_len, char *clk, size_t clk_len);

#endif
