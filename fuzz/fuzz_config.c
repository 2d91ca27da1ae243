/*
 * fuzz_config.c - libFuzzer target for the configuration parser
 * (runtime/common/config.c: raceway_config_init + rw_config_load).
 *
 * The environment of a process is attacker-adjacent input: a typo, a
 * template left unexpanded, a value pasted with a newline.  Input: lines,
 * each one variable; the first byte of a line picks the RACEWAY_* name
 * from the settings table, common/settings.def (so the fuzzer need not
 * discover the names), the rest is its value.
 * The target installs exactly those variables as `environ` (no setenv:
 * glibc keeps every value ever set, which would grow without bound).
 *
 * Properties checked for every input:
 *  - every validated field is inside its range in the table (numbers in
 *    bounds, booleans 0/1, text within its length cap, enums one of their
 *    names), the endpoint is an http(s) URL without trailing '/', the key
 *    visible ASCII, strings non-empty;
 *  - rw_config_load's count of reported values equals the number of
 *    stderr lines it printed (one clear line per bad value, no noise), and
 *    each line is short (quoted values are capped) with no control byte;
 *  - the API key, and the password of a user:password@ in the endpoint,
 *    never appear in what was printed.
 *
 * Build and run: fuzz/run.sh [seconds] config.
 */
#include "common/config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz_require.h"

#define NVARS RW_SETTING_COUNT
#define VAR_NAME(v) (rw_config_settings[v].name)
#define API_KEY_VAR RW_S_RACEWAY_API_KEY
#define ENDPOINT_VAR RW_S_RACEWAY_ENDPOINT
#define MAX_LINE 512

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
      size_t name_len = strlen(VAR_NAME(v)), vlen = i - start - 1;
      char *s = malloc(name_len + 1 + vlen + 1);
      if (s) {
        memcpy(s, VAR_NAME(v), name_len);
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
    e->value[v] = line[v] + strlen(VAR_NAME(v)) + 1;
    e->vars[e->n++] = line[v];
  }
}

static void env_free(fuzz_env *e) {
  for (int i = 0; i < e->n; i++)
    free(e->vars[i]);
}

static int is_pow2(unsigned v) { return v && (v & (v - 1)) == 0; }

/* Every field within what the table allows. */
static void check_table(const rw_config *c) {
  for (int i = 0; i < RW_SETTING_COUNT; i++) {
    const rw_setting *s = &rw_config_settings[i];
    const void *f = (const char *)c + s->off;
    unsigned v;
    if (s->kind <= RW_KIND_FILE) {
      const char *t = *(const char *const *)f;
      REQUIRE(!t || (t[0] && strlen(t) <= s->hi));
      continue;
    }
    if (s->kind == RW_KIND_ENUM && !s->is_signed) {
      const char *t = *(const char *const *)f;
      int k = 0;
      while (s->choices[k] && t != s->choices[k])
        k++;
      REQUIRE(s->choices[k]);
      continue;
    }
    memcpy(&v, f, sizeof v);
    if (s->kind == RW_KIND_ENUM) {
      int n = 0;
      while (s->choices[n])
        n++;
      REQUIRE(v < (unsigned)n);
      continue;
    }
    REQUIRE(v >= s->lo && v <= s->hi);
    REQUIRE(s->kind != RW_KIND_POW2 || is_pow2(v));
  }
}

static void check_ranges(const rw_config *c) {
  const raceway_config *p = &c->pub;
  check_table(c);
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
  for (const char *k = p->api_key; k && *k; k++)
    REQUIRE(*k >= 0x21 && *k <= 0x7e);
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
  REQUIRE(p->send_mode && (unsigned)c->send <= RW_SEND_AUTO);
  REQUIRE((unsigned)c->wire_vector <= RW_WIRE_FULL);
}

/* The key is checked only when it cannot turn up in the output by
 * coincidence: at least 8 characters of [A-Za-z0-9_-] with a lowercase
 * letter and a digit (no message text or variable name has such a run),
 * and not inside another variable's value, as given or as a message echoes
 * it (a control byte becomes "\x17", whose digits can start the key). */
