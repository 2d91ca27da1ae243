/*
 * fuzz_config.c - libFuzzer target for the configuration parser
 * (runtime/config.c: raceway_config_init + rw_config_load).
 *
 * The environment of a process is attacker-adjacent input: a typo, a
 * template left unexpanded, a value pasted with a newline.  Input: lines,
 * each one variable; the first byte of a line picks the RACEWAY_* name
 * (so the fuzzer need not discover the names), the rest is its value.
 * The target installs exactly those variables as `environ` (no setenv:
 * glibc keeps every value ever set, which would grow without bound).
 *
 * Properties checked for every input:
 *  - every validated field is inside its documented range, the endpoint
 *    is an http(s) URL without trailing '/', strings are non-empty;
 *  - rw_config_load's count of rejected values equals the number of
 *    stderr lines it printed (one clear line per bad value, no noise);
 *  - the API key never appears in what was printed.
 *
 * Build and run: fuzz/run.sh [seconds] config.
 */
#include "common/config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REQUIRE_STREAM real_stderr
#include "fuzz_require.h"

static FILE *real_stderr;

static const char *const kVars[] = {
    "RACEWAY_ENDPOINT", "RACEWAY_SERVICE_NAME", "RACEWAY_ENVIRONMENT",
    "RACEWAY_API_KEY", "RACEWAY_INSTANCE_ID", "RACEWAY_BATCH_SIZE",
    "RACEWAY_FLUSH_INTERVAL_MS", "RACEWAY_ENABLED", "RACEWAY_DEBUG",
    "RACEWAY_OUTPUT", "RACEWAY_MAX_BUFFERED", "RACEWAY_CA_BUNDLE",
    "RACEWAY_SEND", "RACEWAY_REPORT", "RACEWAY_REPORT_LIVE",
    "RACEWAY_EXITCODE", "RACEWAY_DETECT", "RACEWAY_MAX_SHADOW",
    "RACEWAY_SHUTDOWN_TIMEOUT_MS"};
#define NVARS (sizeof kVars / sizeof kVars[0])
#define API_KEY_VAR 3

extern char **environ;

typedef struct fuzz_env {
  char *vars[NVARS + 1];   /* "NAME=value", NULL-terminated for environ */
  const char *value[NVARS]; /* points into vars, NULL if unset          */
  int n;
} fuzz_env;

/* Build the environment from the input.  A later line for the same name
 * wins, as with a shell's `export`. */
static void env_build(fuzz_env *e, const uint8_t *data, size_t size) {
  char *line[NVARS] = {0};
  size_t start = 0;
  for (size_t i = 0; i <= size; i++) {
    if (i < size && data[i] != '\n')
      continue;
    if (i > start) {
      unsigned v = data[start] % NVARS;
      size_t name_len = strlen(kVars[v]), vlen = i - start - 1;
      char *s = malloc(name_len + 1 + vlen + 1);
      if (s) {
        memcpy(s, kVars[v], name_len);
        s[name_len] = '=';
        memcpy(s + name_len + 1, data + start + 1, vlen);
        s[name_len + 1 + vlen] = 0;   /* a NUL inside cuts the value, as in C */
        free(line[v]);
        line[v] = s;
      }
    }
    start = i + 1;
  }
  memset(e, 0, sizeof *e);
  for (unsigned v = 0; v < NVARS; v++) {
    if (!line[v])
      continue;
    e->value[v] = line[v] + strlen(kVars[v]) + 1;
    e->vars[e->n++] = line[v];
  }
}

static void env_free(fuzz_env *e) {
  for (int i = 0; i < e->n; i++)
    free(e->vars[i]);
}

static int is_pow2(unsigned v) { return v && (v & (v - 1)) == 0; }

