/*
 * test_trace_context.c - unit tests for runtime/trace_context.c: UUID text,
 * traceparent, raceway-clock (wire spec section 5) and hostile headers.
 * Headers are built here with an independent base64url encoder, so the
 * decoder under test is checked against another implementation.
 */
#include "common/trace_context.h"
#include "common/uuid.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

/* Wire spec 5.2, verbatim. */
static const char kSpecJson[] =
    "{\"trace_id\":\"3f2a9c1e-7b4d-4e8a-9c0f-1d2e3f4a5b6c\","
    "\"span_id\":\"a1b2c3d4e5f60718\",\"parent_span_id\":\"0f1e2d3c4b5a6978\","
    "\"service\":\"c-worker\",\"instance\":\"host1-4242\","
    "\"clock\":[[\"c-worker#host1-4242\",7],[\"gateway#gw-1\",3]]}";
static const char kSpecHeader[] =
    "v1;eyJ0cmFjZV9pZCI6IjNmMmE5YzFlLTdiNGQtNGU4YS05YzBmLTFkMmUzZjRhNWI2YyIsInNw"
    "YW5faWQiOiJhMWIyYzNkNGU1ZjYwNzE4IiwicGFyZW50X3NwYW5faWQiOiIwZjFlMmQzYzRiNWE2"
    "OTc4Iiwic2VydmljZSI6ImMtd29ya2VyIiwiaW5zdGFuY2UiOiJob3N0MS00MjQyIiwiY2xvY2si"
    "OltbImMtd29ya2VyI2hvc3QxLTQyNDIiLDddLFsiZ2F0ZXdheSNndy0xIiwzXV19";
static const char kTrace[] = "3f2a9c1e-7b4d-4e8a-9c0f-1d2e3f4a5b6c";
static const char kTraceparent[] =
    "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

/* Standard base64 with padding, then optionally mapped to the url alphabet
 * and stripped: an encoder written differently from the one under test. */
static void b64(const char *in, size_t n, char *out, int url, int pad) {
  static const char std[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  size_t o = 0;
  for (size_t i = 0; i < n; i += 3) {
    unsigned char b[3] = {0, 0, 0};
    size_t k = n - i < 3 ? n - i : 3;
    memcpy(b, in + i, k);
    char q[4] = {std[b[0] >> 2], std[(b[0] & 3) << 4 | b[1] >> 4],
                 std[(b[1] & 15) << 2 | b[2] >> 6], std[b[2] & 63]};
    if (k < 3) q[3] = '=';
    if (k < 2) q[2] = '=';
    memcpy(out + o, q, 4), o += 4;
  }
  out[o] = '\0';
  for (size_t i = 0; url && i < o; i++)
    out[i] = out[i] == '+' ? '-' : out[i] == '/' ? '_' : out[i];
  if (!pad)
    while (o && out[o - 1] == '=') out[--o] = '\0';
}

/* "v1;" + unpadded base64url of json, in a static buffer. */
static const char *clock_header(const char *json) {
  static char buf[16384];
  memcpy(buf, "v1;", 3);
  b64(json, strlen(json), buf + 3, 1, 0);
  return buf;
}

static const rw_clock_entry *find(const rw_trace_ctx *c, const char *name) {
  for (uint32_t i = 0; i < c->nclock; i++)
    if (strcmp(c->clock[i].component, name) == 0) return &c->clock[i];
  return NULL;
}

static int parse_clock_json(const char *json, rw_trace_ctx *out) {
  return rw_trace_parse(NULL, clock_header(json), out);
}

static void test_uuid(void) {
  const uint8_t id[16] = {0x3f, 0x2a, 0x9c, 0x1e, 0x7b, 0x4d, 0x4e, 0x8a,
                          0x9c, 0x0f, 0x1d, 0x2e, 0x3f, 0x4a, 0x5b, 0x6c};
  static const char *const good[] = {
      "3f2a9c1e-7b4d-4e8a-9c0f-1d2e3f4a5b6c", "3F2A9C1E-7B4D-4E8A-9C0F-1D2E3F4A5B6C",
      "3f2a9c1e7b4d4e8a9c0f1d2e3f4a5b6c", "urn:uuid:3f2a9c1e-7b4d-4e8a-9c0f-1d2e3f4a5b6c",
      "{3f2a9c1e-7b4d-4e8a-9c0f-1d2e3f4a5b6c}"};
  static const char *const bad[] = {
      "", "3f2a9c1e-7b4d-4e8a-9c0f-1d2e3f4a5b6", "3f2a9c1e-7b4d-4e8a-9c0f-1d2e3f4a5b6c0",
      "3f2a9c1e7-b4d-4e8a-9c0f-1d2e3f4a5b6c", "3f2a9c1e-7b4d-4e8a-9c0f-1d2e3f4a5b6g",
      "URN:UUID:3f2a9c1e-7b4d-4e8a-9c0f-1d2e3f4a5b6c",
      "{3f2a9c1e-7b4d-4e8a-9c0f-1d2e3f4a5b6c)", "{3f2a9c1e7b4d4e8a9c0f1d2e3f4a5b6c}",
      "3f2a9c1e-7b4d-4e8a-9c0f+1d2e3f4a5b6c", "3f2a9c1e_7b4d_4e8a_9c0f_1d2e3f4a5b6c"};
  char text[37];
  uint8_t got[16];

  rw_uuid_format(id, text);
  CHECK_STR(text, kTrace);
  for (size_t i = 0; i < sizeof(good) / sizeof(*good); i++) {
    memset(got, 0, 16);
    CHECK(rw_uuid_parse(good[i], got) == 0);
    CHECK(memcmp(got, id, 16) == 0);
  }
  for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
    memset(got, 0xAA, 16);
    CHECK(rw_uuid_parse(bad[i], got) == -1);
    CHECK(got[0] == 0xAA); /* untouched on failure */
  }
  CHECK(rw_uuid_parse(NULL, got) == -1);
  memset(got, 0, 16); /* the nil UUID is a valid UUID for the server */
  rw_uuid_format(got, text);
  CHECK(rw_uuid_parse(text, got) == 0);
}

