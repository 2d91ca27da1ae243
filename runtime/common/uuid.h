/*
 * uuid.h - UUID bytes <-> text (runtime/common/uuid.c).  Pure functions.
 */
#ifndef RW_UUID_H
#define RW_UUID_H

#include <stddef.h>
#include <stdint.h>

/* 36-char lowercase hyphenated text (out: 37 bytes). */
void rw_uuid_format(const uint8_t id[16], char out[37]);
/* Any form the server accepts.  0 ok, -1 bad. */
int rw_uuid_parse(const char *text, uint8_t id[16]);
/* n hex digits (n even, any case) -> n/2 bytes.  0 ok, -1 on a non-hex
 * digit. */
int rw_uuid_hex_decode(const char *s, size_t n, uint8_t *out);
/* n bytes -> 2n lowercase hex digits (no NUL). */
void rw_uuid_hex_encode(const uint8_t *in, size_t n, char *out);

#endif
