/*
 * slots.h - the registry of thread slots (runtime/capture/slots.c).
 *
 * Every thread that records gets a dense slot number (>= 1) and an entry
 * here: its name, its ring and whether it ended.  The transport layer
 * reads entries in slot order to drain the rings.  Entries live in chunks
 * that are allocated once and never freed, so an entry (its name above
 * all) stays valid for the whole run; a slot is never reused, so
 * (slot, seq) names an event uniquely.
 */
#ifndef RW_SLOTS_H
#define RW_SLOTS_H

#include <stdatomic.h>
#include <stdint.h>

#include "capture/ring.h"

/* The 22-bit limit matches the slot field of event ids (ids.c). */
#define RW_SLOTS_MAX (1u << 22)

typedef struct rw_slot {
  char name[24];            /* "pid:tid", valid for the whole run        */
  _Atomic(rw_ring *) ring;  /* the thread's ring; the flusher retires it
                               (keeping the header) once `exited` is set;
                               atomic: stats read it from any thread     */
  _Atomic int exited;       /* the thread detached (or is gone: fork)    */
  void *fstate;             /* the transport's per-thread state          */
} rw_slot;

/* A new slot for the calling thread, named "pid:os_tid", holding ring;
 * 0 when slots or memory ran out. */
uint32_t rw_slots_claim(uint32_t os_tid, rw_ring *ring);
/* The entry of a registered slot, or NULL. */
rw_slot *rw_slots_get(uint32_t slot);
/* One past the highest slot handed out so far. */
uint32_t rw_slots_end(void);
/* "pid:tid" of a slot (valid for the whole run) or NULL. */
const char *rw_slots_name(uint32_t slot);
/* Rename a slot's thread and give it a new ring (the fork child's
 * thread keeps its slot). */
void rw_slots_renew(uint32_t slot, uint32_t os_tid, rw_ring *ring);

/* fork child: every slot but `keep` (0: none) belongs to a thread that
 * does not exist here; mark it exited. */
void rw_slots_after_fork(uint32_t keep);

#endif
