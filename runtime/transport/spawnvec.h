/*
 * spawnvec.h - the spawner's causality vector as of each spawn event put
 * in a batch (runtime/transport/spawnvec.c).  A thread's first event has
 * its spawn as parent, but by the time the flusher encodes it the spawner
 * has usually gone on (its ring is drained first), so the encoder's
 * latest vector of the spawner is no longer the spawn's: kept here, the
 * child's first event sends only what the spawn's vector lacks
 * (rw_cvec_take_over), not its whole vector (one entry per thread slot
 * the spawner ever learned of).  The same for the children of spawns
 * dropped at a full ring: their parent is the spawner's event before
 * (capture.h), kept here too.  Flusher thread only.
 */
#ifndef RW_SPAWNVEC_H
#define RW_SPAWNVEC_H

#include <stdint.h>

#include "transport/cvec.h"

/* Spawns kept at once (the latest), and their vectors' bytes at most. */
#define RW_SPAWNVEC_N 64
#define RW_SPAWNVEC_BYTES (1u << 20)

/* The spawn event (slot, seq) was put in the batch at loss count gen
 * (rw_batch_losses) with v as its thread's vector, as the server has it.
 * shared: not a spawn but the spawner's event before dropped spawns
 * (capture.h: rw_capture_spawn_parent), the parent of all their children:
 * kept until it leaves the ring, not forgotten at its first use. */
void rw_spawnvec_keep(uint32_t slot, uint64_t seq, uint64_t gen, const rw_cvec *v,
                      int shared);
/* The vector kept for spawn (slot, seq) if nothing was lost since (gen is
 * the loss count now), else NULL.  Valid until the next call here. */
const rw_cvec *rw_spawnvec_find(uint32_t slot, uint64_t seq, uint64_t gen);
/* Its child's first event took it over: forget it (unless shared). */
void rw_spawnvec_used(uint32_t slot, uint64_t seq);
/* A fork child: event ids are keyed per process, nothing kept holds. */
void rw_spawnvec_after_fork(void);

#endif