static void test_traceparent(void) {
  rw_trace_ctx c;
  char trace[37];
  CHECK(rw_trace_parse(kTraceparent, NULL, &c) == 0);
  CHECK(c.has_trace);
  rw_uuid_format(c.trace_id, trace);
  CHECK_STR(trace, "0af76519-16cd-43dd-8448-eb211c80319c");
  CHECK_STR(c.span_id, "b7ad6b7169203331");
  CHECK_STR(c.upstream_span, ""); /* a plain W3C caller gives no upstream */
  CHECK(c.nclock == 0);

  CHECK(rw_trace_parse("00-0AF7651916CD43DD8448EB211C80319C-B7AD6B7169203331-01",
                       NULL, &c) == 0);
  CHECK_STR(c.span_id, "b7ad6b7169203331");

  static const char *const bad[] = {
      "", "invalid-format", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331",
      "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-",
      "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01 ",
      "00-0af7651916cd43dd8448eb211c80319x-b7ad6b7169203331-01",
      "00-0af7651916cd43dd8448eb211c80319c-b7ad6b716920333z-01",
      "00-00000000000000000000000000000000-b7ad6b7169203331-01",
      "00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01",
      "00_0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
      "0g-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
      "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-0x",
      "00-0af7651916cd43dd8448eb211c8031-9cb7ad6b7169203331-01"};
  for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
    memset(&c, 0x55, sizeof(c));
    CHECK(rw_trace_parse(bad[i], NULL, &c) == -1);
    CHECK(c.has_trace == 0 && c.nclock == 0);
  }
  CHECK(rw_trace_parse(NULL, NULL, &c) == -1 && c.has_trace == 0);
  /* A NUL inside the value ends it early: too short, so ignored. */
  static const char embedded[] = "00-0af7651916cd43dd\0" "8448eb211c80319c-b7ad6b7169203331-01";
  CHECK(rw_trace_parse(embedded, NULL, &c) == -1);
}

