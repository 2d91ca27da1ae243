/* test_config.c - RACEWAY_* parsing and validation: defaults, every
 * setting of the table (common/settings.def) with its default, good and bad
 * values, ranges, the one-line messages (stderr is captured), the API key
 * never printed, endpoint credentials never printed, length caps, program-set
 * fields winning. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "common/config.h"

static char errtext[16384];

/* rw_config_load with its stderr captured in errtext.  Returns the
 * rejected count. */
static int load_captured(rw_config *out, const raceway_config *in) {
  fflush(stderr);
  FILE *tmp = tmpfile();
  int saved = dup(2);
  dup2(fileno(tmp), 2);
  int bad = rw_config_load(out, in);
  fflush(stderr);
  dup2(saved, 2);
  close(saved);
  rewind(tmp);
  size_t n = fread(errtext, 1, sizeof errtext - 1, tmp);
  errtext[n] = 0;
  fclose(tmp);
  return bad;
}

static void unset_all(void) {
  for (int i = 0; i < RW_SETTING_COUNT; i++)
    unsetenv(rw_config_settings[i].name);
}

/* Load the configuration from the environment with `var`=`value` (NULL:
 * unset); stderr goes to errtext.  Returns the rejected count. */
static int load_with(const char *var, const char *value, rw_config *out) {
  unset_all();
  if (var && value)
    setenv(var, value, 1);
  raceway_config c;
  raceway_config_init(&c);
  rw_config_free(out);
  return load_captured(out, &c);
}

static int lines(const char *s) {
  int n = 0;
  for (; *s; s++)
    n += *s == '\n';
  return n;
}

/* No byte below 0x20 but the newline ending each line, no DEL. */
static int printable_lines(const char *s) {
  for (; *s; s++)
    if (((unsigned char)*s < 0x20 && *s != '\n') || *s == 0x7f)
      return 0;
  return 1;
}

static rw_config c;      /* the configuration the tests load into */

static void test_defaults(void) {
  CHECK(load_with(0, 0, &c) == 0 && errtext[0] == 0, "messages: %s", errtext);
  CHECK(strcmp(c.pub.endpoint, "http://localhost:8080") == 0, "%s", c.pub.endpoint);
  CHECK(strcmp(c.pub.environment, "development") == 0, "%s", c.pub.environment);
  CHECK(strcmp(c.pub.service_name, "test_config") == 0, "service %s", c.pub.service_name);
  CHECK(c.pub.instance_id && strchr(c.pub.instance_id, '-'), "instance %s", c.pub.instance_id);
  CHECK(c.pub.batch_size == 100 && c.pub.flush_interval_ms == 1000, "numbers");
  CHECK(c.pub.enabled == 1 && c.pub.debug == 0 && c.pub.detect == 1, "booleans");
  CHECK(c.pub.max_buffered == 8192 && c.pub.max_shadow == 1048576, "sizes");
  CHECK(c.pub.shutdown_timeout_ms == 5000 && c.pub.exitcode == 0, "exit");
  CHECK(c.send == RW_SEND_AUTO && c.send_all_limit == 100000 && !c.pub.api_key && !c.pub.output_path, "send/key/output");
  CHECK(c.race_window == 4096 && c.all_lock_events == 0 && c.wire_vector == RW_WIRE_AUTO, "window/lock events");
}

/* ---- every setting of the table ---- */

static char ca_file[64];      /* a readable file, for FILE settings */

/* The field is a string (text kinds; an ENUM keeps its name in a string
 * field or its index in an int field). */
static int is_ptr_field(const rw_setting *s) {
  return s->kind <= RW_KIND_FILE || (s->kind == RW_KIND_ENUM && !s->is_signed);
}

/* The value in s's field of *k as text ("" for unset). */
static void field_text(const rw_config *k, const rw_setting *s, char *buf, size_t n) {
  const void *f = (const char *)k + s->off;
  if (is_ptr_field(s)) {
    const char *v = *(const char *const *)f;
    snprintf(buf, n, "%s", v ? v : "");
  } else {
    unsigned v;
    memcpy(&v, f, sizeof v);
    if (s->kind == RW_KIND_ENUM)
      snprintf(buf, n, "%s", s->choices[v]);
    else
      snprintf(buf, n, "%u", v);
  }
}

