/*
 * config.c - RACEWAY_* environment, defaults and validation.
 *
 * Every setting is one RW_SETTING line of common/settings.def: its kind,
 * default, bounds and field.  raceway_config_init gives defaults overridden
 * by the environment as raw text; rw_config_load checks every field and
 * replaces each bad value by its default with one stderr line that names
 * the variable and the value (its first RW_ECHO_MAX bytes, control bytes
 * as \xNN).  The API key is never printed; an endpoint is printed only
 * without its user:password@ part (rw_config_endpoint_text).
 */
#include "common/config.h"
#include "common/diag.h"
#include "common/export.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

rw_config rw_cfg;

const char rw_config_computed_default[] = "(computed at start)";

/* ---- the table ---- */

#define RW_RANGE(l, h) .lo = (l), .hi = (h)
#define RW_MAXLEN(n) .hi = (n)
#define RW_ONE_OF(...) .choices = (const char *const[]){__VA_ARGS__, 0}
#define FIELD_OF(f) (((rw_config *)0)->f)
#define IS_TEXT_FIELD(f) _Generic(FIELD_OF(f), const char *: 1, default: 0)
#define IS_INT_FIELD(f) (sizeof FIELD_OF(f) == sizeof(int) && !IS_TEXT_FIELD(f))

#define RW_SETTING(NAME, KIND, DEF, BOUNDS, FIELD, DOC)                      \
  [RW_S_##NAME] = {.name = #NAME, .kind = RW_KIND_##KIND, .def = DEF, BOUNDS,  \
                   .off = offsetof(rw_config, FIELD),                         \
                   .in_pub = offsetof(rw_config, FIELD) <                     \
                             offsetof(rw_config, pub) + sizeof(raceway_config), \
                   .is_signed = _Generic(FIELD_OF(FIELD), int: 1, default: 0), \
                   .doc = DOC},
const rw_setting rw_config_settings[RW_SETTING_COUNT] = {
#include "common/settings.def"
};
#undef RW_SETTING

/* Each field's type fits its kind: text kinds are strings, numbers are
 * int-sized, an ENUM is either. */
