/* test_encode.c - the JSON encoder: string escaping and UTF-8 repair,
 * values, every kind's required keys and spellings, the event envelope,
 * timestamps and event ids.  Outputs are parsed back with cJSON and
 * compared exactly where the bytes matter. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/ids.h"
#include "check.h"
#include "common/clock.h"
#include "common/label.h"
#include "common/uuid.h"
#include "common/wire.h"

static void expect_string(const char *in, size_t n, const char *want) {
  rw_buf b = {0};
  rw_json_string_n(&b, in, n);
  CHECK(b.p && strcmp(b.p, want) == 0, "encoded %s, want %s", b.p, want);
  cJSON *j = cJSON_Parse(b.p);
  CHECK(j && cJSON_IsString(j), "does not parse: %s", b.p);
  cJSON_Delete(j);
  CHECK(!strstr(b.p, "\\u0000"), "NUL escape in %s", b.p);
  rw_buf_free(&b);
}

static void test_strings(void) {
  expect_string("plain", 5, "\"plain\"");
  expect_string("a\"b\\c", 5, "\"a\\\"b\\\\c\"");
  expect_string("\n\r\t\b\f", 5, "\"\\n\\r\\t\\b\\f\"");
  expect_string("\x01\x1f\x7f", 3, "\"\\u0001\\u001f\x7f\"");
  expect_string("x\0y", 3, "\"x\xEF\xBF\xBDy\"");               /* NUL replaced */
  expect_string("\xff", 1, "\"\xEF\xBF\xBD\"");                 /* invalid byte */
  expect_string("\xc0\xaf", 2, "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");  /* overlong */
  expect_string("\xed\xa0\x80", 3,                               /* surrogate */
                "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
  expect_string("\xf4\x90\x80\x80", 4,                           /* > U+10FFFF */
                "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
  expect_string("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 9,       /* valid stays */
                "\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"");
  expect_string("ab\xe2\x82", 4, "\"ab\xEF\xBF\xBD\xEF\xBF\xBD\"");   /* truncated */
  rw_buf b = {0};
  rw_json_string(&b, 0);
  CHECK(strcmp(b.p, "null") == 0, "NULL string -> %s", b.p);
  rw_buf_free(&b);
}

static void expect_value(rw_value v, const char *want) {
  rw_buf b = {0};
  rw_json_value(&b, &v);
  CHECK(b.p && strcmp(b.p, want) == 0, "value %s, want %s", b.p, want);
  rw_buf_free(&b);
}

static void test_values(void) {
  expect_value((rw_value){RACEWAY_VALUE_SINT, 4, 1, 0xffffffffull, 0}, "-1");
  expect_value((rw_value){RACEWAY_VALUE_SINT, 1, 1, 0x80, 0}, "-128");
  expect_value((rw_value){RACEWAY_VALUE_SINT, 8, 1, 0x8000000000000000ull, 0},
               "-9223372036854775808");
  expect_value((rw_value){RACEWAY_VALUE_UINT, 8, 1, ~0ull, 0}, "18446744073709551615");
  expect_value((rw_value){RACEWAY_VALUE_UINT, 2, 1, 0x12345, 0}, "9029");
  double d = 0.1;
  uint64_t bits;
  memcpy(&bits, &d, 8);
  expect_value((rw_value){RACEWAY_VALUE_FLOAT, 8, 1, bits, 0}, "0.10000000000000001");
  d = NAN;
  memcpy(&bits, &d, 8);
  expect_value((rw_value){RACEWAY_VALUE_FLOAT, 8, 1, bits, 0}, "null");
  d = INFINITY;
  memcpy(&bits, &d, 8);
  expect_value((rw_value){RACEWAY_VALUE_FLOAT, 8, 1, bits, 0}, "null");
  float f = 1.5f;
  uint32_t fb;
  memcpy(&fb, &f, 4);
  expect_value((rw_value){RACEWAY_VALUE_FLOAT, 4, 1, fb, 0}, "1.5");
  expect_value((rw_value){RACEWAY_VALUE_BOOL, 1, 1, 1, 0}, "true");
  expect_value((rw_value){RACEWAY_VALUE_PTR, 8, 1, 0xdeadbeef, 0}, "\"0xdeadbeef\"");
  expect_value((rw_value){RACEWAY_VALUE_NONE, 0, 1, 7, 0}, "null");
  expect_value((rw_value){RACEWAY_VALUE_SINT, 4, 0, 7, 0}, "null");   /* absent */
  expect_value((rw_value){RW_VALUE_JSON, 0, 1, 0, "{\"a\": [1, 2.0, \"x\"]}"},
               "{\"a\":[1,2,\"x\"]}");
  expect_value((rw_value){RW_VALUE_JSON, 0, 1, 0, "not json"}, "\"not json\"");
  expect_value((rw_value){RW_VALUE_JSON, 0, 1, 0, "1 2"}, "\"1 2\"");
  expect_value((rw_value){RW_VALUE_JSON, 0, 1, 0, "\"bad \\u0000 nul\""},
               "\"bad \"");   /* cJSON stops at the NUL: never sent */
  expect_value((rw_value){RACEWAY_VALUE_SINT, 2, 1, 0x7fff, 0}, "32767");
  expect_value((rw_value){RACEWAY_VALUE_SINT, 8, 1, 0, 0}, "0");
  expect_value((rw_value){RACEWAY_VALUE_SINT, 0, 1, 99, 0}, "99");
  expect_value((rw_value){RACEWAY_VALUE_UINT, 1, 1, 0x1ff, 0}, "255");
  /* The pair as a StateChange has it: integers in place, others the long
   * way, in either position. */
  static const struct { rw_value old, nv; const char *want; } pairs[] = {
      {{RACEWAY_VALUE_SINT, 8, 1, (uint64_t)-12345, 0}, {RACEWAY_VALUE_UINT, 8, 1, 10, 0},
       "-12345,\"new_value\":10"},
      {{RACEWAY_VALUE_SINT, 4, 0, 1, 0}, {RACEWAY_VALUE_SINT, 4, 1, 0x80000000ull, 0},
       "null,\"new_value\":-2147483648"},
      {{RACEWAY_VALUE_SINT, 4, 1, 3, 0}, {RACEWAY_VALUE_BOOL, 1, 1, 0, 0},
       "3,\"new_value\":false"},
      {{RACEWAY_VALUE_PTR, 8, 1, 0x10, 0}, {RACEWAY_VALUE_UINT, 8, 1, ~0ull, 0},
       "\"0x10\",\"new_value\":18446744073709551615"},
  };
  /* With a memo: each pair twice, so values repeat across kinds and sizes
   * with the same bits (-1 as int32 and uint64: different texts). */
  rw_json_memo memo = {0};
  for (int use = 0; use < 3; use++)
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
      rw_buf b = {0};
      rw_buf_putc(&b, '<');
      rw_wire_state_change_values(&b, &pairs[i].old, &pairs[i].nv, use ? &memo : 0);
      CHECK(b.p && strcmp(b.p + 1, pairs[i].want) == 0, "pair %zu: %s", i, b.p ? b.p : "-");
      rw_buf_free(&b);
    }
  static const struct { rw_value v; const char *want; } seq[] = {
      {{RACEWAY_VALUE_SINT, 4, 1, 0xffffffffull, 0}, "-1"},
      {{RACEWAY_VALUE_SINT, 4, 1, 0xffffffffull, 0}, "-1"},
      {{RACEWAY_VALUE_UINT, 4, 1, 0xffffffffull, 0}, "4294967295"},
      {{RACEWAY_VALUE_SINT, 8, 1, 0xffffffffull, 0}, "4294967295"},
      {{RACEWAY_VALUE_SINT, 2, 1, 0xffffffffull, 0}, "-1"},
      {{RACEWAY_VALUE_SINT, 2, 0, 0xffffffffull, 0}, "null"},
      {{RACEWAY_VALUE_SINT, 2, 1, 0xffffffffull, 0}, "-1"},
      {{RACEWAY_VALUE_BOOL, 2, 1, 0xffffffffull, 0}, 0},
      {{RACEWAY_VALUE_SINT, 2, 1, 0xffffffffull, 0}, "-1"},
      {{RACEWAY_VALUE_SINT, 2, 1, 0, 0}, "0"},        /* -1 + 1: not counted up */
      {{RACEWAY_VALUE_UINT, 8, 1, 1, 0}, "1"},
      {{RACEWAY_VALUE_UINT, 8, 1, 8, 0}, "8"},
      {{RACEWAY_VALUE_UINT, 8, 1, 9, 0}, "9"},
      {{RACEWAY_VALUE_UINT, 8, 1, 10, 0}, "10"},      /* a carry: afresh */
      {{RACEWAY_VALUE_UINT, 8, 1, 11, 0}, "11"},
      {{RACEWAY_VALUE_SINT, 1, 1, 0x7e, 0}, "126"},
      {{RACEWAY_VALUE_SINT, 1, 1, 0x7f, 0}, "127"},
      {{RACEWAY_VALUE_SINT, 1, 1, 0x80, 0}, "-128"},  /* bits + 1, value wraps */
      {{RACEWAY_VALUE_UINT, 1, 1, 0x1ff, 0}, "255"},
      {{RACEWAY_VALUE_UINT, 1, 1, 0x200, 0}, "0"},
      {{RACEWAY_VALUE_UINT, 8, 1, 18446744073709551614ull, 0}, "18446744073709551614"},
      {{RACEWAY_VALUE_UINT, 8, 1, ~0ull, 0}, "18446744073709551615"},
      {{RACEWAY_VALUE_UINT, 8, 1, 0, 0}, "0"},
  };
  for (size_t i = 0; i < sizeof seq / sizeof seq[0]; i++) {
    char out[RW_JSON_INT_MAX + 1];
    char *end = rw_json_int_at(out, &seq[i].v, &memo);
    if (end)
      *end = 0;
    CHECK(seq[i].want ? end && strcmp(out, seq[i].want) == 0 : !end, "value %zu: %s", i,
          end ? out : "-");
  }
  /* Counting up in place, across carries (19 -> 20, 999 -> 1000, 9099 ->
   * 9100, 10^12 - 1 -> 10^12, up to 2^64 - 1): the text written afresh. */
  static const uint64_t from[] = {0, 990, 9090, 99990, 999999999990ull, 18446744073709551600ull};
  for (size_t i = 0; i < sizeof from / sizeof from[0]; i++)
    for (uint64_t k = 0, v = from[i]; k < 30 && v >= from[i]; k++, v++) {
      rw_value x = {RACEWAY_VALUE_UINT, 8, 1, v, 0};
      char got[RW_JSON_INT_MAX + 1], want[RW_JSON_INT_MAX + 1];
      char *end = rw_json_int_at(got, &x, &memo), *wend = rw_json_int_at(want, &x, 0);
      *end = 0, *wend = 0;
      CHECK(strcmp(got, want) == 0, "count %llu: %s", (unsigned long long)v, got);
    }
}

static void test_locations(void) {
  char out[64];
  raceway_site s = {"v", 0, "a.c", 12, 7, 0, 0, 0, 4, 0, 0, {0}};
  rw_label_site(&s, out, sizeof out);
  CHECK(strcmp(out, "a.c:12:7") == 0, "%s", out);
  s.column = 0;
  rw_label_site(&s, out, sizeof out);
  CHECK(strcmp(out, "a.c:12") == 0, "%s", out);
  s.line = 0;
  rw_label_site(&s, out, sizeof out);
  CHECK(strcmp(out, "a.c") == 0, "%s", out);
  /* Spelled without snprintf, to snprintf's bytes, truncation included. */
  char want[64];
  s = (raceway_site){"v", 0, "dir/b.c", 4294967295u, 10, 0, 0, 0, 4, 0, 0, {0}};
  for (size_t len = 0; len <= sizeof out; len++) {
    memset(out, 'x', sizeof out);
    memset(want, 'x', sizeof want);
    rw_label_site(&s, out, len);
    snprintf(want, len, "%s:%u:%u", s.file, s.line, s.column);
    CHECK(memcmp(out, want, sizeof out) == 0, "site, %zu bytes: %.20s", len, out);
    uintptr_t addr = (uintptr_t)0x7f00dead0ff0ull;
    rw_label_lock(addr, 0, RW_LOCK_SPIN, out, len);
    snprintf(want, len, "spin@0x%lx", (unsigned long)addr);
    CHECK(memcmp(out, want, sizeof out) == 0, "lock, %zu bytes: %.20s", len, out);
    rw_label_lock(addr, 1234567, RW_LOCK_RW_WRITE, out, len);
    snprintf(want, len, "rwlock@0x%lx#%u", (unsigned long)addr, 1234567u);
    CHECK(memcmp(out, want, sizeof out) == 0, "lock#gen, %zu bytes: %.20s", len, out);
  }
}

/* Does kind object j have variant `name` with all `keys`? */
static void expect_kind(const char *json, const char *name, const char *const *keys) {
  cJSON *j = cJSON_Parse(json);
  CHECK(j && cJSON_IsObject(j), "kind does not parse: %s", json);
  if (!j)
    return;
  CHECK(cJSON_GetArraySize(j) == 1 && strcmp(j->child->string, name) == 0,
        "variant of %s", json);
  for (int i = 0; keys[i]; i++)
    CHECK(cJSON_GetObjectItemCaseSensitive(j->child, keys[i]) != 0,
          "%s lacks %s: %s", name, keys[i], json);
  cJSON_Delete(j);
}

static void test_kinds(void) {
  rw_buf b = {0};
  rw_value old = {RACEWAY_VALUE_SINT, 4, 1, 41, 0}, nv = {RACEWAY_VALUE_SINT, 4, 1, 42, 0};
  rw_wire_state_change(&b, "g:counter", &old, &nv, "worker.c:88", RACEWAY_ACCESS_WRITE);
  CHECK(strcmp(b.p, "{\"StateChange\":{\"variable\":\"g:counter\",\"old_value\":41,"
                    "\"new_value\":42,\"location\":\"worker.c:88\",\"access_type\":\"Write\"}}") == 0,
        "%s", b.p);
  rw_buf_free(&b);
  static const char *const access[] = {"Read", "Write", "AtomicRead", "AtomicWrite", "AtomicRMW"};
  for (unsigned a = 0; a < 5; a++)
    CHECK(strcmp(rw_wire_access_name(a), access[a]) == 0, "access %u", a);
  static const char *const order[] = {"Relaxed", "Acquire", "Acquire", "Release", "AcqRel", "SeqCst"};
  for (unsigned o = 0; o < 6; o++)
    CHECK(strcmp(rw_wire_ordering_name(o), order[o]) == 0, "order %u", o);

  struct { void (*fn)(rw_buf *); const char *name; const char *keys[6]; } cases[] = {
      {0, "LockAcquire", {"lock_id", "lock_type", "location"}},
      {0, "LockRelease", {"lock_id", "lock_type", "location"}},
      {0, "AsyncSpawn", {"task_id", "spawned_by"}},
      {0, "AsyncAwait", {"future_id", "awaited_at"}},
      {0, "MemoryFence", {"ordering", "location"}},
      {0, "FunctionCall", {"function_name", "module", "args", "file", "line"}},
      {0, "HttpRequest", {"method", "url", "headers"}},
      {0, "HttpResponse", {"status", "headers", "duration_ms"}},
      {0, "Error", {"error_type", "message", "stack_trace"}},
      {0, "Custom", {"name", "data"}},
  };
  const char *frames[] = {"f1", "f2"};
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    rw_buf k = {0};
    switch (i) {
    case 0: rw_wire_lock(&k, 1, "mutex@0x10", "Mutex", "a.c:1"); break;
    case 1: rw_wire_lock(&k, 0, "mutex@0x10", "Mutex", "a.c:2"); break;
    case 2: rw_wire_spawn(&k, "0d9f8e7c-6b5a-4d3c-9b2a-1f0e9d8c7b6a", "main.c:30"); break;
    case 3: rw_wire_await(&k, "0d9f8e7c-6b5a-4d3c-9b2a-1f0e9d8c7b6a", "main.c:41"); break;
    case 4: rw_wire_fence(&k, RACEWAY_ORDER_SEQ_CST, "q.c:17"); break;
    case 5: rw_wire_function_call(&k, "enqueue", "queue", 0, "queue.c", 12); break;
    case 6: rw_wire_http_request(&k, "GET", "/items"); break;
    case 7: rw_wire_http_response(&k, 200, 3); break;
    case 8: rw_wire_error(&k, "SIGSEGV", "bad", frames, 2); break;
    case 9: rw_wire_custom(&k, "x", 0); break;
    }
    expect_kind(k.p, cases[i].name, cases[i].keys);
    rw_buf_free(&k);
  }
  /* Empty collections are [] / {}, never null. */
  rw_buf k = {0};
  rw_wire_error(&k, "E", "m", 0, 0);
  CHECK(strstr(k.p, "\"stack_trace\":[]") != 0, "%s", k.p);
  rw_buf_free(&k);
  rw_wire_function_call(&k, "f", "m", 0, "f.c", 1);
  CHECK(strstr(k.p, "\"args\":{}") != 0, "%s", k.p);
  rw_buf_free(&k);
  rw_wire_custom(&k, "c", 0);
  CHECK(strstr(k.p, "\"data\":null") != 0, "%s", k.p);
  rw_buf_free(&k);
}