/* s accepts `value`: nothing printed, and the field holds `want`. */
static void expect_good(const rw_setting *s, const char *value, const char *want) {
  char got[9000];
  int bad = load_with(s->name, value, &c);
  field_text(&c, s, got, sizeof got);
  CHECK(bad == 0 && errtext[0] == 0, "%s=%.40s: %d rejected: %s", s->name, value,
        bad, errtext);
  CHECK(strcmp(got, want) == 0, "%s=%.40s: holds %.40s", s->name, value, got);
}

/* s refuses (or cuts) `value` with exactly one line naming the variable. */
static void expect_one_line(const rw_setting *s, const char *value) {
  int bad = load_with(s->name, value, &c);
  CHECK(bad == 1 && lines(errtext) == 1 && strstr(errtext, s->name) &&
        strncmp(errtext, "raceway: ", 9) == 0 && printable_lines(errtext),
        "%s=%.40s: %d rejected: %s", s->name, value, bad, errtext);
}

static char *repeat(char ch, size_t n, const char *prefix) {
  size_t p = strlen(prefix);
  char *s = malloc(p + n + 1);
  memcpy(s, prefix, p);
  memset(s + p, ch, n);
  s[p + n] = 0;
  return s;
}

static void table_numbers(const rw_setting *s) {
  char lo[32], hi[32], over[32], under[32];
  snprintf(lo, sizeof lo, "%lu", s->lo);
  snprintf(hi, sizeof hi, "%lu", s->hi);
  snprintf(over, sizeof over, "%lu", s->hi + 1);
  snprintf(under, sizeof under, "%lu", s->lo - 1);
  expect_good(s, lo, lo);
  expect_good(s, hi, hi);
  if (s->kind == RW_KIND_BOOL) {
    expect_good(s, "yes", "1");
    expect_good(s, "OFF", "0");
    expect_one_line(s, "maybe");
    expect_one_line(s, "2");
  } else {
    expect_one_line(s, over);
    if (s->lo > 0)
      expect_one_line(s, under);
    expect_one_line(s, "12x");
    expect_one_line(s, "-1");
    expect_one_line(s, "+1");
  }
  if (s->kind == RW_KIND_POW2)
    expect_one_line(s, "65");
  /* Whitespace of any kind, before or after, is refused alike. */
  static const char *const ws[] = {" ", "\t", "\n", "\r", "\v", "\f"};
  for (size_t k = 0; k < sizeof ws / sizeof *ws; k++) {
    char before[40], after[40];
    snprintf(before, sizeof before, "%s%s", ws[k], lo);
    snprintf(after, sizeof after, "%s%s", lo, ws[k]);
    expect_one_line(s, before);
    expect_one_line(s, after);
  }
}

static void table_text(const rw_setting *s) {
  char *longest = 0, *too_long = 0;
  switch (s->kind) {
  case RW_KIND_URL:
    expect_good(s, "http://127.0.0.1:9/", "http://127.0.0.1:9");
    expect_good(s, "https://r.example:8443/base", "https://r.example:8443/base");
    expect_one_line(s, "ftp://example.com");
    expect_one_line(s, "http://");
    longest = repeat('a', s->hi - 7, "http://");
    too_long = repeat('a', s->hi - 6, "http://");
    break;
  case RW_KIND_KEY:
    expect_good(s, "k-1~!{}", "k-1~!{}");
    expect_one_line(s, "a\r\nX-Injected: 1");
    expect_one_line(s, "a b");
    expect_one_line(s, "a\x7f");
    longest = repeat('k', s->hi, "");
    too_long = repeat('k', s->hi + 1, "");
    break;
  case RW_KIND_FILE:
    expect_good(s, ca_file, ca_file);
    expect_one_line(s, "/nonexistent/raceway-ca.pem");
    expect_one_line(s, "/");
    too_long = repeat('a', s->hi, "/");
    break;
  default:                           /* STR, PATH */
    expect_good(s, "x", "x");
    longest = repeat('a', s->hi, "");
    too_long = repeat('a', s->hi + 1, "");
    break;
  }
  if (longest)
    expect_good(s, longest, longest);
  expect_one_line(s, too_long);
  free(longest);
  free(too_long);
}

