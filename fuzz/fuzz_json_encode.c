/*
 * fuzz_json_encode.c - libFuzzer target for the JSON encoder
 * (runtime/encode.c).
 *
 * Whatever the application or the program's memory hands the encoder, the
 * server must get one valid JSON value in valid UTF-8 (wire spec 1.5: one
 * bad event rejects the whole batch).  Input: one mode byte, then
 *   's': raw bytes for rw_json_string_n (names, locations, messages);
 *   'v': text given to the manual API as a JSON value (raceway_capture_*);
 *   'n': 8 value bits, a kind and a size byte for rw_json_value;
 *   'e': fields separated by 0xFF, encoded as a whole Custom/StateChange/
 *        Error event.
 * Every output is checked by an independent UTF-8 validator and by
 * cJSON_ParseWithOpts (no trailing bytes), and for the properties the
 * server needs: no raw control bytes, no NUL (not even escaped), no
 * \u escapes of surrogates, nesting at most 128, and a string that went in
 * as valid UTF-8 without NUL comes back out byte for byte.
 *
 * Build and run: fuzz/run.sh [seconds] json_encode.
 */
#include "common/wire.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_require.h"

/* The server's serde_json recursion limit (wire spec 1.5). */
#define SERVER_MAX_DEPTH 128

/* RFC 3629 by code point, written apart from encode.c's table so the two
 * cannot share a mistake.  NUL is not accepted (never valid on the wire). */
static int valid_utf8(const unsigned char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    unsigned c = s[i], len, cp;
    if (c == 0)
      return 0;
    if (c < 0x80) { i++; continue; }
    if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
    else return 0;
    if (i + len > n)
      return 0;
    for (unsigned k = 1; k < len; k++) {
      if ((s[i + k] & 0xC0) != 0x80)
        return 0;
      cp = cp << 6 | (s[i + k] & 0x3F);
    }
    static const unsigned min_cp[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min_cp[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return 0;
    i += len;
  }
  return 1;
}

static int depth_of(const cJSON *j) {
  int max = 0;
  for (const cJSON *c = j->child; c; c = c->next) {
    int d = depth_of(c);
    if (d > max)
      max = d;
  }
  return (cJSON_IsArray(j) || cJSON_IsObject(j)) ? max + 1 : max;
}

static int hexval(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* The raw output text: valid UTF-8, no control bytes, and every \u escape
 * is of a control character (the encoder escapes nothing else, so never a
 * surrogate and never NUL).  Scans outside strings too: harmless there. */
static void check_text(const rw_buf *b) {
  const unsigned char *s = (const unsigned char *)b->p;
  REQUIRE(!b->oom);
  REQUIRE(b->p && strlen(b->p) == b->len);
  REQUIRE(valid_utf8(s, b->len));
  for (size_t i = 0; i < b->len; i++) {
    REQUIRE(s[i] >= 0x20);
    if (s[i] != '\\')
      continue;
    REQUIRE(i + 1 < b->len);
    if (s[i + 1] == 'u') {
      REQUIRE(i + 5 < b->len);
      int v = 0;
      for (int k = 2; k < 6; k++) {
        int h = hexval(s[i + k]);
        REQUIRE(h >= 0);
        v = v * 16 + h;
      }
      REQUIRE(v > 0 && v < 0x20);
    }
    i++;   /* skip the escaped character */
  }
}

/* Parse the output as exactly one JSON value; caller deletes it. */
static cJSON *parse_one(const rw_buf *b) {
  check_text(b);
  const char *end = 0;
  cJSON *j = cJSON_ParseWithOpts(b->p, &end, 1);
  REQUIRE(j != NULL);
  REQUIRE(depth_of(j) <= SERVER_MAX_DEPTH);
  return j;
}

static void fuzz_string(const uint8_t *data, size_t n) {
  rw_buf b = {0};
  rw_json_string_n(&b, (const char *)data, n);
  cJSON *j = parse_one(&b);
  REQUIRE(cJSON_IsString(j));
  const char *out = j->valuestring;
  if (valid_utf8(data, n)) {   /* also: no NUL inside */
    REQUIRE(strlen(out) == n);
    REQUIRE(memcmp(out, data, n) == 0);
  }
  cJSON_Delete(j);
  rw_buf_free(&b);
}

/* The application's JSON text, as raceway_capture_custom sends it. */
static void fuzz_value_text(const uint8_t *data, size_t n) {
  char *text = malloc(n + 1);
  if (!text)
    return;
  memcpy(text, data, n);
  text[n] = 0;
  rw_buf b = {0};
  rw_value v = {.kind = RW_VALUE_JSON, .present = 1, .json = text};
  rw_json_value(&b, &v);
  cJSON_Delete(parse_one(&b));
  rw_buf_free(&b);
  rw_wire_custom(&b, "fuzz", text);
  cJSON *j = parse_one(&b);
  REQUIRE(cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(j, "Custom")));
  cJSON_Delete(j);
  rw_buf_free(&b);
  free(text);
}

static void fuzz_number(const uint8_t *data, size_t n) {
  uint8_t raw[10] = {0};
  memcpy(raw, data, n < sizeof raw ? n : sizeof raw);
  rw_value v = {.kind = raw[8] % 7, .size = raw[9] % 10, .present = 1};
  memcpy(&v.bits, raw, 8);
  rw_buf b = {0};
  rw_json_value(&b, &v);
  cJSON *j = parse_one(&b);
  if (v.kind == RACEWAY_VALUE_SINT || v.kind == RACEWAY_VALUE_UINT) {
    /* u64/i64 fields reject 1.0 and 1e3: digits only. */
    REQUIRE(cJSON_IsNumber(j));
    REQUIRE(strspn(b.p, "-0123456789") == b.len);
  }
  cJSON_Delete(j);
  rw_buf_free(&b);
}

/* Split at 0xFF into at most n fields (NUL-terminated copies). */
static int split(const uint8_t *data, size_t size, char **field, int n) {
  int k = 0;
  size_t start = 0;
  for (size_t i = 0; i <= size && k < n; i++) {
    if (i < size && data[i] != 0xFF)
      continue;
    field[k] = malloc(i - start + 1);
    if (!field[k])
      break;
    memcpy(field[k], data + start, i - start);
    field[k][i - start] = 0;
    k++;
    start = i + 1;
  }
  return k;
}

static void check_event(const rw_buf *b) {
  static const char *const keys[] = {"id", "trace_id", "parent_id",
      "timestamp", "kind", "metadata", "causality_vector", "lock_set"};
  cJSON *j = parse_one(b);
  REQUIRE(cJSON_IsObject(j));
  for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
    REQUIRE(cJSON_GetObjectItemCaseSensitive(j, keys[i]) != NULL);
  const cJSON *kind = cJSON_GetObjectItemCaseSensitive(j, "kind");
  REQUIRE(cJSON_GetArraySize(kind) == 1);
  const cJSON *meta = cJSON_GetObjectItemCaseSensitive(j, "metadata");
  REQUIRE(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(meta, "thread_id")));
  cJSON_Delete(j);
}