static void test_event(void) {
  rw_meta m = {"42:43", 42, "svc \"q\"", "dev", "host-42", 0, ""};
  rw_event e = {"9b0e6c2a-1f3d-4c5e-8a7b-2d4f6e8a0c1e", 0,
                "3f2a9c1e-7b4d-4e8a-9c0f-1d2e3f4a5b6c", 1740823200000001000ull, &m, 0, 0, 0, 0, 0};
  rw_buf b = {0};
  rw_wire_event_begin(&b, &e);
  rw_wire_custom(&b, "program_start", "{\"argv0\":\"./a.out\"}");
  rw_wire_event_end(&b, &e);
  const char *want =
      "{\"id\":\"9b0e6c2a-1f3d-4c5e-8a7b-2d4f6e8a0c1e\",\"trace_id\":"
      "\"3f2a9c1e-7b4d-4e8a-9c0f-1d2e3f4a5b6c\",\"parent_id\":null,\"timestamp\":"
      "\"2025-03-01T10:00:00.000001000Z\",\"kind\":{\"Custom\":{\"name\":\"program_start\","
      "\"data\":{\"argv0\":\"./a.out\"}}},\"metadata\":{\"thread_id\":\"42:43\","
      "\"process_id\":42,\"service_name\":\"svc \\\"q\\\"\",\"environment\":\"dev\","
      "\"tags\":{\"sdk_language\":\"c\"},\"instance_id\":\"host-42\"},"
      "\"causality_vector\":[],\"lock_set\":[]}";
  CHECK(strcmp(b.p, want) == 0, "\n got %s\nwant %s", b.p, want);
  rw_buf_free(&b);

  m.span_id = "a1b2c3d4e5f60718";
  m.upstream_span = "0f1e2d3c4b5a6978";
  e.parent_id = "c1d2e3f4-0000-4000-8000-000000000002";
  e.causality_json = "[[\"42:43\",3]]";
  e.lock_set_json = "[\"mutex@0x10\"]";
  rw_wire_event_begin(&b, &e);
  rw_wire_fence(&b, RACEWAY_ORDER_ACQ_REL, "q.c:1");
  rw_wire_event_end(&b, &e);
  cJSON *j = cJSON_Parse(b.p);
  CHECK(j != 0, "event does not parse: %s", b.p);
  cJSON *md = cJSON_GetObjectItem(j, "metadata");
  CHECK(md && strcmp(cJSON_GetObjectItem(md, "distributed_span_id")->valuestring,
                     "a1b2c3d4e5f60718") == 0, "span id");
  CHECK(strcmp(cJSON_GetObjectItem(j, "parent_id")->valuestring,
               "c1d2e3f4-0000-4000-8000-000000000002") == 0, "parent id");
  CHECK(cJSON_GetArraySize(cJSON_GetObjectItem(j, "lock_set")) == 1, "lock_set");
  cJSON_Delete(j);
  rw_buf_free(&b);
}