static void test_table(void) {
  snprintf(ca_file, sizeof ca_file, "/tmp/rw-test-ca-%d.pem", (int)getpid());
  FILE *f = fopen(ca_file, "w");
  CHECK(f != 0, "%s", ca_file);
  if (f)
    fclose(f);
  for (int i = 0; i < RW_SETTING_COUNT; i++) {
    const rw_setting *s = &rw_config_settings[i];
    CHECK(strncmp(s->name, "RACEWAY_", 8) == 0 && s->doc && s->doc[0], "%s", s->name);
    /* Unset, and set to its default: accepted, nothing printed. */
    CHECK(load_with(0, 0, &c) == 0 && errtext[0] == 0, "%s unset: %s", s->name, errtext);
    if (s->def && s->def != RW_COMPUTED) {
      char want[300];
      expect_good(s, s->def, s->def);
      field_text(&c, s, want, sizeof want);
      CHECK(strcmp(want, s->def) == 0, "%s default %s", s->name, want);
    }
    if (s->kind == RW_KIND_ENUM) {
      for (int k = 0; s->choices[k]; k++)
        expect_good(s, s->choices[k], s->choices[k]);
      expect_one_line(s, "bogus");
      expect_one_line(s, " all");
    } else if (s->kind == RW_KIND_UINT || s->kind == RW_KIND_POW2 ||
               s->kind == RW_KIND_BOOL) {
      table_numbers(s);
    } else {
      table_text(s);
    }
  }
  unlink(ca_file);
}

/* ---- specific values and exact messages ---- */

/* var=value must be refused: default kept, one line naming both. */
static rw_config last;   /* the configuration expect_bad loaded */

static void expect_bad(const char *var, const char *value, const char *want_line) {
  int bad = load_with(var, value, &last);
  CHECK(bad == 1, "%s=%s: %d rejected", var, value, bad);
  CHECK(lines(errtext) == 1 && strstr(errtext, var),
        "%s=%s: message %s", var, value, errtext);
  if (want_line)
    CHECK_STR(errtext, want_line);
  else
    CHECK(strstr(errtext, value), "%s=%s: message %s", var, value, errtext);
}

static void test_numbers(void) {
  expect_bad("RACEWAY_BATCH_SIZE", "abc",
             "raceway: RACEWAY_BATCH_SIZE='abc' is not a number in 1..10000; using 100\n");
  expect_bad("RACEWAY_BATCH_SIZE", "0",
             "raceway: RACEWAY_BATCH_SIZE=0 is out of range 1..10000; using 100\n");
  expect_bad("RACEWAY_BATCH_SIZE", "10001", 0);
  expect_bad("RACEWAY_BATCH_SIZE", "12x", 0);
  expect_bad("RACEWAY_BATCH_SIZE", "-1", 0);
  expect_bad("RACEWAY_BATCH_SIZE", " 5", 0);
  expect_bad("RACEWAY_BATCH_SIZE", "\t5",
             "raceway: RACEWAY_BATCH_SIZE='\\x095' is not a number in 1..10000; using 100\n");
  expect_bad("RACEWAY_BATCH_SIZE", "\n5",
             "raceway: RACEWAY_BATCH_SIZE='\\x0a5' is not a number in 1..10000; using 100\n");
  expect_bad("RACEWAY_BATCH_SIZE", "99999999999999999999", 0);
  CHECK(load_with("RACEWAY_BATCH_SIZE", "10000", &c) == 0 && c.pub.batch_size == 10000, "max");
  CHECK(load_with("RACEWAY_BATCH_SIZE", "1", &c) == 0 && c.pub.batch_size == 1, "min");
  CHECK(load_with("RACEWAY_FLUSH_INTERVAL_MS", "5", &c) == 0 && c.pub.flush_interval_ms == 5, "interval");
  expect_bad("RACEWAY_FLUSH_INTERVAL_MS", "0", 0);
  expect_bad("RACEWAY_FLUSH_INTERVAL_MS", "600001", 0);
  CHECK(load_with("RACEWAY_MAX_BUFFERED", "1024", &c) == 0 && c.pub.max_buffered == 1024, "maxbuf");
  expect_bad("RACEWAY_MAX_BUFFERED", "1000",      /* not a power of two */
             "raceway: RACEWAY_MAX_BUFFERED=1000 is not a power of two; using 8192\n");
  expect_bad("RACEWAY_MAX_BUFFERED", "32", 0);
  CHECK(last.pub.max_buffered == 8192, "maxbuf default after bad: %u", last.pub.max_buffered);
  CHECK(load_with("RACEWAY_EXITCODE", "66", &c) == 0 && c.pub.exitcode == 66, "exitcode");
  expect_bad("RACEWAY_EXITCODE", "300", 0);
  CHECK(load_with("RACEWAY_SHUTDOWN_TIMEOUT_MS", "0", &c) == 0 && c.pub.shutdown_timeout_ms == 0, "timeout 0");
  expect_bad("RACEWAY_MAX_SHADOW", "10", 0);
  CHECK(load_with("RACEWAY_RACE_WINDOW", "16", &c) == 0 && c.race_window == 16, "window");
  expect_bad("RACEWAY_RACE_WINDOW", "x",
             "raceway: RACEWAY_RACE_WINDOW='x' is not a number in 1..1048576; using 4096\n");
  CHECK(last.race_window == 4096, "window default after bad");
}

