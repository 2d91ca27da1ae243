/*
 * encode.c - the JSON encoder for Raceway events (see encode.h).
 *
 * Hand-written rather than built on cJSON's tree: the flusher encodes
 * every event, and appending straight into one buffer is several times
 * faster than building and printing a tree.  cJSON is used only to check
 * JSON text handed in by the application (manual API values).
 */
#include "encode.h"

#include "clock.h"

#include <cjson/cJSON.h>
#include <math.h>   /* isfinite: a builtin, no libm */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- buffer ---- */

void rw_buf_free(rw_buf *b) {
  free(b->p);
  b->p = 0;
  b->len = b->cap = 0;
  b->oom = 0;
}

int rw_buf_grow(rw_buf *b, size_t extra) {
  if (b->oom)
    return -1;
  size_t want = b->len + extra;
  size_t cap = b->cap ? b->cap : 256;
  while (cap < want)
    cap *= 2;
  char *p = realloc(b->p, cap);
  if (!p) {
    b->oom = 1;
    return -1;
  }
  b->p = p;
  b->cap = cap;
  return 0;
}

void rw_buf_puts(rw_buf *b, const char *s) { rw_buf_put(b, s, strlen(s)); }
void rw_buf_putc(rw_buf *b, char c) { rw_buf_put(b, &c, 1); }

char *rw_buf_take(rw_buf *b) {
  if (b->oom || (!b->p && rw_buf_grow(b, 1) != 0)) {
    rw_buf_free(b);
    return 0;
  }
  b->p[b->len] = 0;
  char *p = b->p;
  b->p = 0;
  b->len = b->cap = 0;
  return p;
}

/* ---- strings ---- */

/* Length of the valid UTF-8 sequence at s (n bytes left), or 0 if the
 * bytes there are not one (overlong forms, surrogates and code points
 * above U+10FFFF are invalid too). */
static size_t utf8_seq(const unsigned char *s, size_t n) {
  unsigned c = s[0];
  if (c < 0x80)
    return 1;
  if (c >= 0xC2 && c <= 0xDF)
    return (n >= 2 && (s[1] & 0xC0) == 0x80) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
      return 0;
    if (c == 0xE0 && s[1] < 0xA0)
      return 0;                      /* overlong */
    if (c == 0xED && s[1] >= 0xA0)
      return 0;                      /* UTF-16 surrogate */
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 ||
        (s[3] & 0xC0) != 0x80)
      return 0;
    if (c == 0xF0 && s[1] < 0x90)
      return 0;                      /* overlong */
    if (c == 0xF4 && s[1] >= 0x90)
      return 0;                      /* above U+10FFFF */
    return 4;
  }
  return 0;
}

void rw_json_string_n(rw_buf *b, const char *str, size_t n) {
  static const char hex[] = "0123456789abcdef";
  const unsigned char *s = (const unsigned char *)str;
  rw_buf_putc(b, '"');
  size_t i = 0, run = 0;  /* s[run..i) is plain text not yet copied */
  while (i < n) {
    unsigned c = s[i];
    if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
      i++;
      continue;
    }
    size_t len = c >= 0x80 ? utf8_seq(s + i, n - i) : 0;
    if (len) {
      i += len;
      continue;
    }
    rw_buf_put(b, (const char *)s + run, i - run);
    char esc[6] = {'\\', 0, 0, 0, 0, 0};
    size_t elen = 2;
    switch (c) {
    case '"': esc[1] = '"'; break;
    case '\\': esc[1] = '\\'; break;
    case '\n': esc[1] = 'n'; break;
    case '\r': esc[1] = 'r'; break;
    case '\t': esc[1] = 't'; break;
    case '\b': esc[1] = 'b'; break;
    case '\f': esc[1] = 'f'; break;
    default:
      if (c == 0 || c >= 0x80) {
        /* NUL (never sent: Postgres rejects it) or a byte that is not
         * valid UTF-8: U+FFFD. */
        rw_buf_put(b, "\xEF\xBF\xBD", 3);
        elen = 0;
      } else {
        esc[1] = 'u'; esc[2] = '0'; esc[3] = '0';
        esc[4] = hex[c >> 4]; esc[5] = hex[c & 15];
        elen = 6;
      }
    }
    rw_buf_put(b, esc, elen);
    i++;
    run = i;
  }
  rw_buf_put(b, (const char *)s + run, i - run);
  rw_buf_putc(b, '"');
}

