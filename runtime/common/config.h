/*
 * config.h - the runtime's validated configuration (runtime/config.c).
 * Filled once at start from raceway_config / RACEWAY_* and read-only after.
 * Every setting is defined once, in common/settings.def.
 */
#ifndef RW_CONFIG_H
#define RW_CONFIG_H

#include <stddef.h>

#include "common/export.h"
#include "raceway/raceway.h"

/* RACEWAY_SEND, in settings.def's order (auto: all, then races once
 * RACEWAY_SEND_ALL_LIMIT events were sent: transport/recenc.c). */
enum rw_send_mode { RW_SEND_ALL, RW_SEND_RACES, RW_SEND_NONE, RW_SEND_AUTO };
/* RACEWAY_WIRE_VECTOR, in settings.def's order. */
enum rw_wire_vector { RW_WIRE_AUTO, RW_WIRE_DELTA, RW_WIRE_FULL };

typedef struct rw_config {
  raceway_config pub;          /* validated copy; strings owned          */
  enum rw_send_mode send;
  unsigned race_window;        /* RACEWAY_RACE_WINDOW: events per thread
                                  held for races in RW_SEND_RACES mode
                                  (send_races.h); environment only, so
                                  raceway_config keeps its layout       */
  unsigned send_all_limit;     /* RACEWAY_SEND_ALL_LIMIT                  */
  unsigned flush_cpu_pct;      /* RACEWAY_FLUSH_CPU_PCT (flusher.c)       */
  unsigned races_cpu_pct;      /* RACEWAY_RACES_CPU_PCT (flusher.c)       */
  unsigned max_memory_mib;     /* RACEWAY_MAX_MEMORY: the memory budget  */
  int wire_vector;             /* RACEWAY_WIRE_VECTOR (enum rw_wire_vector):
                                  whole causality vectors or what grew
                                  (transport/cvec.h)                     */
  int all_lock_events;         /* RACEWAY_LOCK_EVENTS=all: record every
                                  lock pair, also those that guard no
                                  recorded event (default: elide them) */
  int ca_bundle_unreadable;    /* RACEWAY_CA_BUNDLE named no readable file
                                  at start (already said on stderr): the
                                  https sink sends nothing               */
  const char *log_path;        /* RACEWAY_LOG: "stderr", "stdout" or a
                                  file name (detect/log.h)               */
  int stacks;                  /* RACEWAY_STACKS: call stacks in reports */
  unsigned lock_spin;          /* RACEWAY_LOCK_SPIN: a contended mutex's
                                  wait before its real lock
                                  (intercept_pthread.c)                  */
  int flush_hold;              /* RACEWAY_FLUSH_HOLD: the flusher sends
                                  only at exit (tests of a flusher that
                                  is behind: transport/flusher.c)       */
  const char *symbolizer;      /* RACEWAY_SYMBOLIZER (detect/symbolize.h) */
  const char *libcurl;         /* RACEWAY_LIBCURL: the libcurl dlopen'ed
                                  for the HTTP sink (transport/curl_dl.h) */
  int started;                 /* rw_cfg is final                        */
} rw_config;

extern RW_HIDDEN rw_config rw_cfg;

/* ---- the settings table (settings.def) ---- */

enum rw_setting_kind {
  RW_KIND_STR, RW_KIND_URL, RW_KIND_KEY, RW_KIND_PATH, RW_KIND_FILE,
  RW_KIND_UINT, RW_KIND_POW2, RW_KIND_BOOL, RW_KIND_ENUM
};

typedef struct rw_setting {
  const char *name;            /* "RACEWAY_BATCH_SIZE"                    */
  enum rw_setting_kind kind;
  const char *def;             /* default as text; 0 unset; RW_COMPUTED  */
  unsigned long lo, hi;        /* numbers: range; text: hi = max bytes   */
  const char *const *choices;  /* ENUM: names, NULL-terminated           */
  size_t off;                  /* offsetof(rw_config, FIELD)             */
  int in_pub;                  /* FIELD is in raceway_config (pub.X)     */
  int is_signed;               /* FIELD is an int (else unsigned/ptr)    */
  const char *doc;
} rw_setting;

enum rw_setting_id {
#define RW_SETTING(name, kind, def, bounds, field, doc) RW_S_##name,
#include "common/settings.def"
#undef RW_SETTING
  RW_SETTING_COUNT
};

extern const rw_setting rw_config_settings[RW_SETTING_COUNT];
/* The DEFAULT of a setting whose default is computed at start. */
extern const char rw_config_computed_default[];
#define RW_COMPUTED rw_config_computed_default

/* Bytes of a bad value quoted in a message; more is shown as "...". */
#define RW_ECHO_MAX 64
#define RW_ECHO_SIZE (RW_ECHO_MAX * 4 + 8)
/* A value as quoted in a message: its first RW_ECHO_MAX bytes (then
 * "..."), control bytes and DEL as \xNN, so a message stays one line.
 * buf has RW_ECHO_SIZE bytes.  Returns buf. */
const char *rw_config_echo(const char *v, char *buf, size_t size);

/* Parse and validate; prints one line per bad value.  Returns the number
 * of values reported: rejected (and replaced by defaults), truncated, or
 * (RACEWAY_CA_BUNDLE) naming no readable file. */
int rw_config_load(rw_config *out, const raceway_config *in);
/* Free the strings rw_config_load copied (not for the live rw_cfg, which
 * other threads read until exit). */
void rw_config_free(rw_config *c);

/* The endpoint as printable text: `url` without its user:password@ part,
 * in buf (always NUL-terminated, cut to size).  Every message that shows
 * an endpoint uses this.  Returns buf. */
const char *rw_config_endpoint_text(const char *url, char *buf, size_t size);

/* 1 if path names a regular file this process can read; else 0 with *why
 * "no such file", "not a file" or "cannot be read". */
int rw_config_file_readable(const char *path, const char **why);

#endif
