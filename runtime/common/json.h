/*
 * json.h - JSON text as the Raceway server reads it (runtime/common/json.c):
 * strings always valid UTF-8 (invalid bytes become U+FFFD, NUL is never
 * written, control characters are escaped), integers as integers, and no
 * NaN/Infinity.
 */
#ifndef RW_JSON_H
#define RW_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "raceway/abi.h"

/* JSON primitives.  A NULL string is written as null. */
void rw_json_string(rw_buf *b, const char *s);
void rw_json_string_n(rw_buf *b, const char *s, size_t n);
void rw_json_u64(rw_buf *b, uint64_t v);
/* v's decimal digits into out (no NUL); returns how many. */
size_t rw_json_u64_text(uint64_t v, char out[20]);
/* The last n decimal digits of v into out, zeros in front (no NUL). */
void rw_json_digits(uint64_t v, char *out, unsigned n);
/* "00" "01" ... "99". */
extern const char rw_json_dec_pairs[201];
/* The last 4 decimal digits of v (< 10000) into out, inline. */
static inline void rw_json_digits4(uint32_t v, char *out) {
  __builtin_memcpy(out, rw_json_dec_pairs + 2 * (v / 100), 2);
  __builtin_memcpy(out + 2, rw_json_dec_pairs + 2 * (v % 100), 2);
}
void rw_json_i64(rw_buf *b, int64_t v);
void rw_json_double(rw_buf *b, double v);   /* %.17g; NaN/Inf -> null */
/* Append `text` (one JSON value) re-encoded through the rules above.
 * Returns 0, or -1 if text is not one valid JSON value (nothing written). */
int rw_json_value_text(rw_buf *b, const char *text);

/* A value for StateChange old_value/new_value. */
typedef struct rw_value {
  uint8_t kind;       /* enum raceway_value_kind; RW_VALUE_JSON: text  */
  uint8_t size;       /* bytes, for SINT/UINT/FLOAT                    */
  uint8_t present;    /* 0: JSON null                                  */
  uint64_t bits;
  const char *json;   /* RW_VALUE_JSON: a JSON value as text           */
} rw_value;
#define RW_VALUE_JSON 100
void rw_json_value(rw_buf *b, const rw_value *v);
/* Room a value needs at rw_json_int_at (20 digits and a sign, rounded up:
 * whole copies). */
#define RW_JSON_INT_MAX 24
/* The last integer written through it, kept for the next value: the next
 * value at one site is mostly the same or one more.  Not shared between
 * threads (the encoder's, per site: transport/frag.h). */
typedef struct rw_json_memo {
  uint64_t mag;               /* the value's magnitude */
  uint64_t bits;              /* ... as recorded (kind, size): the same  */
  uint8_t kind, size;         /* bits again need no conversion          */
  uint8_t neg, len;           /* len 0: none */
  char text[RW_JSON_INT_MAX];
} rw_json_memo;
/* v written at p when it is null or an integer (rw_json_value's bytes):
 * the end; NULL for other kinds (nothing written: use rw_json_value).
 * m: a memo to use and update, or NULL. */
char *rw_json_int_at(char *p, const rw_value *v, rw_json_memo *m);

#endif
