/*
 * trace_context.c - parse and format the propagation headers of Raceway's
 * SDKs (wire spec section 5): W3C `traceparent` and `raceway-clock`
 * (`v1;` + unpadded base64url of a compact JSON object).
 *
 * Header values come from the network, so every input is treated as
 * hostile: lengths are bounded before any work, nesting is checked before
 * cJSON recurses, and anything malformed is ignored rather than repaired.
 * No global state; safe to call from any thread.
 */
#include "common/trace_context.h"

#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "common/uuid.h"

/* Longest raceway-clock value accepted (wire spec: > 4 KiB is ignored). */
#define RW_TRACE_MAX_HEADER 4096
/* Longest base64url payload after "v1;" and its decoded size. */
#define RW_B64_MAX (RW_TRACE_MAX_HEADER - 3)
#define RW_JSON_MAX (RW_B64_MAX / 4 * 3 + 2)
/* The clock object is 3 levels deep ({"clock":[[...]]}); allow a little
 * slack for unknown keys but never let cJSON recurse on attacker depth. */
#define RW_JSON_MAX_DEPTH 8
/* cJSON keeps numbers as doubles: only integers up to 2^53 are exact.
 * Clock values are kept within that range both ways, so that whatever
 * this file writes it can read back unchanged. */
#define RW_CLOCK_MAX UINT64_C(9007199254740992)
/* W3C version-00 traceparent: 2 + 1 + 32 + 1 + 16 + 1 + 2. */
#define RW_TRACEPARENT_LEN 55

static const char kHexDigits[] = "0123456789abcdef";
static const char kB64Url[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static int all_zero(const uint8_t *p, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (p[i]) return 0;
  return 1;
}

/* A span id is exactly 16 hex digits; stored lowercase (as Python/TS). */
static int copy_span(const char *s, size_t len, char out[17]) {
  uint8_t bytes[8];
  if (len != 16 || rw_uuid_hex_decode(s, 16, bytes) != 0 || all_zero(bytes, 8))
    return -1;
  for (int i = 0; i < 8; i++) {
    out[2 * i] = kHexDigits[bytes[i] >> 4];
    out[2 * i + 1] = kHexDigits[bytes[i] & 15];
  }
  out[16] = '\0';
  return 0;
}

/* ---- base64url without padding (RFC 4648 section 5) ------------------- */

static int b64_value(char c) {
  const char *p = c ? strchr(kB64Url, c) : NULL;
  return p ? (int)(p - kB64Url) : -1;
}

/* Encoded length of n bytes, without padding. */
static size_t b64_encoded_len(size_t n) { return n / 3 * 4 + (n % 3 ? n % 3 + 1 : 0); }

/* Encodes n bytes into out (b64_encoded_len(n) + 1 bytes, NUL-ended). */
static void b64url_encode(const uint8_t *in, size_t n, char *out) {
  size_t i = 0;
  for (; i + 3 <= n; i += 3) {
    uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
    for (int k = 0; k < 4; k++) *out++ = kB64Url[v >> (18 - 6 * k) & 63];
  }
  if (n - i == 1) {
    *out++ = kB64Url[in[i] >> 2];
    *out++ = kB64Url[(in[i] & 3) << 4];
  } else if (n - i == 2) {
    uint32_t v = (uint32_t)in[i] << 8 | in[i + 1];
    *out++ = kB64Url[v >> 10];
    *out++ = kB64Url[v >> 4 & 63];
    *out++ = kB64Url[(v & 15) << 2];
  }
  *out = '\0';
}

/*
 * Strict decoder, matching Go's RawURLEncoding and Rust's URL_SAFE_NO_PAD,
 * the strictest receivers among the SDKs: '=' padding, the standard
 * alphabet's '+' '/', whitespace, a length of 1 mod 4 and non-zero
 * trailing bits are all rejected.  A header this runtime accepts is then
 * one every SDK accepts, and this runtime never pads what it sends.
 * Returns the decoded length, or -1.
 */
static long b64url_decode(const char *in, size_t n, uint8_t *out, size_t cap) {
  if (n % 4 == 1 || b64_encoded_len(cap) < n) return -1;
  uint32_t acc = 0;
  int bits = 0;
  size_t len = 0;
  for (size_t i = 0; i < n; i++) {
    int v = b64_value(in[i]);
    if (v < 0) return -1;
    acc = acc << 6 | (uint32_t)v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[len++] = (uint8_t)(acc >> bits);
      acc &= (1u << bits) - 1;
    }
  }
  if (acc != 0) return -1; /* non-canonical: leftover bits must be zero */
  return (long)len;
}