#define KIND_FITS_STR(f) IS_TEXT_FIELD(f)
#define KIND_FITS_URL(f) IS_TEXT_FIELD(f)
#define KIND_FITS_KEY(f) IS_TEXT_FIELD(f)
#define KIND_FITS_PATH(f) IS_TEXT_FIELD(f)
#define KIND_FITS_FILE(f) IS_TEXT_FIELD(f)
#define KIND_FITS_UINT(f) IS_INT_FIELD(f)
#define KIND_FITS_POW2(f) IS_INT_FIELD(f)
#define KIND_FITS_BOOL(f) IS_INT_FIELD(f)
#define KIND_FITS_ENUM(f) (IS_TEXT_FIELD(f) || IS_INT_FIELD(f))
#define RW_SETTING(NAME, KIND, DEF, BOUNDS, FIELD, DOC) \
  _Static_assert(KIND_FITS_##KIND(FIELD), #NAME ": field type does not fit " #KIND);
#include "common/settings.def"
#undef RW_SETTING

static int is_text_kind(enum rw_setting_kind k) { return k <= RW_KIND_FILE; }
static int is_number_kind(enum rw_setting_kind k) {
  return k == RW_KIND_UINT || k == RW_KIND_POW2 || k == RW_KIND_BOOL;
}

/* A number or boolean variable whose text did not parse is kept here so
 * rw_config_load can quote it; the field keeps its default meanwhile.  The
 * text is used only while the field still holds that default (a program
 * that set the field itself wins). */
static const char *bad_text[RW_SETTING_COUNT];

/* ---- small helpers ---- */

static const char *env(const char *name) {
  const char *v = getenv(name);
  return v && v[0] ? v : 0;
}

static const char *program_name(void) {
  extern char *program_invocation_short_name;
  return program_invocation_short_name && program_invocation_short_name[0]
             ? program_invocation_short_name : "c-app";
}

/* The setting's input in a raceway_config (only for in_pub settings). */
static void *in_field(const raceway_config *in, const rw_setting *s) {
  return (char *)in + (s->off - offsetof(rw_config, pub));
}
static void *out_field(rw_config *out, const rw_setting *s) {
  return (char *)out + s->off;
}
static unsigned get_uint(const void *f) {
  unsigned v;
  memcpy(&v, f, sizeof v);
  return v;
}
static void set_uint(void *f, unsigned v) { memcpy(f, &v, sizeof v); }

/* Bytes of s that end on a UTF-8 character boundary, at most max: back
 * off over at most 3 continuation bytes (a character is at most 4); text
 * that is not UTF-8 is cut at max. */
static size_t utf8_cut(const char *s, size_t max) {
  size_t n = max;
  while (n > 0 && max - n < 3 && ((unsigned char)s[n] & 0xc0) == 0x80)
    n--;
  return ((unsigned char)s[n] & 0xc0) == 0x80 || n == 0 ? max : n;
}

const char *rw_config_echo(const char *v, char *buf, size_t size) {
  size_t n = strlen(v), len = 0;
  size_t take = n > RW_ECHO_MAX ? utf8_cut(v, RW_ECHO_MAX) : n;
  for (size_t i = 0; i < take && len + 5 < size; i++) {
    unsigned char ch = (unsigned char)v[i];
    if (ch < 0x20 || ch == 0x7f)
      len += (size_t)snprintf(buf + len, size - len, "\\x%02x", ch);
    else
      buf[len++] = (char)ch;
  }
  buf[len] = 0;
  if (take < n && len + 4 <= size)
    memcpy(buf + len, "...", 4);
  return buf;
}

const char *rw_config_endpoint_text(const char *url, char *buf, size_t size) {
  if (!size)
    return buf;
  const char *sep = strstr(url, "://");
  const char *auth = sep ? sep + 3 : url;
  /* The last '@': a password with an unencoded '/', '?' or '@' still
   * counts as userinfo (an '@' in a path shows less than it could). */
  const char *at = strrchr(auth, '@');
  const char *host = at ? at + 1 : auth;
  size_t head = (size_t)(auth - url), tail = strlen(host);
  if (head >= size)
    head = size - 1;
  memcpy(buf, url, head);
  if (tail > size - 1 - head)
    tail = size - 1 - head;
  memcpy(buf + head, host, tail);
  buf[head + tail] = 0;
  return buf;
}

int rw_config_file_readable(const char *path, const char **why) {
  struct stat st;
  if (stat(path, &st) != 0) {
    *why = errno == EACCES ? "cannot be read" : "no such file";
    return 0;
  }
  if (!S_ISREG(st.st_mode)) {
    *why = "not a file";
    return 0;
  }
  if (access(path, R_OK) != 0) {
    *why = "cannot be read";
    return 0;
  }
  return 1;
}

/* ---- parsing ---- */

/* Digits only: no sign, no whitespace of any kind, before or after. */
static int parse_uint(const char *text, unsigned long *out) {
  if (!text || *text < '0' || *text > '9')
    return -1;
  char *end;
  errno = 0;
  unsigned long v = strtoul(text, &end, 10);
  if (errno || *end)
    return -1;
  *out = v;
  return 0;
}

static int parse_bool(const char *text, unsigned long *out) {
  static const char *const yes[] = {"1", "true", "yes", "on"};
  static const char *const no[] = {"0", "false", "no", "off"};
  for (int i = 0; i < 4; i++) {
    if (strcasecmp(text, yes[i]) == 0) { *out = 1; return 0; }
    if (strcasecmp(text, no[i]) == 0) { *out = 0; return 0; }
  }
  return -1;
}

/* A number setting's text: 0 and *out set, or -1. */
static int parse_number(const rw_setting *s, const char *text, unsigned long *out) {
  if (s->kind == RW_KIND_BOOL)
    return parse_bool(text, out);
  unsigned long v;
  if (parse_uint(text, &v) != 0 || v > 0x7fffffffu)
    return -1;
  *out = v;
  return 0;
}

static unsigned long default_number(const rw_setting *s) {
  unsigned long v = s->lo;
  parse_number(s, s->def, &v);     /* every default parses (test_config) */
  return v;
}

RW_EXPORT void raceway_config_init(raceway_config *cfg) {
  memset(cfg, 0, sizeof *cfg);
  for (int i = 0; i < RW_SETTING_COUNT; i++) {
    const rw_setting *s = &rw_config_settings[i];
    bad_text[i] = 0;
    if (!s->in_pub)
      continue;
    void *f = in_field(cfg, s);
    const char *text = env(s->name);
    if (!is_number_kind(s->kind)) {
      const char *def = s->def == RW_COMPUTED ? 0 : s->def;
      *(const char **)f = text ? text : def;
      continue;
    }
    unsigned long v = default_number(s);
    if (text && parse_number(s, text, &v) != 0)
      bad_text[i] = text;
    set_uint(f, (unsigned)v);
  }
  if (!cfg->service_name)
    cfg->service_name = program_name();
}

/* ---- validation: each load_* returns the number of lines printed ---- */

static int load_number(rw_config *out, const raceway_config *in, int i) {
  const rw_setting *s = &rw_config_settings[i];
  unsigned long def = default_number(s), v = def;
  const char *text = 0;
  char e[RW_ECHO_SIZE];
  if (s->in_pub) {
    v = get_uint(in_field(in, s));
    text = v == def ? bad_text[i] : 0;
  } else if ((text = env(s->name)) && parse_number(s, text, &v) == 0 &&
             v >= s->lo && v <= s->hi) {
    text = 0;     /* environment only: out of range reads "not a number in" */
  }
  set_uint(out_field(out, s), (unsigned)def);
  if (text && s->kind == RW_KIND_BOOL) {
    fprintf(rw_diag_err(), "raceway: %s='%s' is not a boolean (0/1/true/false/yes/no/"
            "on/off); using %lu\n", s->name, rw_config_echo(text, e, sizeof e), def);
    return 1;
  }
  if (text) {
    fprintf(rw_diag_err(), "raceway: %s='%s' is not a number in %lu..%lu; using %lu\n",
            s->name, rw_config_echo(text, e, sizeof e), s->lo, s->hi, def);
    return 1;
  }
  if (s->kind == RW_KIND_BOOL) {
    set_uint(out_field(out, s), v != 0);
    return 0;
  }
  if (v < s->lo || v > s->hi) {
    if (s->is_signed && (int)v < 0)
      fprintf(rw_diag_err(), "raceway: %s=%d is out of range %lu..%lu; using %lu\n",
              s->name, (int)v, s->lo, s->hi, def);
    else
      fprintf(rw_diag_err(), "raceway: %s=%lu is out of range %lu..%lu; using %lu\n",
              s->name, v, s->lo, s->hi, def);
    return 1;
  }
  if (s->kind == RW_KIND_POW2 && (v & (v - 1)) != 0) {
    fprintf(rw_diag_err(), "raceway: %s=%lu is not a power of two; using %lu\n",
            s->name, v, def);
    return 1;
  }
  set_uint(out_field(out, s), (unsigned)v);
  return 0;
}

/* "a, b or c" */
static void list_choices(const char *const *c, char *buf, size_t size) {
  size_t len = 0;
  buf[0] = 0;
  for (int k = 0; c[k] && len < size; k++)
    len += (size_t)snprintf(buf + len, size - len, "%s%s",
                            k == 0 ? "" : c[k + 1] ? ", " : " or ", c[k]);
}

static int choice_index(const rw_setting *s, const char *text) {
  for (int k = 0; text && s->choices[k]; k++)
    if (strcmp(text, s->choices[k]) == 0)
      return k;
  return -1;
}

static int load_enum(rw_config *out, const raceway_config *in, int i) {
  const rw_setting *s = &rw_config_settings[i];
  const char *text = s->in_pub ? *(const char **)in_field(in, s) : env(s->name);
  int bad = 0, k = choice_index(s, text && text[0] ? text : s->def);
  if (k < 0) {
    char e[RW_ECHO_SIZE], names[256];
    list_choices(s->choices, names, sizeof names);
    fprintf(rw_diag_err(), "raceway: %s='%s' is not %s; using %s\n", s->name,
            rw_config_echo(text, e, sizeof e), names, s->def);
    k = choice_index(s, s->def);
    bad = 1;
  }
  if (s->is_signed)
    set_uint(out_field(out, s), (unsigned)k);
  else
    *(const char **)out_field(out, s) = s->choices[k];
  return bad;
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

static int is_visible_ascii(const char *s) {
  for (; *s; s++)
    if ((unsigned char)*s < 0x21 || (unsigned char)*s > 0x7e)
      return 0;
  return 1;
}

static char *default_instance(void) {
  char host[256] = "localhost", buf[300];
  if (gethostname(host, sizeof host - 1) != 0 || !host[0])
    strcpy(host, "localhost");
  host[sizeof host - 1] = 0;
  snprintf(buf, sizeof buf, "%s-%d", host, (int)getpid());
  return strdup(buf);
}

/* The value a text setting gets when it is unset or refused. */
static char *text_default(int i) {
  const rw_setting *s = &rw_config_settings[i];
  if (s->def != RW_COMPUTED)
    return s->def ? strdup(s->def) : 0;
  return i == RW_S_RACEWAY_INSTANCE_ID ? default_instance() : strdup(program_name());
}

/* A text value that is too long: STR is cut (at a character boundary),
 * the rest refused.  Returns the copy to keep (0: use the default). */
static char *too_long(const rw_setting *s, const char *v) {
  char e[RW_ECHO_SIZE], shown[RW_ECHO_SIZE];
  if (s->kind == RW_KIND_KEY) {
    fprintf(rw_diag_err(), "raceway: %s is longer than %lu bytes; no Authorization "
            "header is sent\n", s->name, s->hi);
    return 0;
  }
  if (s->kind == RW_KIND_URL)
    v = rw_config_endpoint_text(v, shown, sizeof shown);   /* enough for the echo */
  if (s->kind != RW_KIND_STR) {
    fprintf(rw_diag_err(), "raceway: %s='%s' is longer than %lu bytes; %s%s\n", s->name,
            rw_config_echo(v, e, sizeof e), s->hi, s->def ? "using " : "ignored",
            s->def ? s->def : "");
    return 0;
  }
  size_t n = utf8_cut(v, s->hi);
  fprintf(rw_diag_err(), "raceway: %s='%s' is longer than %lu bytes; using its first "
          "%zu\n", s->name, rw_config_echo(v, e, sizeof e), s->hi, n);
  return strndup(v, n);
}

/* Kind-specific checks of a text value within its length.  Returns the
 * number of lines printed; *keep = 0 when the value is refused. */
static int check_text(rw_config *out, const rw_setting *s, const char *v, int *keep) {
  char e[RW_ECHO_SIZE], shown[RW_ECHO_SIZE];   /* enough for the echo */
  const char *why = 0;
  *keep = 1;
  if (s->kind == RW_KIND_URL && !is_url(v)) {
    rw_config_endpoint_text(v, shown, sizeof shown);
    fprintf(rw_diag_err(), "raceway: %s='%s' is not an http:// or https:// URL; "
            "using %s\n", s->name, rw_config_echo(shown, e, sizeof e), s->def);
    *keep = 0;
    return 1;
  }
  if (s->kind == RW_KIND_KEY && !is_visible_ascii(v)) {
    fprintf(rw_diag_err(), "raceway: %s has a byte that is not visible ASCII "
            "(0x21-0x7e); no Authorization header is sent\n", s->name);
    *keep = 0;
    return 1;
  }
  if (s->kind == RW_KIND_FILE && !rw_config_file_readable(v, &why)) {
    fprintf(rw_diag_err(), "raceway: %s='%s': %s; nothing is sent to https "
            "endpoints\n", s->name, rw_config_echo(v, e, sizeof e), why);
    out->ca_bundle_unreadable = 1;
    return 1;
  }
  return 0;
}

static int load_text(rw_config *out, const raceway_config *in, int i) {
  const rw_setting *s = &rw_config_settings[i];
  const char *v = s->in_pub ? *(const char **)in_field(in, s) : env(s->name);
  char **dst = (char **)out_field(out, s);
  int bad = 0, keep = 1;
  if (v && !v[0])
    v = 0;                           /* empty counts as unset */
  if (v && strnlen(v, s->hi + 1) > s->hi) {
    *dst = too_long(s, v);
    bad = 1;
  } else if (v) {
    bad = check_text(out, s, v, &keep);
    *dst = keep ? strdup(v) : 0;
  }
  if (!*dst && (!v || bad))
    *dst = text_default(i);
  if (s->kind == RW_KIND_URL && *dst) {  /* "http://h:1/" -> "http://h:1" */
    size_t n = strlen(*dst);
    while (n > 0 && (*dst)[n - 1] == '/')
      (*dst)[--n] = 0;
  }
  return bad;
}

int rw_config_load(rw_config *out, const raceway_config *in) {
  raceway_config defaults;
  if (!in) {
    raceway_config_init(&defaults);
    in = &defaults;
  }
  memset(out, 0, sizeof *out);
  int bad = 0;
  for (int i = 0; i < RW_SETTING_COUNT; i++) {
    enum rw_setting_kind k = rw_config_settings[i].kind;
    bad += is_number_kind(k) ? load_number(out, in, i)
           : k == RW_KIND_ENUM ? load_enum(out, in, i)
                               : load_text(out, in, i);
  }
  out->send = (enum rw_send_mode)choice_index(&rw_config_settings[RW_S_RACEWAY_SEND],
                                              out->pub.send_mode);
  return bad;
}

void rw_config_free(rw_config *c) {
  for (int i = 0; i < RW_SETTING_COUNT; i++)
    if (is_text_kind(rw_config_settings[i].kind))
      free(*(char **)out_field(c, &rw_config_settings[i]));
  memset(c, 0, sizeof *c);
}
