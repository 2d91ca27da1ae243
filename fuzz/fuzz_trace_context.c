/*
 * fuzz_trace_context.c - libFuzzer target for runtime/trace_context.c.
 *
 * Input: one mode byte, then
 *   mode 'h': "<traceparent>\n<raceway-clock>" as raw header values;
 *   mode 'j': a JSON text, sent as "v1;" + base64url(JSON), so that the
 *             fuzzer reaches the JSON and clock handling without having
 *             to discover base64 first;
 *   mode 'u': UUID text.
 * Besides "no crash, no leak, no UB", it checks properties that must hold
 * for every input: a parsed context formats, and what it formats parses
 * back to the same trace with the child span and an advanced own clock.
 *
 * Build and run: fuzz/run.sh [seconds].
 */
#include "common/trace_context.h"
#include "common/uuid.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char kB64Url[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

#include "fuzz_require.h"

/* "v1;" + unpadded base64url of data; malloc'ed. */
static char *clock_header(const uint8_t *data, size_t n) {
  char *out = malloc(3 + (n + 2) / 3 * 4 + 1), *p = out;
  if (!out) return NULL;
  memcpy(p, "v1;", 3), p += 3;
  for (size_t i = 0; i < n; i += 3) {
    uint32_t v = (uint32_t)data[i] << 16;
    if (i + 1 < n) v |= (uint32_t)data[i + 1] << 8;
    if (i + 2 < n) v |= data[i + 2];
    size_t chars = n - i >= 3 ? 4 : n - i + 1;
    for (size_t k = 0; k < chars; k++) *p++ = kB64Url[v >> (18 - 6 * k) & 63];
  }
  *p = '\0';
  return out;
}

static const rw_clock_entry *find(const rw_trace_ctx *c, const char *name) {
  for (uint32_t i = 0; i < c->nclock; i++)
    if (strcmp(c->clock[i].component, name) == 0) return &c->clock[i];
  return NULL;
}

/* Invariants of a parsed context, then the format -> parse round trip. */
static void check_context(rw_trace_ctx *c) {
  static const char kChild[17] = "0123456789abcdef";
  REQUIRE(c->has_trace);
  REQUIRE(c->nclock < RW_TRACE_MAX_CLOCK);
  REQUIRE(strlen(c->span_id) == 0 || strlen(c->span_id) == 16);
  REQUIRE(strlen(c->upstream_span) == 0 || strlen(c->upstream_span) == 16);
  for (uint32_t i = 0; i < c->nclock; i++)
    REQUIRE(strlen(c->clock[i].component) < RW_TRACE_MAX_COMPONENT);

  const rw_clock_entry *own = find(c, "fuzz#1");
  uint64_t want = own ? own->value + 1 : 1;
  char tp[64], *clk = malloc(16384);
  if (!clk) return;
  int rc = rw_trace_format(c, "fuzz", "1", kChild, tp, sizeof(tp), clk, 16384);
  if (rc == 0) {
    rw_trace_ctx back;
    REQUIRE(strlen(clk) > 4096 || rw_trace_parse(tp, clk, &back) == 0);
    if (strlen(clk) <= 4096) {
      REQUIRE(memcmp(back.trace_id, c->trace_id, 16) == 0);
      REQUIRE(strcmp(back.span_id, kChild) == 0);
      REQUIRE(strcmp(back.upstream_span, c->span_id) == 0);
      REQUIRE(find(&back, "fuzz#1") && find(&back, "fuzz#1")->value == want);
    }
    REQUIRE(rw_trace_parse(tp, NULL, &back) == 0);
  }
  free(clk);
}

static void fuzz_headers(const char *text, size_t n) {
  char *copy = malloc(n + 1);
  if (!copy) return;
  memcpy(copy, text, n);
  copy[n] = '\0';
  char *nl = memchr(copy, '\n', n);
  const char *clock = NULL;
  if (nl) *nl = '\0', clock = nl + 1;
  rw_trace_ctx c;
  if (rw_trace_parse(copy, clock, &c) == 0) check_context(&c);
  else REQUIRE(!c.has_trace);
  free(copy);
}

static void fuzz_json(const uint8_t *data, size_t n) {
  char *hdr = clock_header(data, n);
  if (!hdr) return;
  rw_trace_ctx c;
  if (rw_trace_parse(NULL, hdr, &c) == 0) check_context(&c);
  free(hdr);
}

static void fuzz_uuid(const char *text, size_t n) {
  char copy[64], out[37];
  uint8_t id[16], again[16];
  if (n >= sizeof(copy)) return;
  memcpy(copy, text, n);
  copy[n] = '\0';
  if (rw_uuid_parse(copy, id) != 0) return;
  rw_uuid_format(id, out);
  REQUIRE(rw_uuid_parse(out, again) == 0 && memcmp(id, again, 16) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) return 0;
  const uint8_t *rest = data + 1;
  size_t n = size - 1;
  switch (data[0]) {
  case 'h': fuzz_headers((const char *)rest, n); break;
  case 'j': fuzz_json(rest, n); break;
  case 'u': fuzz_uuid((const char *)rest, n); break;
  }
  return 0;
}
