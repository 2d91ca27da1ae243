/*
 * config.c - RACEWAY_* environment, defaults and validation.
 *
 * raceway_config_init gives defaults overridden by the environment as raw
 * text; rw_config_load checks every field and replaces each bad value by
 * its default with one stderr line that names the variable and the value.
 * The API key is never printed.
 */
#include "common/config.h"
#include "common/export.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <stdint.h>
#include <unistd.h>

rw_config rw_cfg;

#define DEF_ENDPOINT "http://localhost:8080"
#define DEF_ENVIRONMENT "development"
#define DEF_BATCH 100u
#define DEF_INTERVAL 1000u
#define DEF_MAX_BUFFERED 65536u
#define DEF_MAX_SHADOW 1048576u
#define DEF_SHUTDOWN_TIMEOUT 5000u
#define DEF_RACE_WINDOW 4096u
#define MAX_RACE_WINDOW (1u << 20)

/* A number or boolean variable whose text did not parse is kept here so
 * rw_config_load can quote it; the field keeps its default meanwhile.  The
 * text is used only while the field still holds that default (a program
 * that set the field itself wins). */
enum { F_BATCH, F_INTERVAL, F_ENABLED, F_DEBUG, F_MAXBUF, F_LIVE, F_EXIT,
       F_DETECT, F_SHADOW, F_SHUTDOWN, F_COUNT };
static const char *const num_vars[F_COUNT] = {
    "RACEWAY_BATCH_SIZE", "RACEWAY_FLUSH_INTERVAL_MS", "RACEWAY_ENABLED",
    "RACEWAY_DEBUG", "RACEWAY_MAX_BUFFERED", "RACEWAY_REPORT_LIVE",
    "RACEWAY_EXITCODE", "RACEWAY_DETECT", "RACEWAY_MAX_SHADOW",
    "RACEWAY_SHUTDOWN_TIMEOUT_MS"};
static const uint8_t num_is_bool[F_COUNT] = {0, 0, 1, 1, 0, 1, 0, 1, 0, 0};
static const char *bad_text[F_COUNT];

static int parse_uint(const char *text, unsigned long *out);
static int parse_bool(const char *text, int *out);

static const char *env(const char *name) {
  const char *v = getenv(name);
  return v && v[0] ? v : 0;
}

static const char *program_name(void) {
  extern char *program_invocation_short_name;
  return program_invocation_short_name && program_invocation_short_name[0]
             ? program_invocation_short_name : "c-app";
}

/* Apply one numeric/boolean variable to *field (unsigned or int). */
static void env_number(int f, void *field) {
  const char *text = env(num_vars[f]);
  bad_text[f] = 0;
  if (!text)
    return;
  if (num_is_bool[f]) {
    int v;
    if (parse_bool(text, &v) == 0)
      *(int *)field = v;
    else
      bad_text[f] = text;
    return;
  }
  unsigned long v;
  if (parse_uint(text, &v) == 0 && v <= 0x7fffffffu) {
    if (f == F_EXIT)
      *(int *)field = (int)v;                 /* range-checked on load */
    else
      *(unsigned *)field = (unsigned)v;
  } else {
    bad_text[f] = text;
  }
}

RW_EXPORT void raceway_config_init(raceway_config *cfg) {
  memset(cfg, 0, sizeof *cfg);
  cfg->endpoint = env("RACEWAY_ENDPOINT") ? env("RACEWAY_ENDPOINT") : DEF_ENDPOINT;
  cfg->service_name = env("RACEWAY_SERVICE_NAME") ? env("RACEWAY_SERVICE_NAME")
                                                  : program_name();
  cfg->environment = env("RACEWAY_ENVIRONMENT") ? env("RACEWAY_ENVIRONMENT")
                                                : DEF_ENVIRONMENT;
  cfg->api_key = env("RACEWAY_API_KEY");
  cfg->instance_id = env("RACEWAY_INSTANCE_ID");
  cfg->output_path = env("RACEWAY_OUTPUT");
  cfg->ca_bundle = env("RACEWAY_CA_BUNDLE");
  cfg->send_mode = env("RACEWAY_SEND") ? env("RACEWAY_SEND") : "all";
  cfg->report_path = env("RACEWAY_REPORT");
  cfg->batch_size = DEF_BATCH;
  cfg->flush_interval_ms = DEF_INTERVAL;
  cfg->enabled = 1;
  cfg->max_buffered = DEF_MAX_BUFFERED;
  cfg->detect = 1;
  cfg->max_shadow = DEF_MAX_SHADOW;
  cfg->shutdown_timeout_ms = DEF_SHUTDOWN_TIMEOUT;
  env_number(F_BATCH, &cfg->batch_size);
  env_number(F_INTERVAL, &cfg->flush_interval_ms);
  env_number(F_ENABLED, &cfg->enabled);
  env_number(F_DEBUG, &cfg->debug);
  env_number(F_MAXBUF, &cfg->max_buffered);
  env_number(F_LIVE, &cfg->report_live);
  env_number(F_EXIT, &cfg->exitcode);
  env_number(F_DETECT, &cfg->detect);
  env_number(F_SHADOW, &cfg->max_shadow);
  env_number(F_SHUTDOWN, &cfg->shutdown_timeout_ms);
}