static void fuzz_event(const uint8_t *data, size_t n) {
  char *f[8] = {0};
  int k = split(data, n, f, 8);
  const char *s[8];
  for (int i = 0; i < 8; i++)
    s[i] = i < k ? f[i] : "";
  uint64_t ts = 0;
  memcpy(&ts, data, n < 8 ? n : 8);   /* any u64: up to year 2554 */
  rw_meta m = {s[0], 4242, s[1], s[2], k > 3 ? s[3] : NULL, s[4], s[5]};
  rw_event e = {"9b0e6c2a-1f3d-4c5e-8a7b-2d4f6e8a0c1e",
                (n & 1) ? "c1d2e3f4-0000-4000-8000-000000000002" : NULL,
                "3f2a9c1e-7b4d-4e8a-9c0f-1d2e3f4a5b6c", ts, &m, NULL, NULL};
  rw_value oldv = {RW_VALUE_JSON, 0, 1, 0, s[6]};
  rw_value newv = {RACEWAY_VALUE_SINT, 4, 1, ts, NULL};
  const char *frames[2] = {s[6], s[7]};
  rw_buf b = {0};
  for (int kind = 0; kind < 3; kind++) {
    rw_wire_event_begin(&b, &e);
    if (kind == 0)
      rw_wire_custom(&b, s[6], s[7]);
    else if (kind == 1)
      rw_wire_state_change(&b, s[6], &oldv, &newv, s[7], (unsigned)ts % 7);
    else
      rw_wire_error(&b, s[6], s[7], frames, 2);
    rw_wire_event_end(&b, &e);
    check_event(&b);
    rw_buf_free(&b);
  }
  for (int i = 0; i < k; i++)
    free(f[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1)
    return 0;
  const uint8_t *rest = data + 1;
  size_t n = size - 1;
  switch (data[0]) {
  case 's': fuzz_string(rest, n); break;
  case 'v': fuzz_value_text(rest, n); break;
  case 'n': fuzz_number(rest, n); break;
  case 'e': fuzz_event(rest, n); break;
  default: break;
  }
  return 0;
}
