/* test_config.c - RACEWAY_* parsing and validation: defaults, every
 * variable's good and bad values, ranges, the one-line messages (stderr is
 * captured), the API key never printed, program-set fields winning. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "common/config.h"

static const char *const all_vars[] = {
    "RACEWAY_ENDPOINT", "RACEWAY_SERVICE_NAME", "RACEWAY_ENVIRONMENT",
    "RACEWAY_API_KEY", "RACEWAY_INSTANCE_ID", "RACEWAY_BATCH_SIZE",
    "RACEWAY_FLUSH_INTERVAL_MS", "RACEWAY_ENABLED", "RACEWAY_DEBUG",
    "RACEWAY_OUTPUT", "RACEWAY_MAX_BUFFERED", "RACEWAY_CA_BUNDLE",
    "RACEWAY_SEND", "RACEWAY_REPORT", "RACEWAY_REPORT_LIVE",
    "RACEWAY_EXITCODE", "RACEWAY_DETECT", "RACEWAY_MAX_SHADOW",
    "RACEWAY_SHUTDOWN_TIMEOUT_MS", 0};

static char errtext[8192];

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

/* Load the configuration from the environment with `var`=`value` (NULL:
 * unset); stderr goes to errtext.  Returns the rejected count. */
static int load_with(const char *var, const char *value, rw_config *out) {
  for (int i = 0; all_vars[i]; i++)
    unsetenv(all_vars[i]);
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

static rw_config c;      /* the configuration the tests load into */

static void test_defaults(void) {
  CHECK(load_with(0, 0, &c) == 0 && errtext[0] == 0, "messages: %s", errtext);
  CHECK(strcmp(c.pub.endpoint, "http://localhost:8080") == 0, "%s", c.pub.endpoint);
  CHECK(strcmp(c.pub.environment, "development") == 0, "%s", c.pub.environment);
  CHECK(strcmp(c.pub.service_name, "test_config") == 0, "service %s", c.pub.service_name);
  CHECK(c.pub.instance_id && strchr(c.pub.instance_id, '-'), "instance %s", c.pub.instance_id);
  CHECK(c.pub.batch_size == 100 && c.pub.flush_interval_ms == 1000, "numbers");
  CHECK(c.pub.enabled == 1 && c.pub.debug == 0 && c.pub.detect == 1, "booleans");
  CHECK(c.pub.max_buffered == 65536 && c.pub.max_shadow == 1048576, "sizes");
  CHECK(c.pub.shutdown_timeout_ms == 5000 && c.pub.exitcode == 0, "exit");
  CHECK(c.send == RW_SEND_ALL && !c.pub.api_key && !c.pub.output_path, "send/key/output");
}

/* var=value must be refused: default kept, one line naming both. */
static rw_config last;   /* the configuration expect_bad loaded */

static void expect_bad(const char *var, const char *value, const char *want_line) {
  int bad = load_with(var, value, &last);
  CHECK(bad == 1, "%s=%s: %d rejected", var, value, bad);
  CHECK(lines(errtext) == 1 && strstr(errtext, var) && strstr(errtext, value),
        "%s=%s: message %s", var, value, errtext);
  if (want_line)
    CHECK(strcmp(errtext, want_line) == 0, "got %s want %s", errtext, want_line);
}

static void test_numbers(void) {
  expect_bad("RACEWAY_BATCH_SIZE", "abc",
             "raceway: RACEWAY_BATCH_SIZE='abc' is not a number in 1..10000; using 100\n");
  expect_bad("RACEWAY_BATCH_SIZE", "0", 0);
  expect_bad("RACEWAY_BATCH_SIZE", "10001", 0);
  expect_bad("RACEWAY_BATCH_SIZE", "12x", 0);
  expect_bad("RACEWAY_BATCH_SIZE", "-1", 0);
  expect_bad("RACEWAY_BATCH_SIZE", " 5", 0);
  expect_bad("RACEWAY_BATCH_SIZE", "99999999999999999999", 0);
  CHECK(load_with("RACEWAY_BATCH_SIZE", "10000", &c) == 0 && c.pub.batch_size == 10000, "max");
  CHECK(load_with("RACEWAY_BATCH_SIZE", "1", &c) == 0 && c.pub.batch_size == 1, "min");
  CHECK(load_with("RACEWAY_FLUSH_INTERVAL_MS", "5", &c) == 0 && c.pub.flush_interval_ms == 5, "interval");
  expect_bad("RACEWAY_FLUSH_INTERVAL_MS", "0", 0);
  expect_bad("RACEWAY_FLUSH_INTERVAL_MS", "600001", 0);
  CHECK(load_with("RACEWAY_MAX_BUFFERED", "1024", &c) == 0 && c.pub.max_buffered == 1024, "maxbuf");
  expect_bad("RACEWAY_MAX_BUFFERED", "1000", 0);      /* not a power of two */
  expect_bad("RACEWAY_MAX_BUFFERED", "32", 0);
  CHECK(last.pub.max_buffered == 65536, "maxbuf default after bad: %u", last.pub.max_buffered);
  CHECK(load_with("RACEWAY_EXITCODE", "66", &c) == 0 && c.pub.exitcode == 66, "exitcode");
  expect_bad("RACEWAY_EXITCODE", "300", 0);
  CHECK(load_with("RACEWAY_SHUTDOWN_TIMEOUT_MS", "0", &c) == 0 && c.pub.shutdown_timeout_ms == 0, "timeout 0");
  expect_bad("RACEWAY_MAX_SHADOW", "10", 0);
}

static void test_booleans(void) {
  static const char *const yes[] = {"1", "true", "yes", "on", "TRUE", "On"};
  static const char *const no[] = {"0", "false", "no", "off", "NO"};
  for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
    CHECK(load_with("RACEWAY_DEBUG", yes[i], &c) == 0 && c.pub.debug == 1, "debug=%s", yes[i]);
  for (size_t i = 0; i < sizeof no / sizeof *no; i++)
    CHECK(load_with("RACEWAY_ENABLED", no[i], &c) == 0 && c.pub.enabled == 0, "enabled=%s", no[i]);
  expect_bad("RACEWAY_ENABLED", "maybe", 0);
  CHECK(last.pub.enabled == 1, "enabled default after bad");
  expect_bad("RACEWAY_DETECT", "2", 0);
  CHECK(load_with("RACEWAY_REPORT_LIVE", "", &c) == 0 && c.pub.report_live == 0,
        "an empty variable counts as unset");
}

static void test_strings(void) {
  expect_bad("RACEWAY_ENDPOINT", "ftp://example.com", 0);
  CHECK(strcmp(last.pub.endpoint, "http://localhost:8080") == 0, "endpoint default");
  expect_bad("RACEWAY_ENDPOINT", "localhost:8080", 0);
  expect_bad("RACEWAY_ENDPOINT", "http://", 0);
  CHECK(load_with("RACEWAY_ENDPOINT", "https://r.example.com:8443/", &c) == 0 &&
        strcmp(c.pub.endpoint, "https://r.example.com:8443") == 0, "%s", c.pub.endpoint);
  CHECK(load_with("RACEWAY_SEND", "races", &c) == 0 && c.send == RW_SEND_RACES, "races");
  CHECK(load_with("RACEWAY_SEND", "none", &c) == 0 && c.send == RW_SEND_NONE, "none");
  expect_bad("RACEWAY_SEND", "some", 0);
  CHECK(load_with("RACEWAY_SERVICE_NAME", "bank", &c) == 0 &&
        strcmp(c.pub.service_name, "bank") == 0, "service");
  CHECK(load_with("RACEWAY_INSTANCE_ID", "i-1", &c) == 0 &&
        strcmp(c.pub.instance_id, "i-1") == 0, "instance");
  CHECK(load_with("RACEWAY_OUTPUT", "/tmp/x.jsonl", &c) == 0 &&
        strcmp(c.pub.output_path, "/tmp/x.jsonl") == 0, "output");
}

static void test_key_never_printed(void) {
  for (int i = 0; all_vars[i]; i++)
    unsetenv(all_vars[i]);
  setenv("RACEWAY_API_KEY", "s3cr3t-key", 1);
  setenv("RACEWAY_ENDPOINT", "bogus", 1);
  setenv("RACEWAY_BATCH_SIZE", "x", 1);
  setenv("RACEWAY_DEBUG", "x", 1);
  raceway_config c;
  raceway_config_init(&c);
  rw_config out;
  int bad = load_captured(&out, &c);
  CHECK(bad == 3 && lines(errtext) == 3, "bad %d: %s", bad, errtext);
  CHECK(!strstr(errtext, "s3cr3t"), "key printed: %s", errtext);
  CHECK(out.pub.api_key && strcmp(out.pub.api_key, "s3cr3t-key") == 0, "key kept");
  rw_config_free(&out);
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
}

int main(void) {
  test_defaults();
  test_numbers();
  test_booleans();
  test_strings();
  test_key_never_printed();
  test_program_values_win();
  for (int i = 0; all_vars[i]; i++)
    unsetenv(all_vars[i]);
  rw_config_free(&c);
  rw_config_free(&last);
  return check_summary("test_config");
}
