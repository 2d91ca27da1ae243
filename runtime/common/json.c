/*
 * json.c - JSON primitives and the values of StateChange events.
 */
#include "common/json.h"

#include <cjson/cJSON.h>
#include <math.h>   /* isfinite: a builtin, no libm */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "raceway/abi.h"

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

/* Bytes copied as they are: ASCII from 0x20, but '"' and '\\' (one
 * load per byte). */
static const unsigned char plain[256] = {[0x20 ... 0x21] = 1, [0x23 ... 0x5b] = 1,
                                         [0x5d ... 0x7f] = 1};

void rw_json_string_n(rw_buf *b, const char *str, size_t n) {
  static const char hex[] = "0123456789abcdef";
  const unsigned char *s = (const unsigned char *)str;
  rw_buf_putc(b, '"');
  size_t i = 0, run = 0;  /* s[run..i) is plain text not yet copied */
  while (i < n) {
    unsigned c = s[i];
    if (plain[c]) {
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

/* "00" ... "99": two digits per division. */
#define DEC_ROW(d) d "0" d "1" d "2" d "3" d "4" d "5" d "6" d "7" d "8" d "9"
const char rw_json_dec_pairs[201] = DEC_ROW("0") DEC_ROW("1") DEC_ROW("2") DEC_ROW("3")
    DEC_ROW("4") DEC_ROW("5") DEC_ROW("6") DEC_ROW("7") DEC_ROW("8") DEC_ROW("9");

/* r < 10^8 as 8 digits at p: 32-bit arithmetic, two digits a lookup. */
static void digits8(char *p, uint32_t r) {
  uint32_t hi = r / 10000, lo = r % 10000;
  memcpy(p, rw_json_dec_pairs + 2 * (hi / 100), 2);
  memcpy(p + 2, rw_json_dec_pairs + 2 * (hi % 100), 2);
  memcpy(p + 4, rw_json_dec_pairs + 2 * (lo / 100), 2);
  memcpy(p + 6, rw_json_dec_pairs + 2 * (lo % 100), 2);
}

void rw_json_digits(uint64_t v, char *out, unsigned n) {
  char *p = out + n;
  for (; v >= 100000000 && p - out >= 8; v /= 100000000) {
    p -= 8;
    digits8(p, (uint32_t)(v % 100000000));
  }
  /* Fewer than 8 digits left to write: the last ones of v, in 32 bits. */
  uint32_t w = (uint32_t)(v >= 100000000 ? v % 100000000 : v);
  for (; p - out >= 2; w /= 100) {
    p -= 2;
    memcpy(p, rw_json_dec_pairs + 2 * (w % 100), 2);
  }
  if (p > out)
    *--p = (char)('0' + w % 10);
}

size_t rw_json_u64_text(uint64_t v, char out[20]) {
  static const uint64_t pow10[20] = {1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull,
      1000000ull, 10000000ull, 100000000ull, 1000000000ull, 10000000000ull,
      100000000000ull, 1000000000000ull, 10000000000000ull, 100000000000000ull,
      1000000000000000ull, 10000000000000000ull, 100000000000000000ull,
      1000000000000000000ull, 10000000000000000000ull};
  unsigned t = (unsigned)(64 - __builtin_clzll(v | 1)) * 1233 >> 12;   /* ~log10 */
  unsigned n = t + 1 - (v < pow10[t]);
  n = n ? n : 1;
  rw_json_digits(v, out, n);
  return n;
}

void rw_json_u64(rw_buf *b, uint64_t v) {
  char tmp[20];
  rw_buf_put(b, tmp, rw_json_u64_text(v, tmp));
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

/* Integer v as sign and magnitude; 0 for other kinds. */
static int int_of(const rw_value *v, int *neg, uint64_t *mag) {
  unsigned size = v->size, sint = v->kind == RACEWAY_VALUE_SINT;
  uint64_t bits = v->bits;
  if (!sint && v->kind != RACEWAY_VALUE_UINT)
    return 0;
  if (size - 1u < 7u) {   /* 1..7 bytes: masked, sign-extended */
    bits &= (1ull << (8 * size)) - 1;
    uint64_t sign = sint ? 1ull << (8 * size - 1) : 0;
    bits = (bits ^ sign) - sign;
  }
  *neg = sint && (int64_t)bits < 0;
  *mag = *neg ? (uint64_t)0 - bits : bits;
  return 1;
}

/* The text of sign and magnitude at out; its length. */
static unsigned int_text(int neg, uint64_t mag, char *out) {
  if (neg)
    *out = '-';
  return (unsigned)neg + (unsigned)rw_json_u64_text(mag, out + neg);
}

char *rw_json_int_at(char *p, const rw_value *v, rw_json_memo *m) {
  int neg;
  uint64_t mag;
  if (!v || !v->present) {
    memcpy(p, "null", 4);
    return p + 4;
  }
  if (m && m->len && v->bits == m->bits && v->kind == m->kind && v->size == m->size) {
    memcpy(p, m->text, sizeof m->text);   /* the same bits again */
    return p + m->len;
  }
  if (!int_of(v, &neg, &mag))
    return 0;
  if (!m)
    return p + int_text(neg, mag, p);
  m->bits = v->bits, m->kind = v->kind, m->size = v->size;
  if (mag == m->mag && neg == m->neg && m->len) {
    /* the same */
  } else if (m->len && !neg && !m->neg && mag && mag == m->mag + 1 &&
             (m->text[0] != '9' || m->text[m->len - 1] != '9')) {
    /* The last one plus one: count up in place, carrying from the end
     * (not past the first digit: a 9 there may carry into a new one). */
    char *c = m->text + m->len - 1;
    while (*c == '9')
      *c-- = '0';
    ++*c;
    m->mag = mag;
  } else {
    m->len = (uint8_t)int_text(neg, mag, m->text);
    m->mag = mag, m->neg = (uint8_t)neg;
  }
  memcpy(p, m->text, sizeof m->text);   /* (whole: a fixed-size copy) */
  return p + m->len;
}

void rw_json_value(rw_buf *b, const rw_value *v) {
  char *p = rw_buf_reserve(b, RW_JSON_INT_MAX), *end;
  if (p && (end = rw_json_int_at(p, v, 0))) {
    rw_buf_commit(b, end);
    return;
  }
  if (!p)
    return;                  /* out of memory */
  unsigned size = v->size;
  uint64_t bits = v->bits;
  if (size > 0 && size < 8)
    bits &= (1ull << (8 * size)) - 1;
  switch (v->kind) {
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