/* The example of wire spec 5.2 decodes to the JSON shown there ... */
static void test_spec_example_parse(void) {
  rw_trace_ctx c;
  char trace[37];
  CHECK(strcmp(clock_header(kSpecJson), kSpecHeader) == 0); /* test encoder */
  CHECK(rw_trace_parse(NULL, kSpecHeader, &c) == 0);
  rw_uuid_format(c.trace_id, trace);
  CHECK_STR(trace, kTrace);
  CHECK_STR(c.span_id, "a1b2c3d4e5f60718");
  CHECK_STR(c.upstream_span, "0f1e2d3c4b5a6978");
  CHECK(c.nclock == 2);
  CHECK_STR(c.clock[0].component, "c-worker#host1-4242");
  CHECK(c.clock[0].value == 7);
  CHECK_STR(c.clock[1].component, "gateway#gw-1");
  CHECK(c.clock[1].value == 3);
}

/* ... and formatting the sender's context reproduces it byte for byte. */
static void test_spec_example_format(void) {
  rw_trace_ctx c;
  char tp[64], clk[1024];
  memset(&c, 0, sizeof(c));
  c.has_trace = 1;
  CHECK(rw_uuid_parse(kTrace, c.trace_id) == 0);
  strcpy(c.span_id, "0f1e2d3c4b5a6978");
  c.nclock = 2;
  strcpy(c.clock[0].component, "c-worker#host1-4242");
  c.clock[0].value = 6;
  strcpy(c.clock[1].component, "gateway#gw-1");
  c.clock[1].value = 3;
  CHECK(rw_trace_format(&c, "c-worker", "host1-4242", "a1b2c3d4e5f60718", tp,
                        sizeof(tp), clk, sizeof(clk)) == 0);
  CHECK_STR(tp, "00-3f2a9c1e7b4d4e8a9c0f1d2e3f4a5b6c-a1b2c3d4e5f60718-01");
  CHECK_STR(clk, kSpecHeader);
  CHECK(c.clock[0].value == 7 && c.nclock == 2);
  CHECK_STR(c.span_id, "0f1e2d3c4b5a6978"); /* own span kept, as TS/Py/Go */
}

static void test_format_round_trip(void) {
  rw_trace_ctx c, back;
  char tp[64], clk[1024], trace[37];
  CHECK(rw_trace_parse(kTraceparent, NULL, &c) == 0);
  /* Own component missing: added and incremented to 1. */
  CHECK(rw_trace_format(&c, "svc", "inst-1", "1111222233334444", tp, sizeof(tp),
                        clk, sizeof(clk)) == 0);
  CHECK(c.nclock == 1 && find(&c, "svc#inst-1") && find(&c, "svc#inst-1")->value == 1);
  CHECK(rw_trace_format(&c, "svc", "inst-1", "5555666677778888", tp, sizeof(tp),
                        clk, sizeof(clk)) == 0);
  CHECK(c.nclock == 1 && find(&c, "svc#inst-1")->value == 2);

  /* The receiver sees the child span as its own and ours as upstream. */
  CHECK(rw_trace_parse(tp, clk, &back) == 0);
  rw_uuid_format(back.trace_id, trace);
  CHECK_STR(trace, "0af76519-16cd-43dd-8448-eb211c80319c");
  CHECK_STR(back.span_id, "5555666677778888");
  CHECK_STR(back.upstream_span, "b7ad6b7169203331");
  CHECK(back.nclock == 1 && find(&back, "svc#inst-1")->value == 2);

  /* No own span yet: parent_span_id is null, and the receiver has none. */
  memset(&c, 0, sizeof(c));
  c.has_trace = 1;
  c.trace_id[15] = 1;
  CHECK(rw_trace_format(&c, "a\"b", "\xc3\xa9", "0123456789abcdef", tp, sizeof(tp),
                        clk, sizeof(clk)) == 0);
  CHECK(rw_trace_parse(NULL, clk, &back) == 0);
  CHECK_STR(back.upstream_span, "");
  CHECK(find(&back, "a\"b#\xc3\xa9") != NULL); /* escaped and UTF-8 names survive */
}