/* A quoted bad value is cut after RW_ECHO_MAX bytes. */
static void test_echo_capped(void) {
  char *v = repeat('7', 100, "x");
  char want[256];
  snprintf(want, sizeof want, "raceway: RACEWAY_BATCH_SIZE='x%.63s...' is not a "
           "number in 1..10000; using 100\n", v + 1);
  expect_bad("RACEWAY_BATCH_SIZE", v, want);
  free(v);
  char buf[RW_ECHO_SIZE];
  CHECK_STR(rw_config_echo("a\x01\x7f" "b", buf, sizeof buf), "a\\x01\\x7fb");
  CHECK_STR(rw_config_echo("", buf, sizeof buf), "");
  v = repeat('\n', 100, "");
  CHECK(strlen(rw_config_echo(v, buf, sizeof buf)) == 64 * 4 + 3, "%zu", strlen(buf));
  free(v);
}

static void test_booleans(void) {
  static const char *const yes[] = {"1", "true", "yes", "on", "TRUE", "On"};
  static const char *const no[] = {"0", "false", "no", "off", "NO"};
  for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
    CHECK(load_with("RACEWAY_DEBUG", yes[i], &c) == 0 && c.pub.debug == 1, "debug=%s", yes[i]);
  for (size_t i = 0; i < sizeof no / sizeof *no; i++)
    CHECK(load_with("RACEWAY_ENABLED", no[i], &c) == 0 && c.pub.enabled == 0, "enabled=%s", no[i]);
  expect_bad("RACEWAY_ENABLED", "maybe",
             "raceway: RACEWAY_ENABLED='maybe' is not a boolean (0/1/true/false/yes/no/"
             "on/off); using 1\n");
  CHECK(last.pub.enabled == 1, "enabled default after bad");
  expect_bad("RACEWAY_DETECT", "2", 0);
  CHECK(load_with("RACEWAY_REPORT_LIVE", "", &c) == 0 && c.pub.report_live == 0,
        "an empty variable counts as unset");
}