/* ---- raceway-clock JSON ------------------------------------------------ */

/*
 * One bounded pass over the decoded JSON before cJSON sees it: rejects
 * raw NUL bytes and \u0000 escapes (cJSON would silently cut the string
 * there, and NUL must never reach the server, wire spec 1.8), and nesting
 * deeper than RW_JSON_MAX_DEPTH (cJSON recurses once per level, on an
 * application thread whose stack may be small).
 */
static int json_prescan(const char *s, size_t n) {
  int depth = 0, in_string = 0;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (c == '\0') return -1;
    if (in_string) {
      if (c == '"') {
        in_string = 0;
      } else if (c == '\\' && i + 1 < n) {
        if (s[i + 1] == 'u' && i + 5 < n && memcmp(s + i + 2, "0000", 4) == 0)
          return -1;
        i++;
      }
    } else if (c == '"') {
      in_string = 1;
    } else if (c == '[' || c == '{') {
      if (++depth > RW_JSON_MAX_DEPTH) return -1;
    } else if (c == ']' || c == '}') {
      depth--;
    }
  }
  return 0;
}

/*
 * Component names are copied into events, where invalid UTF-8 or a control
 * character would make the server reject the whole batch (400).  Accepts
 * well-formed UTF-8 without overlongs, surrogates or C0 controls.
 */
