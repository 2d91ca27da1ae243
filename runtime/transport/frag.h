/*
 * frag.h - the constant parts of events, encoded once (flusher thread
 * only; runtime/transport/frag.c).
 *
 * An access event's kind object is {"StateChange":{"variable":NAME,
 * "old_value":V,"new_value":V,"location":LOC,"access_type":"T"}}: only the
 * values change between events of one site.  Its head (up to the old
 * value) and tail (from the location on) are kept per site, and a thread's
 * metadata block per thread.  The bytes are those of the uncached
 * encoder: the same functions (common/wire.h) write them.
 */
#ifndef RW_FRAG_H
#define RW_FRAG_H

#include <stddef.h>
#include <stdint.h>

#include "capture/ring.h"
#include "common/wire.h"
#include "raceway/abi.h"

/* An access's fragments: text[0, head) and text[head, head + tail). */
typedef struct rw_frag {
  const char *text;
  uint32_t head, tail;
} rw_frag;

/* The fragments of an access of site s at addr, or NULL (caching off, too
 * long, no memory or budget): then encode it the long way. */
const rw_frag *rw_frag_site(const raceway_site *s, uintptr_t addr);

/* A thread's metadata block, valid while its inputs stay the same. */
typedef struct rw_frag_meta {
  char *text;        /* NULL: none yet */
  size_t len;
  uint32_t pid;
  const char *service, *environment;
  char thread[24], span[17], upstream[17];
} rw_frag_meta;

/* The metadata block of m (rw_wire_metadata's bytes) and its length, or
 * NULL: then encode it the long way.  m->thread_id must point to a whole
 * 24-byte name array (a ring's, capture/ring.h), compared as such. */
const char *rw_frag_meta_get(rw_frag_meta *c, const rw_meta *m, size_t *len);
void rw_frag_meta_free(rw_frag_meta *c);

/* A record's location (lock, spawn, await, fence) as a JSON string,
 * appended to b: kept per location once encoded. */
void rw_frag_location(rw_buf *b, const rw_rec *r);

/* A lock record's id (as rw_label_lock spells it, and as a JSON string)
 * and whole kind object ({"LockAcquire":{...}}), valid until the next
 * call; NULL: caching off, too long, no memory or budget. */
typedef struct rw_frag_lock {
  const char *id;
  const char *id_json;
  uint32_t id_json_len;
  const char *kind;
  uint32_t kind_len;
} rw_frag_lock;
const rw_frag_lock *rw_frag_lock_get(const rw_rec *r);
/* A lock record's kind object appended to b, kept or the long way. */
void rw_frag_lock_kind(rw_buf *b, const rw_rec *r);

/* Tests: 0 turns caching off (every call above returns NULL). */
void rw_frag_set_enabled(int on);
/* Bytes held now (entries table and texts). */
uint64_t rw_frag_bytes(void);

#endif