static int secret_is_distinct(const fuzz_env *e, const char *key, size_t len,
                              unsigned var) {
  if (!key || len < 8)
    return 0;
  int lower = 0, digit = 0;
  for (const char *p = key; p < key + len; p++) {
    if (*p >= 'a' && *p <= 'z') lower = 1;
    else if (*p >= '0' && *p <= '9') digit = 1;
    else if (!(*p >= 'A' && *p <= 'Z') && *p != '_' && *p != '-') return 0;
  }
  if (!lower || !digit)
    return 0;
  for (unsigned v = 0; v < NVARS; v++) {
    if (v == var || !e->value[v])
      continue;
    /* Every byte escaped as messages do (rw_config_echo), none cut: any
     * part of the value a message quotes is inside this text, also the
     * tail of a long endpoint, which a message shows after its host. */
    size_t vlen = strlen(e->value[v]), n = 0;
    char *echo = malloc(4 * vlen + 1);
    REQUIRE(echo);
    for (const char *p = e->value[v]; *p; p++) {
      unsigned char ch = (unsigned char)*p;
      if (ch < 0x20 || ch == 0x7f)
        n += (size_t)snprintf(echo + n, 5, "\\x%02x", ch);
      else
        echo[n++] = (char)ch;
    }
    int inside = memmem(echo, n, key, len) != 0;   /* the key has no control byte */
    free(echo);
    if (inside)
      return 0;
  }
  return 1;
}

/* The password of http://user:password@host in the endpoint, if any. */
static const char *endpoint_password(const char *ep, size_t *len) {
  const char *auth = ep ? strstr(ep, "://") : 0;
  if (!auth)
    return 0;
  auth += 3;
  const char *at = strrchr(auth, '@'), *colon = strchr(auth, ':');
  if (!at || !colon || colon > at)
    return 0;
  *len = (size_t)(at - colon - 1);
  /* Elsewhere in the value (the host, text before the scheme) it is
   * shown anyway. */
  if (*len && (memmem(ep, strlen(ep), colon + 1, *len) != colon + 1 ||
               memmem(at + 1, strlen(at + 1), colon + 1, *len)))
    return 0;
  return colon + 1;
}

/* Each printed line is short and has no control byte. */
static void check_lines(const char *out, size_t len) {
  size_t line = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char ch = (unsigned char)out[i];
    if (ch == '\n') {
      line = 0;
      continue;
    }
    REQUIRE(ch >= 0x20 && ch != 0x7f);
    REQUIRE(++line <= MAX_LINE);
  }
}

static int visible_key(const char *k) {
  if (strlen(k) > rw_config_settings[API_KEY_VAR].hi)
    return 0;
  for (; *k; k++)
    if (*k < 0x21 || *k > 0x7e)
      return 0;
  return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_env e;
  env_build(&e, data, size);
  char **saved_environ = environ;
  environ = e.vars;

  /* The runtime writes its messages to fd 2 (common/diag.h), not to
   * stdio's stderr: capture the descriptor, in memory. */
  int capture = memfd_create("fuzz-config-stderr", MFD_CLOEXEC), saved = dup(2);
  if (capture < 0 || saved < 0) {
    environ = saved_environ;
    env_free(&e);
    return 0;
  }
  fflush(stderr);
  dup2(capture, 2);
  raceway_config cfg;
  raceway_config_init(&cfg);
  rw_config c;
  int bad = rw_config_load(&c, &cfg);
  dup2(saved, 2);
  close(saved);
  size_t out_len = (size_t)lseek(capture, 0, SEEK_END);
  char *out = malloc(out_len + 1);
  REQUIRE(out && pread(capture, out, out_len, 0) == (ssize_t)out_len);
  out[out_len] = 0;
  close(capture);

  check_ranges(&c);
  int lines = 0;
  for (size_t i = 0; i < out_len; i++)
    lines += out[i] == '\n';
  /* Values cut at '\n' by env_build, so each message is one line. */
  REQUIRE(lines == bad);
  check_lines(out, out_len);
  const char *key = e.value[API_KEY_VAR];
  if (key && secret_is_distinct(&e, key, strlen(key), API_KEY_VAR))
    REQUIRE(strstr(out, key) == NULL);
  if (key && key[0] && visible_key(key))
    REQUIRE(c.pub.api_key && strcmp(c.pub.api_key, key) == 0);
  else
    REQUIRE(!c.pub.api_key);
  size_t pw_len = 0;
  const char *pw = endpoint_password(e.value[ENDPOINT_VAR], &pw_len);
  if (pw && secret_is_distinct(&e, pw, pw_len, ENDPOINT_VAR))
    REQUIRE(memmem(out, out_len, pw, pw_len) == NULL);

  free(out);
  rw_config_free(&c);
  environ = saved_environ;
  env_free(&e);
  return 0;
}
