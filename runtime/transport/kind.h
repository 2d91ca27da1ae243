/*
 * kind.h - one ring record's kind object (runtime/transport/kind.c).
 * Flusher thread only.
 */
#ifndef RW_KIND_H
#define RW_KIND_H

#include <stddef.h>
#include <stdint.h>

#include "capture/ring.h"
#include "common/buf.h"
#include "transport/frag.h"

/* Append record r of thread `slot` as its kind object. */
void rw_kind_encode(rw_buf *b, uint32_t slot, const rw_rec *r);
/* An access record's fragments (frag.h), or NULL: then rw_kind_encode. */
rw_frag *rw_kind_access_frag(const rw_rec *r);
/* Room rw_kind_access_at needs with fragments f. */
#define RW_KIND_ACCESS_ROOM(f) ((f)->head + (f)->tail + 2 * RW_JSON_INT_MAX + 16)
/* Access record r's kind object written at p (room as above) from its
 * fragments f: its end, or NULL when a value is not an integer (then
 * nothing counts as written: use rw_kind_encode). */
char *rw_kind_access_at(char *p, const rw_rec *r, rw_frag *f);
/* A lock record's lock_id (its name, or "<kind>@0x<addr>[#gen]"). */
void rw_kind_lock_id(const rw_rec *r, char *out, size_t len);

#endif