static void test_format_errors(void) {
  rw_trace_ctx c, before;
  char tp[64], clk[1024];
  CHECK(rw_trace_parse(NULL, kSpecHeader, &c) == 0);
  before = c;
  /* Small buffers: -1, and the clock is not advanced. */
  CHECK(rw_trace_format(&c, "c-worker", "host1-4242", "a1b2c3d4e5f60718", tp, 55,
                        clk, sizeof(clk)) == -1);
  CHECK(rw_trace_format(&c, "c-worker", "host1-4242", "a1b2c3d4e5f60718", tp,
                        sizeof(tp), clk, strlen(kSpecHeader)) == -1);
  CHECK(memcmp(&c, &before, sizeof(c)) == 0);
  /* Exactly big enough works. */
  CHECK(rw_trace_format(&c, "c-worker", "host1-4242", "a1b2c3d4e5f60718", tp, 56,
                        clk, strlen(kSpecHeader) + 1) == 0);
  /* Unusable arguments. */
  CHECK(rw_trace_format(&c, "s", "i", "A1B2C3D4E5F60718", tp, sizeof(tp), clk,
                        sizeof(clk)) == -1);
  CHECK(rw_trace_format(&c, "s", "i", "a1b2c3d4e5f6071", tp, sizeof(tp), clk,
                        sizeof(clk)) == -1);
  CHECK(rw_trace_format(&c, NULL, "i", "a1b2c3d4e5f60718", tp, sizeof(tp), clk,
                        sizeof(clk)) == -1);
  char long_name[200];
  memset(long_name, 'x', sizeof(long_name) - 1);
  long_name[sizeof(long_name) - 1] = '\0';
  CHECK(rw_trace_format(&c, long_name, "i", "a1b2c3d4e5f60718", tp, sizeof(tp), clk,
                        sizeof(clk)) == -1);
  memset(&c, 0, sizeof(c));
  CHECK(rw_trace_format(&c, "s", "i", "a1b2c3d4e5f60718", tp, sizeof(tp), clk,
                        sizeof(clk)) == -1); /* no trace */
}

/*
 * Clock values are written as integers, never in exponent form (cJSON
 * would print 2^53 as a double), and are capped at 2^53, the largest
 * value the parser reads exactly, so that every written header reads back.
 */
static void test_format_big_value(void) {
  rw_trace_ctx c, back;
  char tp[64], clk[1024], json[1024];
  CHECK(rw_trace_parse(kTraceparent, NULL, &c) == 0);
  c.nclock = 2;
  strcpy(c.clock[0].component, "s#i");
  c.clock[0].value = 9007199254740991ull; /* 2^53 - 1 */
  strcpy(c.clock[1].component, "other");
  c.clock[1].value = 1152921504606846976ull; /* 2^60, set by hand */
  CHECK(rw_trace_format(&c, "s", "i", "a1b2c3d4e5f60718", tp, sizeof(tp), clk,
                        sizeof(clk)) == 0);
  snprintf(json, sizeof(json),
           "{\"trace_id\":\"0af76519-16cd-43dd-8448-eb211c80319c\",\"span_id\":"
           "\"a1b2c3d4e5f60718\",\"parent_span_id\":\"b7ad6b7169203331\",\"service\":"
           "\"s\",\"instance\":\"i\",\"clock\":[[\"s#i\",9007199254740992],"
           "[\"other\",9007199254740992]]}");
  CHECK_STR(clk, clock_header(json));
  CHECK(c.clock[0].value == 9007199254740992ull);
  CHECK(rw_trace_parse(NULL, clk, &back) == 0 && back.nclock == 2);
  CHECK(find(&back, "s#i")->value == 9007199254740992ull);
  /* Saturated: the next call does not go past the cap. */
  CHECK(rw_trace_format(&c, "s", "i", "a1b2c3d4e5f60718", tp, sizeof(tp), clk,
                        sizeof(clk)) == 0);
  CHECK(c.clock[0].value == 9007199254740992ull);
}

/*
 * Padding: Go's RawURLEncoding and Rust's URL_SAFE_NO_PAD reject '=', so a
 * padded header would be accepted by a Python/Node service and dropped by a
 * Go/Rust one.  We reject it too: a header is then valid for every SDK or
 * for none, and the behaviour of a mixed deployment does not depend on
 * which language happens to receive the call.
 */
