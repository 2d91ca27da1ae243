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

/* Append record r of thread `slot` as its kind object. */
void rw_kind_encode(rw_buf *b, uint32_t slot, const rw_rec *r);
/* A lock record's lock_id (its name, or "<kind>@0x<addr>[#gen]"). */
void rw_kind_lock_id(const rw_rec *r, char *out, size_t len);

#endif