static void test_ids_and_time(void) {
  char ts[31];
  rw_clock_format(0, ts);
  CHECK(strcmp(ts, "1970-01-01T00:00:00.000000000Z") == 0, "%s", ts);
  rw_clock_format(1740823200123456789ull, ts);
  CHECK(strcmp(ts, "2025-03-01T10:00:00.123456789Z") == 0, "%s", ts);
  rw_clock_format(1740823201000000001ull, ts);   /* cached prefix must move on */
  CHECK(strcmp(ts, "2025-03-01T10:00:01.000000001Z") == 0, "%s", ts);

  rw_ids_init();
  char a[37], b[37];
  rw_ids_event(3, 1, a);
  rw_ids_event(3, 2, b);
  CHECK(strlen(a) == 36 && a[14] == '4' && strchr("89ab", a[19]), "not v4: %s", a);
  CHECK(strcmp(a, b) != 0 && strncmp(a, b, 24) == 0, "ids of one thread: %s %s", a, b);
  rw_ids_event(4, 1, b);
  CHECK(strcmp(a, b) != 0, "slots collide");
  uint8_t task[16];
  uint32_t slot;
  uint64_t seq;
  rw_ids_task(7, 99, task);
  CHECK(rw_ids_task_decode(task, &slot, &seq) == 0 && slot == 7 && seq == 99,
        "task id round trip: %u %llu", slot, (unsigned long long)seq);
  task[0] ^= 1;
  CHECK(rw_ids_task_decode(task, &slot, &seq) != 0, "foreign task id accepted");
}

