/*
 * uuid.c - UUID text: the 36-character form events carry, and every form
 * the server's uuid crate accepts when parsing (wire spec 2.5).
 */
#include "common/uuid.h"

#include <string.h>


static int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

int rw_uuid_hex_decode(const char *s, size_t n, uint8_t *out) {
  for (size_t i = 0; i < n; i += 2) {
    int hi = hex_value(s[i]), lo = hex_value(s[i + 1]);
    if (hi < 0 || lo < 0) return -1;
    out[i / 2] = (uint8_t)(hi << 4 | lo);
  }
  return 0;
}


/* Each byte's two hex digits: one 2-byte copy per byte of an id (the
 * encoder formats one to three UUIDs per event). */
#define HEX_ROW(h) h "0" h "1" h "2" h "3" h "4" h "5" h "6" h "7" \
                   h "8" h "9" h "a" h "b" h "c" h "d" h "e" h "f"
static const char kHexPairs[513] =
    HEX_ROW("0") HEX_ROW("1") HEX_ROW("2") HEX_ROW("3") HEX_ROW("4") HEX_ROW("5")
    HEX_ROW("6") HEX_ROW("7") HEX_ROW("8") HEX_ROW("9") HEX_ROW("a") HEX_ROW("b")
    HEX_ROW("c") HEX_ROW("d") HEX_ROW("e") HEX_ROW("f");

void rw_uuid_format(const uint8_t id[16], char out[37]) {
  /* Where byte i goes in 8-4-4-4-12. */
  static const uint8_t at[16] = {0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34};
  for (int i = 0; i < 16; i++)
    memcpy(out + at[i], kHexPairs + 2 * id[i], 2);
  out[8] = out[13] = out[18] = out[23] = '-';
  out[36] = '\0';
}

void rw_uuid_hex_encode(const uint8_t *in, size_t n, char *out) {
  for (size_t i = 0; i < n; i++)
    memcpy(out + 2 * i, kHexPairs + 2 * in[i], 2);
}

/* 8-4-4-4-12 hex with hyphens, exactly 36 characters. */
static int parse_hyphenated(const char *s, uint8_t id[16]) {
  static const int kGroups[5] = {8, 4, 4, 4, 12};
  char simple[32];
  size_t n = 0;
  for (int g = 0; g < 5; g++) {
    for (int i = 0; i < kGroups[g]; i++) simple[n++] = *s++;
    if (g < 4 && *s++ != '-') return -1;
  }
  return rw_uuid_hex_decode(simple, 32, id);
}

/*
 * The forms uuid 1.x Uuid::parse_str accepts (wire spec 2.5), chosen by
 * length as it does: simple (32), hyphenated (36), braced (38) and
 * "urn:uuid:" + hyphenated (45).  Any case of hex; the urn prefix is
 * lowercase only, as in that crate.
 */
int rw_uuid_parse(const char *text, uint8_t id[16]) {
  if (!text) return -1;
  size_t len = strnlen(text, 46);
  uint8_t tmp[16];
  int rc = -1;
  switch (len) {
  case 32:
    rc = rw_uuid_hex_decode(text, 32, tmp);
    break;
  case 36:
    rc = parse_hyphenated(text, tmp);
    break;
  case 38:
    if (text[0] == '{' && text[37] == '}') rc = parse_hyphenated(text + 1, tmp);
    break;
  case 45:
    if (memcmp(text, "urn:uuid:", 9) == 0) rc = parse_hyphenated(text + 9, tmp);
    break;
  }
  if (rc == 0) memcpy(id, tmp, 16);
  return rc;
}
