/*
 * uuid.c - UUID text: the 36-character form events carry, and every form
 * the server's uuid crate accepts when parsing (wire spec 2.5).
 */
#include "common/uuid.h"

#include <string.h>

static const char kHexDigits[] = "0123456789abcdef";

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


void rw_uuid_format(const uint8_t id[16], char out[37]) {
  char *p = out;
  for (int i = 0; i < 16; i++) {
    if (i == 4 || i == 6 || i == 8 || i == 10) *p++ = '-';
    *p++ = kHexDigits[id[i] >> 4];
    *p++ = kHexDigits[id[i] & 15];
  }
  *p = '\0';
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