/* Digit pairs, UUID hex and id tails against the plain ways. */
static void test_formatting(void) {
  char want[40], got[40];
  for (int k = 0; k <= 20; k++) {
    uint64_t p = 1;
    for (int i = 0; i < k && i < 19; i++)
      p *= 10;
    uint64_t vals[] = {p - 1, p, p + 1, k == 20 ? ~0ull : p * 7 / 3};
    for (int i = 0; i < 4; i++) {
      snprintf(want, sizeof want, "%llu", (unsigned long long)vals[i]);
      size_t n = rw_json_u64_text(vals[i], got);
      got[n] = 0;
      CHECK_STR(got, want);
    }
  }
  rw_json_digits(5, got, 9);
  got[9] = 0;
  CHECK_STR(got, "000000005");
  /* The last n digits, zeros in front, for n and values on both sides of
   * the 8-digit groups. */
  static const uint64_t dv[] = {0, 7, 99999999, 100000000, 123456789, 1999999999,
                                12345678901234567ull, ~0ull};
  for (size_t i = 0; i < sizeof dv / sizeof dv[0]; i++)
    for (unsigned n = 1; n <= 20; n++) {
      char all[24];
      snprintf(all, sizeof all, "%020llu", (unsigned long long)dv[i]);
      rw_json_digits(dv[i], got, n);
      got[n] = 0;
      CHECK_STR(got, all + 20 - n);
    }
  uint8_t id[16];
  for (int i = 0; i < 16; i++)
    id[i] = (uint8_t)(i * 17 + 15);
  rw_uuid_format(id, got);
  CHECK_STR(got, "0f203142-5364-7586-97a8-b9cadbecfd0e");
  rw_ids_init();
  uint64_t seqs[] = {1, 255, 0x123456789aull, 0xffffffffffull};
  for (int i = 0; i < 4; i++) {
    rw_ids_event(9, seqs[i], want);
    memcpy(got, want, 26);
    rw_ids_event_tail(seqs[i], got + 26);
    got[36] = 0;
    CHECK_STR(got, want);
  }
}

int main(void) {
  test_formatting();
  test_strings();
  test_values();
  test_locations();
  test_kinds();
  test_event();
  test_ids_and_time();
  return check_summary("test_encode");
}