/* ---- validation helpers: each returns 0 ok, -1 bad (message printed) ---- */

static int parse_uint(const char *text, unsigned long *out) {
  if (!text || !*text || *text == '-' || *text == '+' || *text == ' ')
    return -1;
  char *end;
  errno = 0;
  unsigned long v = strtoul(text, &end, 10);
  if (errno || *end)
    return -1;
  *out = v;
  return 0;
}

static int parse_bool(const char *text, int *out) {
  static const char *const yes[] = {"1", "true", "yes", "on"};
  static const char *const no[] = {"0", "false", "no", "off"};
  for (int i = 0; i < 4; i++) {
    if (strcasecmp(text, yes[i]) == 0) { *out = 1; return 0; }
    if (strcasecmp(text, no[i]) == 0) { *out = 0; return 0; }
  }
  return -1;
}

/* A number field: from its environment text if there is one, else the
 * value the program put in the struct. */
static int check_uint(int f, unsigned value, unsigned lo, unsigned hi,
                      unsigned def, unsigned *out) {
  const char *var = num_vars[f];
  const char *text = value == def ? bad_text[f] : 0;
  unsigned long v = value;
  if (text) {
    fprintf(stderr, "raceway: %s='%s' is not a number in %u..%u; using %u\n",
            var, text, lo, hi, def);
    *out = def;
    return -1;
  }
  if (v < lo || v > hi) {
    fprintf(stderr, "raceway: %s=%lu is out of range %u..%u; using %u\n", var,
            v, lo, hi, def);
    *out = def;
    return -1;
  }
  *out = (unsigned)v;
  return 0;
}

static int check_bool(int f, int value, int def, int *out) {
  const char *var = num_vars[f];
  const char *text = value == def ? bad_text[f] : 0;
  int v = value != 0;
  if (text) {
    fprintf(stderr, "raceway: %s='%s' is not a boolean (0/1/true/false/yes/no/"
            "on/off); using %d\n", var, text, def);
    *out = def;
    return -1;
  }
  *out = v;
  return 0;
}

static int is_url(const char *s) {
  const char *rest = 0;
  if (strncmp(s, "http://", 7) == 0)
    rest = s + 7;
  else if (strncmp(s, "https://", 8) == 0)
    rest = s + 8;
  if (!rest || !*rest || *rest == '/')
    return 0;
  for (const char *p = s; *p; p++)
    if ((unsigned char)*p <= ' ' || *p == '"' || *p == '\\' || *p == 0x7f)
      return 0;
  return 1;
}

/* A copy of s without trailing slashes ("http://h:1/" -> "http://h:1"). */
static char *dup_trim(const char *s) {
  char *d = strdup(s);
  size_t n = d ? strlen(d) : 0;
  while (n > 0 && d[n - 1] == '/')
    d[--n] = 0;
  return d;
}

static char *dup_or_null(const char *s) { return s ? strdup(s) : 0; }

static char *default_instance(void) {
  char host[256] = "localhost", buf[300];
  if (gethostname(host, sizeof host - 1) != 0 || !host[0])
    strcpy(host, "localhost");
  host[sizeof host - 1] = 0;
  snprintf(buf, sizeof buf, "%s-%d", host, (int)getpid());
  return strdup(buf);
}

static int load_strings(raceway_config *o, const raceway_config *in) {
  int bad = 0;
  const char *ep = in->endpoint ? in->endpoint : DEF_ENDPOINT;
  if (!is_url(ep)) {
    fprintf(stderr, "raceway: RACEWAY_ENDPOINT='%s' is not an http:// or "
            "https:// URL; using %s\n", ep, DEF_ENDPOINT);
    ep = DEF_ENDPOINT;
    bad++;
  }
  o->endpoint = dup_trim(ep);
  o->service_name = strdup(in->service_name && in->service_name[0]
                               ? in->service_name : program_name());
  o->environment = strdup(in->environment && in->environment[0]
                              ? in->environment : DEF_ENVIRONMENT);
  o->api_key = in->api_key && in->api_key[0] ? strdup(in->api_key) : 0;
  o->instance_id = in->instance_id && in->instance_id[0]
                       ? strdup(in->instance_id) : default_instance();
  o->output_path = dup_or_null(in->output_path);
  o->ca_bundle = dup_or_null(in->ca_bundle);
  o->report_path = dup_or_null(in->report_path);
  return bad;
}