static void check_ranges(const rw_config *c) {
  const raceway_config *p = &c->pub;
  REQUIRE(p->endpoint);
  REQUIRE(strncmp(p->endpoint, "http://", 7) == 0 ||
          strncmp(p->endpoint, "https://", 8) == 0);
  size_t n = strlen(p->endpoint);
  REQUIRE(p->endpoint[n - 1] != '/');
  for (const char *s = p->endpoint; *s; s++)
    REQUIRE((unsigned char)*s > ' ' && *s != '"' && *s != '\\' && *s != 0x7f);
  REQUIRE(p->service_name && p->service_name[0]);
  REQUIRE(p->environment && p->environment[0]);
  REQUIRE(p->instance_id && p->instance_id[0]);
  REQUIRE(!p->api_key || p->api_key[0]);
  REQUIRE(p->batch_size >= 1 && p->batch_size <= 10000);
  REQUIRE(p->flush_interval_ms >= 1 && p->flush_interval_ms <= 600000);
  REQUIRE(p->enabled == 0 || p->enabled == 1);
  REQUIRE(p->debug == 0 || p->debug == 1);
  REQUIRE(p->report_live == 0 || p->report_live == 1);
  REQUIRE(p->detect == 0 || p->detect == 1);
  REQUIRE(is_pow2(p->max_buffered) && p->max_buffered >= 64 &&
          p->max_buffered <= (1u << 24));
  REQUIRE(p->exitcode >= 0 && p->exitcode <= 255);
  REQUIRE(p->max_shadow >= 1024 && p->max_shadow <= (1u << 30));
  REQUIRE(p->shutdown_timeout_ms <= 600000);
  REQUIRE(p->send_mode && (unsigned)c->send <= RW_SEND_NONE);
}

/* The key is checked only when it cannot turn up in the output by
 * coincidence: at least 8 characters of [A-Za-z0-9_-] with a lowercase
 * letter and a digit (no message text or variable name has such a run),
 * and not inside another variable's value (which is quoted when bad). */
static int key_is_distinct(const fuzz_env *e) {
  const char *key = e->value[API_KEY_VAR];
  if (!key || strlen(key) < 8)
    return 0;
  int lower = 0, digit = 0;
  for (const char *p = key; *p; p++) {
    if (*p >= 'a' && *p <= 'z') lower = 1;
    else if (*p >= '0' && *p <= '9') digit = 1;
    else if (!(*p >= 'A' && *p <= 'Z') && *p != '_' && *p != '-') return 0;
  }
  if (!lower || !digit)
    return 0;
  for (unsigned v = 0; v < NVARS; v++)
    if (v != API_KEY_VAR && e->value[v] && strstr(e->value[v], key))
      return 0;
  return 1;
}

static void free_config(rw_config *c) {
  raceway_config *p = &c->pub;
  free((char *)p->endpoint);
  free((char *)p->service_name);
  free((char *)p->environment);
  free((char *)p->api_key);
  free((char *)p->instance_id);
  free((char *)p->output_path);
  free((char *)p->ca_bundle);
  free((char *)p->report_path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!real_stderr)
    real_stderr = stderr;
  fuzz_env e;
  env_build(&e, data, size);
  char **saved_environ = environ;
  environ = e.vars;

  char *out = 0;
  size_t out_len = 0;
  FILE *capture = open_memstream(&out, &out_len);
  if (!capture) {
    environ = saved_environ;
    env_free(&e);
    return 0;
  }
  stderr = capture;
  raceway_config cfg;
  raceway_config_init(&cfg);
  rw_config c;
  int bad = rw_config_load(&c, &cfg);
  fclose(capture);
  stderr = real_stderr;

  check_ranges(&c);
  int lines = 0;
  for (size_t i = 0; i < out_len; i++)
    lines += out[i] == '\n';
  /* Values cut at '\n' by env_build, so each message is one line. */
  REQUIRE(lines == bad);
  if (key_is_distinct(&e))
    REQUIRE(strstr(out, e.value[API_KEY_VAR]) == NULL);
  if (e.value[API_KEY_VAR] && e.value[API_KEY_VAR][0])
    REQUIRE(c.pub.api_key && strcmp(c.pub.api_key, e.value[API_KEY_VAR]) == 0);

  free(out);
  free_config(&c);
  environ = saved_environ;
  env_free(&e);
  return 0;
}