static int valid_component(const char *s, size_t len) {
  const unsigned char *p = (const unsigned char *)s, *end = p + len;
  if (len == 0 || len >= RW_TRACE_MAX_COMPONENT) return 0;
  while (p < end) {
    unsigned c = *p++;
    int more;
    uint32_t cp, min;
    if (c < 0x20) return 0;
    if (c < 0x80) continue;
    if ((c & 0xe0) == 0xc0) more = 1, cp = c & 0x1f, min = 0x80;
    else if ((c & 0xf0) == 0xe0) more = 2, cp = c & 0x0f, min = 0x800;
    else if ((c & 0xf8) == 0xf0) more = 3, cp = c & 0x07, min = 0x10000;
    else return 0;
    if (end - p < more) return 0;
    while (more--) {
      if ((*p & 0xc0) != 0x80) return 0;
      cp = cp << 6 | (*p++ & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  }
  return 1;
}

static rw_clock_entry *clock_find(rw_trace_ctx *ctx, const char *component) {
  for (uint32_t i = 0; i < ctx->nclock; i++)
    if (strcmp(ctx->clock[i].component, component) == 0) return &ctx->clock[i];
  return NULL;
}

/*
 * Adds one parsed entry.  A repeated component keeps the larger value (a
 * vector clock merge).  At most RW_TRACE_MAX_CLOCK - 1 entries are kept
 * from a header, so rw_trace_format always has room for its own one.
 */
static void clock_add(rw_trace_ctx *ctx, const char *component, uint64_t value) {
  rw_clock_entry *e = clock_find(ctx, component);
  if (e) {
    if (value > e->value) e->value = value;
    return;
  }
  if (ctx->nclock >= RW_TRACE_MAX_CLOCK - 1) return;
  e = &ctx->clock[ctx->nclock++];
  strcpy(e->component, component); /* length checked by valid_component */
  e->value = value;
}

/* One [component, integer] entry; others are skipped, as Rust and TS do. */
static void parse_clock_entry(const cJSON *entry, rw_trace_ctx *ctx) {
  if (!cJSON_IsArray(entry) || cJSON_GetArraySize(entry) != 2) return;
  const cJSON *name = cJSON_GetArrayItem(entry, 0);
  const cJSON *value = cJSON_GetArrayItem(entry, 1);
  if (!cJSON_IsString(name) || !cJSON_IsNumber(value)) return;
  double v = value->valuedouble;
  /* Non-integers, negatives and values cJSON cannot hold exactly. */
  if (!(v >= 0 && v <= (double)RW_CLOCK_MAX) || v != (double)(uint64_t)v) return;
  if (!valid_component(name->valuestring, strlen(name->valuestring))) return;
  clock_add(ctx, name->valuestring, (uint64_t)v);
}

/* Optional string field holding a span id; anything else counts as absent. */
static void parse_span_field(const cJSON *obj, const char *key, char out[17]) {
  const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
  if (cJSON_IsString(item)) {
    char span[17];
    if (copy_span(item->valuestring, strlen(item->valuestring), span) == 0)
      memcpy(out, span, sizeof(span));
  }
}

/*
 * Fills the fields the clock header carries into *ctx.  The header is
 * valid when it is a JSON object with a UUID trace_id; span ids that are
 * not 16 hex digits and malformed clock entries are dropped one by one.
 */
static int parse_clock_object(const char *json, size_t len, rw_trace_ctx *ctx) {
  if (json_prescan(json, len) != 0) return -1;
  cJSON *root = cJSON_ParseWithLength(json, len);
  if (!root) return -1;
  int rc = -1;
  const cJSON *trace = cJSON_GetObjectItemCaseSensitive(root, "trace_id");
  const cJSON *clock = cJSON_GetObjectItemCaseSensitive(root, "clock");
  if (!cJSON_IsObject(root) || !cJSON_IsString(trace) ||
      rw_uuid_parse(trace->valuestring, ctx->trace_id) != 0)
    goto out;
  if (clock && !cJSON_IsArray(clock) && !cJSON_IsNull(clock)) goto out;
  ctx->has_trace = 1;
  parse_span_field(root, "span_id", ctx->span_id);
  parse_span_field(root, "parent_span_id", ctx->upstream_span);
  const cJSON *entry;
  cJSON_ArrayForEach(entry, clock) parse_clock_entry(entry, ctx);
  rc = 0;
out:
  cJSON_Delete(root);
  return rc;
}

static int parse_raceway_clock(const char *value, rw_trace_ctx *ctx) {
  size_t len = strnlen(value, RW_TRACE_MAX_HEADER + 1);
  if (len > RW_TRACE_MAX_HEADER || len < 3 || memcmp(value, "v1;", 3) != 0)
    return -1;
  char json[RW_JSON_MAX + 1];
  long n = b64url_decode(value + 3, len - 3, (uint8_t *)json, RW_JSON_MAX);
  if (n < 0) return -1;
  return parse_clock_object(json, (size_t)n, ctx);
}

/* ---- traceparent ------------------------------------------------------- */

/*
 * `<version 2 hex>-<trace 32 hex>-<span 16 hex>-<flags 2 hex>`.  Like the
 * SDKs, version and flags are not interpreted; unlike them, all-zero ids
 * are rejected as W3C requires (the receiver then starts a new trace).
 */
static int parse_traceparent(const char *tp, uint8_t trace_id[16], char span[17]) {
  uint8_t scratch[16];
  if (strnlen(tp, RW_TRACEPARENT_LEN + 1) != RW_TRACEPARENT_LEN) return -1;
  if (tp[2] != '-' || tp[35] != '-' || tp[52] != '-') return -1;
  if (rw_uuid_hex_decode(tp, 2, scratch) != 0 || rw_uuid_hex_decode(tp + 53, 2, scratch) != 0)
    return -1;
  if (rw_uuid_hex_decode(tp + 3, 32, scratch) != 0 || all_zero(scratch, 16)) return -1;
  if (copy_span(tp + 36, 16, span) != 0) return -1;
  memcpy(trace_id, scratch, 16);
  return 0;
}

int rw_trace_parse(const char *traceparent, const char *raceway_clock,
                   rw_trace_ctx *out) {
  uint8_t tp_trace[16];
  char tp_span[17] = "";
  int tp_ok = traceparent && parse_traceparent(traceparent, tp_trace, tp_span) == 0;

  memset(out, 0, sizeof(*out));
  if (raceway_clock && parse_raceway_clock(raceway_clock, out) == 0) {
    /* Wire spec 5.3: the clock's span_id, else the traceparent's. */
    if (out->span_id[0] == '\0' && tp_ok) memcpy(out->span_id, tp_span, 17);
    return 0;
  }
  memset(out, 0, sizeof(*out));
  if (!tp_ok) return -1;
  out->has_trace = 1;
  memcpy(out->trace_id, tp_trace, 16);
  memcpy(out->span_id, tp_span, 17);
  return 0;
}

/* ---- formatting -------------------------------------------------------- */

/* Appends [name, value] with value as raw integer text: cJSON would print
 * a large double in exponent form, which Rust's as_u64() rejects. */
static int add_clock_pair(cJSON *arr, const char *name, uint64_t value) {
  char num[24];
  snprintf(num, sizeof(num), "%" PRIu64, value < RW_CLOCK_MAX ? value : RW_CLOCK_MAX);
  cJSON *pair = cJSON_CreateArray();
  if (!pair) return -1;
  if (!cJSON_AddItemToArray(arr, pair)) {
    cJSON_Delete(pair);
    return -1;
  }
  return cJSON_AddItemToArray(pair, cJSON_CreateString(name)) &&
                 cJSON_AddItemToArray(pair, cJSON_CreateRaw(num))
             ? 0
             : -1;
}

/*
 * The own component goes first: a receiver keeps only the first
 * RW_TRACE_MAX_CLOCK - 1 entries, and the sender's own entry is the one
 * that orders this call after the sender's past.
 */
static cJSON *clock_to_json(const rw_trace_ctx *ctx, const char *own,
                            uint64_t own_value) {
  cJSON *arr = cJSON_CreateArray();
  if (!arr || add_clock_pair(arr, own, own_value) != 0) goto fail;
  for (uint32_t i = 0; i < ctx->nclock; i++) {
    const rw_clock_entry *e = &ctx->clock[i];
    if (strcmp(e->component, own) != 0 && add_clock_pair(arr, e->component, e->value) != 0)
      goto fail;
  }
  return arr;
fail:
  cJSON_Delete(arr);
  return NULL;
}

/* The compact clock JSON (caller frees with cJSON_free), or NULL. */
static char *clock_payload(const rw_trace_ctx *ctx, const char *service,
                           const char *instance, const char *own,
                           uint64_t own_value, const char child_span[17]) {
  char trace[37];
  rw_uuid_format(ctx->trace_id, trace);
  cJSON *root = cJSON_CreateObject();
  char *text = NULL;
  if (root && cJSON_AddStringToObject(root, "trace_id", trace) &&
      cJSON_AddStringToObject(root, "span_id", child_span) &&
      (ctx->span_id[0] ? cJSON_AddStringToObject(root, "parent_span_id", ctx->span_id)
                       : cJSON_AddNullToObject(root, "parent_span_id")) &&
      cJSON_AddStringToObject(root, "service", service) &&
      cJSON_AddStringToObject(root, "instance", instance)) {
    cJSON *clock = clock_to_json(ctx, own, own_value);
    if (clock && cJSON_AddItemToObject(root, "clock", clock))
      text = cJSON_PrintUnformatted(root);
    else
      cJSON_Delete(clock);
  }
  cJSON_Delete(root);
  return text;
}

static int write_traceparent(const rw_trace_ctx *ctx, const char child_span[17],
                             char *tp, size_t tp_len) {
  if (tp_len < RW_TRACEPARENT_LEN + 1) return -1;
  char *p = tp;
  memcpy(p, "00-", 3), p += 3;
  for (int i = 0; i < 16; i++) {
    *p++ = kHexDigits[ctx->trace_id[i] >> 4];
    *p++ = kHexDigits[ctx->trace_id[i] & 15];
  }
  *p++ = '-';
  memcpy(p, child_span, 16), p += 16;
  memcpy(p, "-01", 4);
  return 0;
}

/*
 * Besides a small buffer, -1 also means unusable arguments: no trace, a
 * child span that is not 16 lowercase hex, or an own component that is not
 * a valid name.  ctx is changed only on success, so a failed call can be
 * retried with bigger buffers.
 */
int rw_trace_format(rw_trace_ctx *ctx, const char *service, const char *instance,
                    const char child_span[17], char *tp, size_t tp_len, char *clk,
                    size_t clk_len) {
  char own[RW_TRACE_MAX_COMPONENT], span[17];
  if (!ctx || !ctx->has_trace || !service || !instance || !child_span || !tp || !clk)
    return -1;
  if (copy_span(child_span, strnlen(child_span, 17), span) != 0 ||
      memcmp(span, child_span, 17) != 0)
    return -1;
  int n = snprintf(own, sizeof(own), "%s#%s", service, instance);
  if (n < 0 || !valid_component(own, (size_t)n)) return -1;

  rw_clock_entry *mine = clock_find(ctx, own);
  if (!mine && ctx->nclock >= RW_TRACE_MAX_CLOCK) return -1;
  /* Saturate rather than wrap: a wrapped clock would order this call
   * before its own past. */
  uint64_t value = !mine ? 1 : mine->value >= RW_CLOCK_MAX ? RW_CLOCK_MAX : mine->value + 1;

  char *json = clock_payload(ctx, service, instance, own, value, child_span);
  if (!json) return -1;
  size_t json_len = strlen(json);
  int rc = -1;
  if (3 + b64_encoded_len(json_len) + 1 <= clk_len &&
      write_traceparent(ctx, child_span, tp, tp_len) == 0) {
    memcpy(clk, "v1;", 3);
    b64url_encode((const uint8_t *)json, json_len, clk + 3);
    rc = 0;
  }
  cJSON_free(json);
  if (rc != 0) return -1;
  if (!mine) {
    mine = &ctx->clock[ctx->nclock++];
    strcpy(mine->component, own);
  }
  mine->value = value;
  return 0;
}