static void test_padding(void) {
  rw_trace_ctx c;
  char json[512], enc[1024], hdr[1100];
  /* Length 1 mod 3 gives "==" padding, 2 mod 3 gives "=". */
  for (int extra = 0; extra < 3; extra++) {
    snprintf(json, sizeof(json), "{\"trace_id\":\"%s\"%.*s}", kTrace, extra, "  ");
    size_t len = strlen(json);
    b64(json, len, enc, 1, 1);
    snprintf(hdr, sizeof(hdr), "v1;%s", enc);
    int padded = len % 3 != 0;
    CHECK(padded == (strchr(enc, '=') != NULL));
    CHECK(rw_trace_parse(NULL, hdr, &c) == (padded ? -1 : 0));
    b64(json, len, enc, 1, 0);
    snprintf(hdr, sizeof(hdr), "v1;%s", enc);
    CHECK(rw_trace_parse(NULL, hdr, &c) == 0);
    /* The standard alphabet is not base64url. */
    b64(json, len, enc, 0, 0);
    snprintf(hdr, sizeof(hdr), "v1;%s", enc);
    if (strpbrk(enc, "+/")) CHECK(rw_trace_parse(NULL, hdr, &c) == -1);
  }
  /* "eyJ0cmFjZV9pZCI6..." with '/' and '+' forced in. */
  CHECK(rw_trace_parse(NULL, "v1;eyJ0+mFjZV9pZCI6IjEifQ", &c) == -1);
  CHECK(rw_trace_parse(NULL, "v1;eyJ0/mFjZV9pZCI6IjEifQ", &c) == -1);
}

static void test_base64_hostile(void) {
  rw_trace_ctx c;
  char hdr[2048];
  /* A payload length of 1 mod 4 is never valid base64. */
  CHECK(rw_trace_parse(NULL, "v1;eyJ0c", &c) == -1);
  CHECK(rw_trace_parse(NULL, "v1;", &c) == -1);
  CHECK(rw_trace_parse(NULL, "v1", &c) == -1);
  CHECK(rw_trace_parse(NULL, "", &c) == -1);
  CHECK(rw_trace_parse(NULL, "v1;invalid-base64!!!", &c) == -1);
  CHECK(rw_trace_parse(NULL, "v1; eyJ0cmFjZV9pZCI6IjEifQ", &c) == -1);
  CHECK(rw_trace_parse(NULL, "v1;eyJ0cmFj\nZV9pZCI6IjEifQ", &c) == -1);
  /* Wrong version prefix. */
  strcpy(hdr, clock_header(kSpecJson));
  hdr[1] = '2';
  CHECK(rw_trace_parse(NULL, hdr, &c) == -1);
  hdr[1] = '1';
  hdr[0] = 'V';
  CHECK(rw_trace_parse(NULL, hdr, &c) == -1);
}

/* Non-zero spare bits in the last character make a non-canonical encoding. */
static void test_trailing_bits(void) {
  rw_trace_ctx c;
  char json[128], hdr[256];
  /* Pick a JSON whose length is 1 mod 3: the last char holds 4 spare bits. */
  snprintf(json, sizeof(json), "{\"trace_id\":\"%s\"}", kTrace);
  while (strlen(json) % 3 != 1) memmove(json + 1, json, strlen(json) + 1), json[0] = ' ';
  strcpy(hdr, clock_header(json));
  CHECK(rw_trace_parse(NULL, hdr, &c) == 0);
  size_t n = strlen(hdr);
  const char *alpha = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  int v = (int)(strchr(alpha, hdr[n - 1]) - alpha);
  CHECK((v & 15) == 0);
  hdr[n - 1] = alpha[v | 1];
  CHECK(rw_trace_parse(NULL, hdr, &c) == -1);
}

static void test_clock_wins(void) {
  rw_trace_ctx c;
  char trace[37];
  /* Both valid, different traces: raceway-clock wins. */
  CHECK(rw_trace_parse(kTraceparent, kSpecHeader, &c) == 0);
  rw_uuid_format(c.trace_id, trace);
  CHECK_STR(trace, kTrace);
  CHECK_STR(c.span_id, "a1b2c3d4e5f60718");
  /* Clock without span_id: the traceparent's span (wire spec 5.3). */
  char json[256];
  snprintf(json, sizeof(json), "{\"trace_id\":\"%s\",\"clock\":[[\"g#1\",2]]}", kTrace);
  CHECK(rw_trace_parse(kTraceparent, clock_header(json), &c) == 0);
  rw_uuid_format(c.trace_id, trace);
  CHECK_STR(trace, kTrace);
  CHECK_STR(c.span_id, "b7ad6b7169203331");
  CHECK(c.nclock == 1 && find(&c, "g#1")->value == 2);
  /* Invalid clock: fall back to traceparent, no clock entries. */
  CHECK(rw_trace_parse(kTraceparent, "v1;!!!!", &c) == 0);
  rw_uuid_format(c.trace_id, trace);
  CHECK_STR(trace, "0af76519-16cd-43dd-8448-eb211c80319c");
  CHECK(c.nclock == 0 && c.upstream_span[0] == '\0');
  /* Both invalid. */
  CHECK(rw_trace_parse("00-xx", "v1;!!!!", &c) == -1 && !c.has_trace);
}

