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

/* An access's fragments: text[0, head) and text[head, head + tail), and
 * the last integer value encoded at this site and object (json.h: the
 * next one is mostly it, or it plus one), for the encoder to use. */
typedef struct rw_frag {
  const char *text;
  uint32_t head, tail;
  rw_json_memo value;
} rw_frag;

/* The fragments of an access of site s at addr, or NULL (caching off, too
 * long, no memory or budget): then encode it the long way. */
rw_frag *rw_frag_site(const raceway_site *s, uintptr_t addr);

/* A thread's metadata block, valid while its inputs stay the same. */
typedef struct rw_frag_meta {
  char *text;        /* NULL: none yet */
  size_t len;
  uint32_t pid;
  const char *service, *environment;
  char thread[24], span[17], upstream[17];
} rw_frag_meta;

/* Caching on (rw_frag_set_enabled). */
extern int rw_frag_on;

/* rw_frag_meta_get when c is not m's block yet: encode it. */
const char *rw_frag_meta_make(rw_frag_meta *c, const rw_meta *m, size_t *len);

/* The metadata block of m (rw_wire_metadata's bytes) and its length, or
 * NULL: then encode it the long way.  m->thread_id must point to a whole
 * 24-byte name array (a ring's, capture/ring.h), compared as such (the
 * bytes after its NUL stay as they are for the ring's life); span ids
 * are mostly empty.  Inline: every event asks. */
static inline const char *rw_frag_meta_get(rw_frag_meta *c, const rw_meta *m, size_t *len) {
  const char *sp = m->span_id ? m->span_id : "", *up = m->upstream_span ? m->upstream_span : "";
  if (c->text && rw_frag_on && !m->instance_id && m->thread_id &&
      c->pid == m->process_id && c->service == m->service_name &&
      c->environment == m->environment &&
      __builtin_memcmp(c->thread, m->thread_id, sizeof c->thread) == 0 &&
      c->span[0] == sp[0] && (!sp[0] || __builtin_strcmp(c->span, sp) == 0) &&
      c->upstream[0] == up[0] && (!up[0] || __builtin_strcmp(c->upstream, up) == 0)) {
    *len = c->len;
    return c->text;
  }
  return rw_frag_meta_make(c, m, len);
}
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