static void test_strings(void) {
  expect_bad("RACEWAY_ENDPOINT", "ftp://example.com",
             "raceway: RACEWAY_ENDPOINT='ftp://example.com' is not an http:// or "
             "https:// URL; using http://localhost:8080\n");
  CHECK(strcmp(last.pub.endpoint, "http://localhost:8080") == 0, "endpoint default");
  expect_bad("RACEWAY_ENDPOINT", "localhost:8080", 0);
  expect_bad("RACEWAY_ENDPOINT", "http://", 0);
  CHECK(load_with("RACEWAY_ENDPOINT", "https://r.example.com:8443/", &c) == 0 &&
        strcmp(c.pub.endpoint, "https://r.example.com:8443") == 0, "%s", c.pub.endpoint);
  CHECK(load_with("RACEWAY_SEND", "races", &c) == 0 && c.send == RW_SEND_RACES, "races");
  CHECK(load_with("RACEWAY_SEND", "none", &c) == 0 && c.send == RW_SEND_NONE, "none");
  CHECK(load_with("RACEWAY_SEND", "auto", &c) == 0 && c.send == RW_SEND_AUTO, "auto");
  CHECK(load_with("RACEWAY_SEND_ALL_LIMIT", "5", &c) == 0 && c.send_all_limit == 5, "limit");
  CHECK(load_with("RACEWAY_WIRE_VECTOR", "full", &c) == 0 && c.wire_vector == RW_WIRE_FULL, "full");
  expect_bad("RACEWAY_SEND", "some",
             "raceway: RACEWAY_SEND='some' is not all, races, none or auto; using auto\n");
  expect_bad("RACEWAY_LOCK_EVENTS", "some",
             "raceway: RACEWAY_LOCK_EVENTS='some' is not guarding or all; using guarding\n");
  CHECK(load_with("RACEWAY_LOCK_EVENTS", "all", &c) == 0 && c.all_lock_events == 1, "all");
  CHECK(load_with("RACEWAY_SERVICE_NAME", "bank", &c) == 0 &&
        strcmp(c.pub.service_name, "bank") == 0, "service");
  CHECK(load_with("RACEWAY_INSTANCE_ID", "i-1", &c) == 0 &&
        strcmp(c.pub.instance_id, "i-1") == 0, "instance");
  CHECK(load_with("RACEWAY_OUTPUT", "/tmp/x.jsonl", &c) == 0 &&
        strcmp(c.pub.output_path, "/tmp/x.jsonl") == 0, "output");
}

/* Names are cut at 256 bytes, on a character boundary; URLs and paths
 * beyond their cap are refused. */
static void test_length_caps(void) {
  char *v = repeat('s', 300, "");
  CHECK(load_with("RACEWAY_SERVICE_NAME", v, &c) == 1 && strlen(c.pub.service_name) == 256,
        "%zu", strlen(c.pub.service_name));
  CHECK(strstr(errtext, "RACEWAY_SERVICE_NAME='ssss") && strstr(errtext, "...' is longer "
        "than 256 bytes; using its first 256\n"), "%s", errtext);
  free(v);
  v = repeat('e', 255, "");
  char utf8[400];
  snprintf(utf8, sizeof utf8, "%s\xc3\xa9tail", v);   /* 'é' across byte 256 */
  CHECK(load_with("RACEWAY_ENVIRONMENT", utf8, &c) == 1 && strlen(c.pub.environment) == 255,
        "%zu", strlen(c.pub.environment));
  free(v);
  v = repeat('h', 2100, "http://");
  CHECK(load_with("RACEWAY_ENDPOINT", v, &c) == 1 && lines(errtext) == 1 &&
        strstr(errtext, "is longer than 2048 bytes; using http://localhost:8080\n") &&
        strcmp(c.pub.endpoint, "http://localhost:8080") == 0, "%s", errtext);
  free(v);
  v = repeat('p', PATH_MAX, "/");
  CHECK(load_with("RACEWAY_REPORT", v, &c) == 1 && c.pub.report_path == 0 &&
        strstr(errtext, "bytes; ignored\n"), "%s", errtext);
  free(v);
}

static void test_key_never_printed(void) {
  unset_all();
  setenv("RACEWAY_API_KEY", "s3cr3t-key", 1);
  setenv("RACEWAY_ENDPOINT", "bogus", 1);
  setenv("RACEWAY_BATCH_SIZE", "x", 1);
  setenv("RACEWAY_DEBUG", "x", 1);
  raceway_config in;
  raceway_config_init(&in);
  rw_config out;
  int bad = load_captured(&out, &in);
  CHECK(bad == 3 && lines(errtext) == 3, "bad %d: %s", bad, errtext);
  CHECK(!strstr(errtext, "s3cr3t"), "key printed: %s", errtext);
  CHECK(out.pub.api_key && strcmp(out.pub.api_key, "s3cr3t-key") == 0, "key kept");
  rw_config_free(&out);
}

/* A key with a control byte (header injection) or any byte outside
 * 0x21-0x7e is refused, never printed, and not kept. */
static void test_key_visible_ascii(void) {
  static const char *const bad[] = {"sec\r\nX-Evil: 1", "sec\nret", "sec ret", "sec\tret",
                                    "sec\x01", "sec\x7f", "sec\xc3\xa9"};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    CHECK(load_with("RACEWAY_API_KEY", bad[i], &c) == 1 && c.pub.api_key == 0,
          "key %zu kept", i);
    CHECK_STR(errtext, "raceway: RACEWAY_API_KEY has a byte that is not visible ASCII "
              "(0x21-0x7e); no Authorization header is sent\n");
  }
}