static void test_clock_json_hostile(void) {
  rw_trace_ctx c;
  char json[8192];
  static const char *const rejected[] = {
      "", "not json", "[]", "\"str\"", "42", "null", "{}",
      "{\"trace_id\":42}", "{\"trace_id\":\"not-a-uuid\"}",
      "{\"trace_id\":\"3f2a9c1e-7b4d-4e8a-9c0f-1d2e3f4a5b6c\"",      /* cut */
      "{\"trace_id\":\"3f2a9c1e-7b4d-4e8a-9c0f-1d2e3f4a5b6c\",\"clock\":{}}",
      "{\"trace_id\":\"3f2a9c1e-7b4d-4e8a-9c0f-1d2e3f4a5b6c\",\"clock\":\"x\"}",
      "{\"trace_id\":\"3f2a9c1e-7b4d-4e8a-9c0f-1d2e3f4a5b6c\",\"x\":\"a\\u0000b\"}",
      "{\"trace_id\":\"3f2a9c1e-7b4d-4e8a-9c0f-1d2e3f4a5b6c\",\"clock\":[[\"a\\u0000\",1]]}",
      "{\"trace_id\":\"3f2a9c1e-7b4d-4e8a-9c0f-1d2e3f4a5b6c\",\"x\":\"\\ud800\"}",
      "{\"trace_id\":\"3f2a9c1e-7b4d-4e8a-9c0f-1d2e3f4a5b6c\",\"x\":[[[[[[[[[1]]]]]]]]]}"};
  for (size_t i = 0; i < sizeof(rejected) / sizeof(*rejected); i++) {
    int rc = parse_clock_json(rejected[i], &c);
    if (rc != -1) fprintf(stderr, "accepted: %s\n", rejected[i]);
    CHECK(rc == -1);
    CHECK(!c.has_trace);
  }
  /* Raw NUL byte inside the decoded JSON. */
  {
    static const char raw[] = "{\"trace_id\":\"3f2a9c1e-7b4d-4e8a-9c0f-1d2e3f4a5b6c\",\"x\":\"a\0b\"}";
    char hdr[256] = "v1;";
    b64(raw, sizeof(raw) - 1, hdr + 3, 1, 0);
    CHECK(rw_trace_parse(NULL, hdr, &c) == -1);
  }
  /* Nesting within the limit is fine (unknown keys are ignored). */
  snprintf(json, sizeof(json), "{\"trace_id\":\"%s\",\"x\":[[[[[[1]]]]]]}", kTrace);
  CHECK(parse_clock_json(json, &c) == 0);

  /* Bad entries are dropped one by one; good ones are kept. */
  snprintf(json, sizeof(json),
           "{\"trace_id\":\"%s\",\"span_id\":\"xyz\",\"parent_span_id\":7,\"clock\":["
           "[\"ok#1\",5],[\"neg#1\",-1],[\"frac#1\",1.5],[\"big#1\",18446744073709551615],"
           "[\"huge#1\",1e300],[\"str#1\",\"3\"],[1,2],[\"three#1\",1,2],\"flat\",[],"
           "[\"\",1],[\"ctl\\u0001#1\",1],[\"bad\xff#1\",1],[\"ok#1\",9],[\"ok#1\",4],"
           "[\"max#1\",9007199254740992],[\"over#1\",18014398509481984]]}",
           kTrace);
  CHECK(parse_clock_json(json, &c) == 0);
  CHECK_STR(c.span_id, "");
  CHECK_STR(c.upstream_span, "");
  CHECK(c.nclock == 2);
  CHECK(find(&c, "ok#1") && find(&c, "ok#1")->value == 9); /* duplicates: max */
  CHECK(find(&c, "max#1") && find(&c, "max#1")->value == 9007199254740992ull);

  /* Component names: 127 bytes kept, 128 dropped. */
  char n127[128], n128[129];
  memset(n127, 'a', 127), n127[127] = '\0';
  memset(n128, 'b', 128), n128[128] = '\0';
  snprintf(json, sizeof(json), "{\"trace_id\":\"%s\",\"clock\":[[\"%s\",1],[\"%s\",2]]}",
           kTrace, n127, n128);
  CHECK(parse_clock_json(json, &c) == 0);
  CHECK(c.nclock == 1 && find(&c, n127));

  /* Many entries: bounded, with room left for the receiver's own one. */
  int off = snprintf(json, sizeof(json), "{\"trace_id\":\"%s\",\"clock\":[", kTrace);
  for (int i = 0; i < 200; i++)
    off += snprintf(json + off, sizeof(json) - off, "%s[\"c%d\",%d]", i ? "," : "", i, i);
  snprintf(json + off, sizeof(json) - off, "]}");
  CHECK(strlen(clock_header(json)) <= 4096);
  CHECK(parse_clock_json(json, &c) == 0);
  CHECK(c.nclock == RW_TRACE_MAX_CLOCK - 1);
  CHECK(find(&c, "c0") && find(&c, "c62") && !find(&c, "c63"));
  char tp[64], clk[4096];
  CHECK(rw_trace_format(&c, "me", "1", "a1b2c3d4e5f60718", tp, sizeof(tp), clk,
                        sizeof(clk)) == 0);
  CHECK(c.nclock == RW_TRACE_MAX_CLOCK && find(&c, "me#1")->value == 1);
  /* The sender's own entry is written first, so a full clock passed on
   * keeps it (the receiver drops from the tail). */
  rw_trace_ctx next;
  CHECK(rw_trace_parse(NULL, clk, &next) == 0);
  CHECK(next.nclock == RW_TRACE_MAX_CLOCK - 1 && find(&next, "me#1"));
  CHECK(!find(&next, "c62"));
}