static int load_send_mode(rw_config *out, const char *mode) {
  static const char *const names[] = {"all", "races", "none"};
  const char *m = mode ? mode : "all";
  for (int i = 0; i < 3; i++) {
    if (strcmp(m, names[i]) == 0) {
      out->send = (enum rw_send_mode)i;
      out->pub.send_mode = names[i];
      return 0;
    }
  }
  fprintf(stderr, "raceway: RACEWAY_SEND='%s' is not all, races or none; "
          "using all\n", m);
  out->send = RW_SEND_ALL;
  out->pub.send_mode = "all";
  return 1;
}

static int is_pow2(unsigned v) { return v && (v & (v - 1)) == 0; }

/* Not a raceway_config field (its layout is public ABI): the environment
 * only. */
static int load_race_window(rw_config *out) {
  const char *text = env("RACEWAY_RACE_WINDOW");
  unsigned long v = DEF_RACE_WINDOW;
  out->race_window = DEF_RACE_WINDOW;
  if (!text)
    return 0;
  if (parse_uint(text, &v) != 0 || v < 1 || v > MAX_RACE_WINDOW) {
    fprintf(stderr, "raceway: RACEWAY_RACE_WINDOW='%s' is not a number in "
            "1..%u; using %u\n", text, MAX_RACE_WINDOW, DEF_RACE_WINDOW);
    return 1;
  }
  out->race_window = (unsigned)v;
  return 0;
}

/* RACEWAY_LOCK_EVENTS=guarding|all (environment only, like the window). */
static int load_lock_events(rw_config *out) {
  const char *text = env("RACEWAY_LOCK_EVENTS");
  out->all_lock_events = 0;
  if (!text || strcmp(text, "guarding") == 0)
    return 0;
  if (strcmp(text, "all") == 0) {
    out->all_lock_events = 1;
    return 0;
  }
  fprintf(stderr, "raceway: RACEWAY_LOCK_EVENTS='%s' is not guarding or all; "
          "using guarding\n", text);
  return 1;
}

int rw_config_load(rw_config *out, const raceway_config *in) {
  raceway_config defaults;
  if (!in) {
    raceway_config_init(&defaults);
    in = &defaults;
  }
  raceway_config *o = &out->pub;
  memset(out, 0, sizeof *out);
  int bad = load_strings(o, in);
  bad += check_uint(F_BATCH, in->batch_size, 1, 10000, DEF_BATCH,
                    &o->batch_size) != 0;
  bad += check_uint(F_INTERVAL, in->flush_interval_ms, 1, 600000, DEF_INTERVAL,
                    &o->flush_interval_ms) != 0;
  bad += check_bool(F_ENABLED, in->enabled, 1, &o->enabled) != 0;
  bad += check_bool(F_DEBUG, in->debug, 0, &o->debug) != 0;
  if (check_uint(F_MAXBUF, in->max_buffered, 64, 1u << 24, DEF_MAX_BUFFERED,
                 &o->max_buffered) != 0) {
    bad++;
  } else if (!is_pow2(o->max_buffered)) {
    fprintf(stderr, "raceway: RACEWAY_MAX_BUFFERED=%u is not a power of two; "
            "using %u\n", o->max_buffered, DEF_MAX_BUFFERED);
    o->max_buffered = DEF_MAX_BUFFERED;
    bad++;
  }
  bad += check_bool(F_LIVE, in->report_live, 0, &o->report_live) != 0;
  unsigned code = 0;
  bad += check_uint(F_EXIT, in->exitcode < 0 ? 0x80000000u : (unsigned)in->exitcode,
                    0, 255, 0, &code) != 0;
  o->exitcode = (int)code;
  bad += check_bool(F_DETECT, in->detect, 1, &o->detect) != 0;
  bad += check_uint(F_SHADOW, in->max_shadow, 1024, 1u << 30, DEF_MAX_SHADOW,
                    &o->max_shadow) != 0;
  bad += check_uint(F_SHUTDOWN, in->shutdown_timeout_ms, 0, 600000,
                    DEF_SHUTDOWN_TIMEOUT, &o->shutdown_timeout_ms) != 0;
  bad += load_send_mode(out, in->send_mode);
  bad += load_race_window(out);
  bad += load_lock_events(out);
  return bad;
}

void rw_config_free(rw_config *c) {
  raceway_config *p = &c->pub;
  const char *owned[] = {p->endpoint, p->service_name, p->environment, p->api_key,
                         p->instance_id, p->output_path, p->ca_bundle, p->report_path};
  for (size_t i = 0; i < sizeof owned / sizeof *owned; i++)
    free((char *)owned[i]);
  memset(c, 0, sizeof *c);
}