/* Credentials in the endpoint are never printed. */
static void test_endpoint_text(void) {
  static const char *const cases[][2] = {
      {"http://user:pw@h:1/x", "http://h:1/x"},
      {"https://h:8443", "https://h:8443"},
      {"http://u@h", "http://h"},
      {"user:pw@h:1", "h:1"},
      {"http://u:p/w?x#y@h:1/base", "http://h:1/base"},
      {"http://u:p@q@h", "http://h"},
      {"", ""}};
  char buf[64];
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
    CHECK_STR(rw_config_endpoint_text(cases[i][0], buf, sizeof buf), cases[i][1]);
  CHECK_STR(rw_config_endpoint_text("http://u:p@host", buf, 10), "http://ho");
  expect_bad("RACEWAY_ENDPOINT", "ftp://bob:hunter2pw@host:1",
             "raceway: RACEWAY_ENDPOINT='ftp://host:1' is not an http:// or https:// "
             "URL; using http://localhost:8080\n");
  char *v = repeat('h', 3000, "http://bob:hunter2pw@");
  load_with("RACEWAY_ENDPOINT", v, &c);
  CHECK(lines(errtext) == 1 && !strstr(errtext, "hunter2") && !strstr(errtext, "bob"),
        "%s", errtext);
  free(v);
  CHECK(load_with("RACEWAY_ENDPOINT", "http://bob:hunter2pw@127.0.0.1:9/", &c) == 0 &&
        strcmp(c.pub.endpoint, "http://bob:hunter2pw@127.0.0.1:9") == 0,
        "credentials kept for the request: %s", c.pub.endpoint);
}

static void test_ca_bundle(void) {
  expect_bad("RACEWAY_CA_BUNDLE", "/nonexistent/ca.pem",
             "raceway: RACEWAY_CA_BUNDLE='/nonexistent/ca.pem': no such file; nothing "
             "is sent to https endpoints\n");
  CHECK(last.ca_bundle_unreadable == 1 && last.pub.ca_bundle &&
        strcmp(last.pub.ca_bundle, "/nonexistent/ca.pem") == 0,
        "the bundle stays set (no fallback to the system store)");
  expect_bad("RACEWAY_CA_BUNDLE", "/tmp",
             "raceway: RACEWAY_CA_BUNDLE='/tmp': not a file; nothing is sent to https "
             "endpoints\n");
  CHECK(load_with(0, 0, &c) == 0 && c.ca_bundle_unreadable == 0, "unset");
}

static void test_program_values_win(void) {
  load_with("RACEWAY_BATCH_SIZE", "abc", &c);
  raceway_config in;
  raceway_config_init(&in);
  in.batch_size = 7;           /* the program's own value */
  rw_config_free(&c);
  int bad = load_captured(&c, &in);
  CHECK(bad == 0 && c.pub.batch_size == 7, "bad %d batch %u", bad, c.pub.batch_size);
  in.batch_size = 0;           /* a bad program value is refused too */
  rw_config_free(&c);
  bad = load_captured(&c, &in);
  CHECK(bad == 1 && c.pub.batch_size == 100, "bad %d batch %u", bad, c.pub.batch_size);
  in.batch_size = 8;
  in.exitcode = -1;
  in.api_key = "prog\r\nX-Evil: 1";   /* program values are checked alike */
  rw_config_free(&c);
  bad = load_captured(&c, &in);
  CHECK(bad == 2 && c.pub.exitcode == 0 && c.pub.api_key == 0 &&
        strstr(errtext, "RACEWAY_EXITCODE=-1 is out of range 0..255; using 0\n") &&
        !strstr(errtext, "prog"), "bad %d: %s", bad, errtext);
}

int main(void) {
  test_defaults();
  test_table();
  test_numbers();
  test_echo_capped();
  test_booleans();
  test_strings();
  test_length_caps();
  test_key_never_printed();
  test_key_visible_ascii();
  test_endpoint_text();
  test_ca_bundle();
  test_program_values_win();
  unset_all();
  rw_config_free(&c);
  rw_config_free(&last);
  return check_summary("test_config");
}