/* > 4 KiB is ignored before any decoding; exactly 4 KiB is accepted. */
static void test_oversize(void) {
  rw_trace_ctx c;
  char json[4096], hdr[8192];
  int pad = 0;
  for (;;) { /* grow an ignored key until the header is exactly 4096 */
    snprintf(json, sizeof(json), "{\"trace_id\":\"%s\",\"x\":\"%0*d\"}", kTrace, pad, 0);
    size_t n = strlen(clock_header(json));
    if (n >= 4096) break;
    pad++;
  }
  strcpy(hdr, clock_header(json));
  size_t n = strlen(hdr);
  if (n == 4096) {
    CHECK(rw_trace_parse(NULL, hdr, &c) == 0);
  } else { /* 4097 or 4098: both over */
    CHECK(rw_trace_parse(NULL, hdr, &c) == -1);
  }
  snprintf(json, sizeof(json), "{\"trace_id\":\"%s\",\"x\":\"%0*d\"}", kTrace, pad + 3, 0);
  strcpy(hdr, clock_header(json));
  CHECK(strlen(hdr) > 4096);
  CHECK(rw_trace_parse(NULL, hdr, &c) == -1);
  /* A huge non-terminated-looking value: only the first 4097 bytes are read. */
  char *big = malloc(1 << 20);
  CHECK(big != NULL);
  if (big) {
    memcpy(big, "v1;", 3);
    memset(big + 3, 'A', (1 << 20) - 4);
    big[(1 << 20) - 1] = '\0';
    CHECK(rw_trace_parse(kTraceparent, big, &c) == 0); /* falls back */
    CHECK_STR(c.span_id, "b7ad6b7169203331");
    free(big);
  }
}

int main(void) {
  test_uuid();
  test_traceparent();
  test_spec_example_parse();
  test_spec_example_format();
  test_format_round_trip();
  test_format_errors();
  test_format_big_value();
  test_padding();
  test_base64_hostile();
  test_trailing_bits();
  test_clock_wins();
  test_clock_json_hostile();
  test_oversize();
  return check_summary("test_trace_context");
}