void rw_json_string(rw_buf *b, const char *s) {
  if (!s)
    rw_buf_put(b, "null", 4);
  else
    rw_json_string_n(b, s, strlen(s));
}

/* ---- numbers ---- */

void rw_json_u64(rw_buf *b, uint64_t v) {
  char tmp[24];
  int i = 24;
  do {
    tmp[--i] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  rw_buf_put(b, tmp + i, (size_t)(24 - i));
}

void rw_json_i64(rw_buf *b, int64_t v) {
  if (v < 0) {
    rw_buf_putc(b, '-');
    rw_json_u64(b, (uint64_t)0 - (uint64_t)v);
  } else {
    rw_json_u64(b, (uint64_t)v);
  }
}

void rw_json_double(rw_buf *b, double v) {
  if (!isfinite(v)) {
    rw_buf_put(b, "null", 4);
    return;
  }
  char tmp[32];
  int n = snprintf(tmp, sizeof tmp, "%.17g", v);
  rw_buf_put(b, tmp, (size_t)n);
}

/* ---- JSON text from the application ---- */

/* The server's JSON parser gives up (400, whole batch lost) past about 128
 * levels; the event envelope takes 3.  Deeper application values are sent
 * as their JSON text in a string instead. */
#define MAX_VALUE_DEPTH 100

static void put_cjson(rw_buf *b, const cJSON *j, int depth) {
  if ((cJSON_IsArray(j) || cJSON_IsObject(j)) && depth >= MAX_VALUE_DEPTH) {
    char *text = cJSON_PrintUnformatted(j);
    rw_json_string(b, text);   /* NULL (out of memory): null */
    free(text);
  } else if (cJSON_IsNull(j)) {
    rw_buf_put(b, "null", 4);
  } else if (cJSON_IsTrue(j)) {
    rw_buf_put(b, "true", 4);
  } else if (cJSON_IsFalse(j)) {
    rw_buf_put(b, "false", 5);
  } else if (cJSON_IsNumber(j)) {
    double d = j->valuedouble;
    /* Integers stay integers (u64 fields reject 1.0). */
    if (d > -9007199254740992.0 && d < 9007199254740992.0 && d == (double)(int64_t)d)
      rw_json_i64(b, (int64_t)d);
    else
      rw_json_double(b, d);
  } else if (cJSON_IsString(j)) {
    rw_json_string(b, j->valuestring);
  } else if (cJSON_IsArray(j) || cJSON_IsObject(j)) {
    int obj = cJSON_IsObject(j);
    rw_buf_putc(b, obj ? '{' : '[');
    for (const cJSON *c = j->child; c; c = c->next) {
      if (c != j->child)
        rw_buf_putc(b, ',');
      if (obj) {
        rw_json_string(b, c->string ? c->string : "");
        rw_buf_putc(b, ':');
      }
      put_cjson(b, c, depth + 1);
    }
    rw_buf_putc(b, obj ? '}' : ']');
  } else {
    rw_buf_put(b, "null", 4);
  }
}

int rw_json_value_text(rw_buf *b, const char *text) {
  if (!text)
    return -1;
  const char *end = 0;
  cJSON *j = cJSON_ParseWithOpts(text, &end, 1);
  if (!j)
    return -1;
  put_cjson(b, j, 0);
  cJSON_Delete(j);
  return 0;
}

/* ---- values ---- */

void rw_json_value(rw_buf *b, const rw_value *v) {
  if (!v || !v->present) {
    rw_buf_put(b, "null", 4);
    return;
  }
  unsigned size = v->size;
  uint64_t bits = v->bits;
  if (size > 0 && size < 8)
    bits &= (1ull << (8 * size)) - 1;
  switch (v->kind) {
  case RACEWAY_VALUE_SINT: {
    int64_t x = (int64_t)bits;
    if (size > 0 && size < 8) {
      uint64_t sign = 1ull << (8 * size - 1);
      x = (int64_t)((bits ^ sign) - sign);
    }
    rw_json_i64(b, x);
    break;
  }
  case RACEWAY_VALUE_UINT:
    rw_json_u64(b, bits);
    break;
  case RACEWAY_VALUE_FLOAT:
    if (size == 4) {
      float f;
      uint32_t u = (uint32_t)bits;
      memcpy(&f, &u, 4);
      rw_json_double(b, (double)f);
    } else if (size == 8) {
      double d;
      memcpy(&d, &bits, 8);
      rw_json_double(b, d);
    } else {
      rw_buf_put(b, "null", 4);
    }
    break;
  case RACEWAY_VALUE_PTR: {
    char tmp[24];
    snprintf(tmp, sizeof tmp, "\"0x%llx\"", (unsigned long long)bits);
    rw_buf_puts(b, tmp);
    break;
  }
  case RACEWAY_VALUE_BOOL:
    rw_buf_puts(b, bits ? "true" : "false");
    break;
  case RW_VALUE_JSON:
    if (!v->json)
      rw_buf_put(b, "null", 4);
    else if (rw_json_value_text(b, v->json) != 0)
      rw_json_string(b, v->json);   /* not JSON: send the text itself */
    break;
  default:
    rw_buf_put(b, "null", 4);
  }
}

/* ---- spellings and locations ---- */

const char *rw_access_name(unsigned access) {
  static const char *const names[] = {"Read", "Write", "AtomicRead",
                                      "AtomicWrite", "AtomicRMW"};
  return access < 5 ? names[access] : "Read";
}

const char *rw_ordering_name(unsigned order) {
  /* Consume is promoted to Acquire, as compilers do. */
  static const char *const names[] = {"Relaxed", "Acquire", "Acquire",
                                      "Release", "AcqRel", "SeqCst"};
  return order < 6 ? names[order] : "SeqCst";
}

void rw_site_location(const raceway_site *s, char *out, size_t len) {
  const char *file = s && s->file ? s->file : "<unknown>";
  if (!s || s->line == 0)
    snprintf(out, len, "%s", file);
  else if (s->column == 0)
    snprintf(out, len, "%s:%u", file, s->line);
  else
    snprintf(out, len, "%s:%u:%u", file, s->line, s->column);
}

/* ---- events ---- */

#define KEY(b, k) rw_buf_put(b, k, sizeof(k) - 1)

void rw_encode_event_begin(rw_buf *b, const rw_event *e) {
  char ts[31];
  rw_clock_format(e->ts_ns, ts);
  KEY(b, "{\"id\":\"");
  rw_buf_put(b, e->id, 36);
  KEY(b, "\",\"trace_id\":\"");
  rw_buf_put(b, e->trace_id, 36);
  KEY(b, "\",\"parent_id\":");
  if (e->parent_id) {
    rw_buf_putc(b, '"');
    rw_buf_put(b, e->parent_id, 36);
    rw_buf_putc(b, '"');
  } else {
    KEY(b, "null");
  }
  KEY(b, ",\"timestamp\":\"");
  rw_buf_put(b, ts, 30);
  KEY(b, "\",\"kind\":");
}

void rw_encode_event_end(rw_buf *b, const rw_event *e) {
  const rw_meta *m = e->meta;
  KEY(b, ",\"metadata\":{\"thread_id\":");
  rw_json_string(b, m->thread_id ? m->thread_id : "");
  KEY(b, ",\"process_id\":");
  rw_json_u64(b, m->process_id);
  KEY(b, ",\"service_name\":");
  rw_json_string(b, m->service_name ? m->service_name : "");
  KEY(b, ",\"environment\":");
  rw_json_string(b, m->environment ? m->environment : "");
  KEY(b, ",\"tags\":{\"sdk_language\":\"c\"}");
  if (m->instance_id) {
    KEY(b, ",\"instance_id\":");
    rw_json_string(b, m->instance_id);
  }
  if (m->span_id && m->span_id[0]) {
    KEY(b, ",\"distributed_span_id\":");
    rw_json_string(b, m->span_id);
  }
  if (m->upstream_span && m->upstream_span[0]) {
    KEY(b, ",\"upstream_span_id\":");
    rw_json_string(b, m->upstream_span);
  }
  KEY(b, "},\"causality_vector\":");
  rw_buf_puts(b, e->causality_json ? e->causality_json : "[]");
  KEY(b, ",\"lock_set\":");
  rw_buf_puts(b, e->lock_set_json ? e->lock_set_json : "[]");
  rw_buf_putc(b, '}');
}

void rw_kind_state_change(rw_buf *b, const char *variable, const rw_value *old,
                          const rw_value *new_value, const char *location,
                          unsigned access) {
  KEY(b, "{\"StateChange\":{\"variable\":");
  rw_json_string(b, variable ? variable : "");
  KEY(b, ",\"old_value\":");
  rw_json_value(b, old);
  KEY(b, ",\"new_value\":");
  rw_json_value(b, new_value);
  KEY(b, ",\"location\":");
  rw_json_string(b, location ? location : "");
  KEY(b, ",\"access_type\":\"");
  rw_buf_puts(b, rw_access_name(access));
  KEY(b, "\"}}");
}

void rw_kind_lock(rw_buf *b, int acquire, const char *lock_id,
                  const char *lock_type, const char *location) {
  if (acquire)
    KEY(b, "{\"LockAcquire\":{\"lock_id\":");
  else
    KEY(b, "{\"LockRelease\":{\"lock_id\":");
  rw_json_string(b, lock_id ? lock_id : "");
  KEY(b, ",\"lock_type\":");
  rw_json_string(b, lock_type ? lock_type : "Mutex");
  KEY(b, ",\"location\":");
  rw_json_string(b, location ? location : "");
  KEY(b, "}}");
}

void rw_kind_spawn(rw_buf *b, const char *task_id, const char *spawned_by) {
  KEY(b, "{\"AsyncSpawn\":{\"task_id\":");
  rw_json_string(b, task_id);
  KEY(b, ",\"spawned_by\":");
  rw_json_string(b, spawned_by ? spawned_by : "");
  KEY(b, "}}");
}

void rw_kind_await(rw_buf *b, const char *future_id, const char *awaited_at) {
  KEY(b, "{\"AsyncAwait\":{\"future_id\":");
  rw_json_string(b, future_id);
  KEY(b, ",\"awaited_at\":");
  rw_json_string(b, awaited_at ? awaited_at : "");
  KEY(b, "}}");
}

void rw_kind_fence(rw_buf *b, unsigned order, const char *location) {
  KEY(b, "{\"MemoryFence\":{\"ordering\":\"");
  rw_buf_puts(b, rw_ordering_name(order));
  KEY(b, "\",\"location\":");
  rw_json_string(b, location ? location : "");
  KEY(b, "}}");
}

void rw_kind_function_call(rw_buf *b, const char *name, const char *module,
                           const char *args_json, const char *file,
                           unsigned line) {
  KEY(b, "{\"FunctionCall\":{\"function_name\":");
  rw_json_string(b, name ? name : "");
  KEY(b, ",\"module\":");
  rw_json_string(b, module ? module : "");
  KEY(b, ",\"args\":");
  if (!args_json) {
    KEY(b, "{}");
  } else if (rw_json_value_text(b, args_json) != 0) {
    rw_json_string(b, args_json);
  }
  KEY(b, ",\"file\":");
  rw_json_string(b, file ? file : "");
  KEY(b, ",\"line\":");
  rw_json_u64(b, line);
  KEY(b, "}}");
}

void rw_kind_http_request(rw_buf *b, const char *method, const char *url) {
  KEY(b, "{\"HttpRequest\":{\"method\":");
  rw_json_string(b, method ? method : "");
  KEY(b, ",\"url\":");
  rw_json_string(b, url ? url : "");
  KEY(b, ",\"headers\":{}}}");
}

void rw_kind_http_response(rw_buf *b, unsigned status, uint64_t duration_ms) {
  KEY(b, "{\"HttpResponse\":{\"status\":");
  rw_json_u64(b, status > 65535 ? 65535 : status);
  KEY(b, ",\"headers\":{},\"duration_ms\":");
  rw_json_u64(b, duration_ms);
  KEY(b, "}}");
}

void rw_kind_error(rw_buf *b, const char *type, const char *message,
                   const char *const *frames, size_t n) {
  KEY(b, "{\"Error\":{\"error_type\":");
  rw_json_string(b, type ? type : "");
  KEY(b, ",\"message\":");
  rw_json_string(b, message ? message : "");
  KEY(b, ",\"stack_trace\":[");
  for (size_t i = 0; frames && i < n; i++) {
    if (i)
      rw_buf_putc(b, ',');
    rw_json_string(b, frames[i] ? frames[i] : "");
  }
  KEY(b, "]}}");
}

void rw_kind_custom(rw_buf *b, const char *name, const char *data_json) {
  KEY(b, "{\"Custom\":{\"name\":");
  rw_json_string(b, name ? name : "");
  KEY(b, ",\"data\":");
  rw_value v = {.kind = RW_VALUE_JSON, .present = data_json != 0, .json = data_json};
  rw_json_value(b, &v);
  KEY(b, "}}");
}
