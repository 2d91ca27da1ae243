/*
 * slots.h - the registry of thread slots (runtime/capture/slots.c).
 *
 * Every thread that records gets a dense slot number (>= 1) and an entry
 * here: its name, its ring and whether it ended.  The transport layer
 * reads entries in slot order to drain the rings.  Entries live in chunks
 * that are allocated once and never freed.
 *
 * A slot is reused, so that memory and vector clocks grow with the threads
 * alive, not with every thread a long-running service ever created: a new
 * thread takes the slot of an ended one if the new thread's initial clock
 * already covers the old one's final epoch (it was created after someone
 * joined the old thread).  The old thread's ring, if not drained yet,
 * joins the slot's rings waiting for the flusher (prev_ring, oldest first,
 * linked by wait_next), which are drained before the new thread's: a
 * flusher that is behind (paced, held) never makes a thread take a new
 * slot.  (Until 2026-12-01 a slot whose older ring was not drained was
 * passed over below 256 slots: a thread per connection took 256 slots for
 * 50 connections, their clocks as wide.)  At most RW_SLOTS_WAITING_MAX
 * rings wait in all slots together, plus one per slot, and at most
 * RW_SLOTS_PAST in one slot (so that each waiting ring's thread is still
 * one the slot remembers by name: a vector entry at one of its epochs is
 * named, rw_slots_occupants).  A slot that has that many waiting is passed
 * over while there are fewer than RW_SLOTS_GIVE_UP slots (a new slot costs
 * a clock entry, not events); past that, the reused slot's oldest waiting
 * ring is given up (moved to the slot's
 * `gone` list, whose undrained records the flusher drops and counts before
 * it drains the slot's other rings), so ring headers, slots, their clocks
 * and the encoder's per-slot state stay bounded by the threads alive, not
 * by how far the flusher is behind (a slot per thread was 338 MB for
 * 100,000 short threads).  The
 * new thread continues the slot's epoch and seq, so (slot, seq) still
 * names one event and a slot's epochs only grow: nothing the old thread
 * did looks ordered where it was not.
 *
 * A detached thread is never joined, so no clock covers its end: its slot
 * is "unjoinable"; so is one whose joinable thread ended long ago and was
 * not joined (presumed leaked: RW_SLOTS_LEAKED_AGE).  Once
 * RW_SLOTS_SWEEP_MIN or more wait (rt/sweep.c says
 * how many), one sweep forgets what refers to their ended threads (shadow
 * entries, sync objects' single-thread shortcuts) and marks them swept:
 * then any thread may take them.  Without that, a thread that learns the
 * new occupant's epochs would seem to know the old one's accesses.  A
 * slot being swept is taken by nobody.
 */
#ifndef RW_SLOTS_H
#define RW_SLOTS_H

#include <stdatomic.h>
#include <stdint.h>

#include "capture/ring.h"
#include "hb/vclock.h"

/* The 22-bit limit matches the slot field of event ids (ids.c). */
#define RW_SLOTS_MAX (1u << 22)
/* Earlier occupants' names a slot keeps (128 bytes). */
#define RW_SLOTS_PAST 4

typedef struct rw_slot {
  char name[24];            /* "pid:tid", valid for the whole run        */
  _Atomic uint32_t name_seq;/* odd while a new thread renames the slot   */
  _Atomic(rw_ring *) ring;  /* the thread's ring; the flusher retires it
                               (keeping the header) once `exited` is set;
                               atomic: stats read it from any thread     */
  _Atomic(rw_ring *) prev_ring; /* the oldest of a reused slot's earlier
                               rings waiting to be drained (the rest
                               follow by wait_next); changed under the
                               lock                                     */
  rw_ring *wait_tail;       /* the newest of them, under the lock        */
  uint8_t nwait;            /* how many (at most RW_SLOTS_PAST)          */
  _Atomic(rw_ring *) gone;  /* rings given up, oldest first; changed
                               under the lock                           */
  _Atomic int exited;       /* the thread detached (or is gone: fork)    */
  void *fstate;             /* the transport's per-thread state          */
  _Atomic uint32_t occupant;/* bumped when a new thread takes the slot:
                               the transport resets its state            */
  uint64_t final_epoch;     /* left by the last occupant (rw_slots_release) */
  uint64_t next_seq;
  uint64_t last_seq;        /* the last occupant's last event (0: none):
                               seqs between are dropped records          */
  uint64_t first_epoch;     /* the occupant's first epoch                */
  uint8_t covered;          /* its start clock covered the previous
                               occupant's end (a join, not a sweep)     */
  /* Earlier occupants, newest first, renamed under name_seq: a race
   * found (or printed) after the slot was reused names the thread that
   * made the access, not the slot's present one (rw_slots_name_at); the
   * wire names a vector entry after the thread whose epochs hold it
   * (rw_slots_occupants). */
  struct rw_slot_past {
    uint64_t first_epoch;
    char name[24];
    uint8_t covered;
  } past[RW_SLOTS_PAST];
  /* Reuse without a covering clock (see above), under the lock. */
  uint8_t queued;           /* on the free queue                         */
  uint8_t unjoinable;       /* its ended thread was detached, or is
                               presumed leaked                          */
  uint8_t sweeping;         /* in the sweep running now: not taken       */
  uint8_t swept;            /* its ended threads forgotten: free to all  */
  uint64_t released_at;     /* claims made before its thread ended       */
} rw_slot;

/* Ended threads' rings that wait for the flusher behind a newer thread of
 * their slot, in all slots together (plus one per slot): past this, a
 * reused slot's oldest waiting ring is given up.  A flusher that is behind
 * costs events (counted as dropped), not a slot per thread. */
#define RW_SLOTS_WAITING_MAX 256u

/* Below this many slots, a free slot whose waiting rings are at their cap
 * is passed over (the thread takes a new slot, nothing is dropped); from
 * it on, it is reused and its oldest waiting ring given up. */
#define RW_SLOTS_GIVE_UP 256u

/* Free slots kept for reuse; a slot released past this is not reused. */
#define RW_SLOTS_FREE_MAX 4096

/* A joinable thread that ended this many slot claims ago and whose slot
 * none of them could take (no new thread's start clock covered its end:
 * usually it was never joined) is presumed leaked: its slot waits for a
 * sweep as a detached thread's does.  A later join still works (the join record keeps its
 * final clock, whose entry for the slot is below every epoch of the
 * slot's later threads) but, as for a detached thread, a race between its
 * accesses and later ones is not reported once it is swept.  Large enough
 * that a thread per connection joined by a polling loop is not presumed
 * leaked (libmicrohttpd: 2,086 of 1.8M claims found such a thread not
 * joined yet), small enough that leaked threads keep about that many
 * slots, not one each. */
#define RW_SLOTS_LEAKED_AGE 1024u

/* Unjoinable slots that wait before a sweep is worth it (rt/sweep.c may
 * ask for more). */
#define RW_SLOTS_SWEEP_MIN 64u

/* A slot for the calling thread, named "pid:os_tid", holding ring: a
 * reusable one if `start` (the thread's initial clock, NULL if none) allows
 * or it was swept (see above), else a new one.  *epoch and *seq get what the thread starts
 * at (0 and 1 in a new slot; the old occupant's final epoch + 1 and its
 * next seq in a reused one).  0 when slots or memory ran out. */
uint32_t rw_slots_claim(uint32_t os_tid, rw_ring *ring, const rw_vc *start,
                        uint64_t *epoch, uint64_t *seq);
/* The slot's thread ends at final_epoch, its next event would have had
 * next_seq: the slot can be reused once its ring is drained.  With no
 * flusher ever started (RACEWAY_SEND=none) an empty ring is freed now. */
void rw_slots_release(uint32_t slot, uint64_t final_epoch, uint64_t next_seq);
/* The last event the slot's thread recorded (0: none), set before
 * rw_slots_release and read by the next occupant (rw_slots_last): what a
 * join of that one names while it has recorded nothing.  Not next_seq - 1:
 * records dropped at a full ring keep their seqs. */
void rw_slots_set_last(uint32_t slot, uint64_t seq);
uint64_t rw_slots_last(uint32_t slot);
/* The thread that ended in slot at final_epoch was detached (at its end
 * or later): no join will cover it, its slot waits for a sweep. */
void rw_slots_unjoinable(uint32_t slot, uint64_t final_epoch);
/* If at least `min` unjoinable slots wait (not taken by a sweep that runs
 * now): marks them being swept and returns their number, *list (rawalloc'd)
 * their slots.
 * The caller forgets their threads, then calls rw_slots_sweep_end with
 * done = 1 (0: it could not; they wait for the next one). */
uint32_t rw_slots_sweep_begin(uint32_t min, uint32_t **list);
void rw_slots_sweep_end(uint32_t *list, uint32_t n, int done);
/* Sweeps done so far (the RACEWAY_DEBUG exit line). */
uint64_t rw_slots_sweeps(void);
/* Flusher: ring (the slot's ring or prev_ring) belongs to a thread that
 * ended and is drained: fold its counts into the totals and free it. */
void rw_slots_retire_ring(uint32_t slot, rw_ring *ring);
/* Flusher: the oldest ring given up in slot (NULL: none).  The flusher
 * pops what it still holds, then calls rw_slots_reap with their number:
 * they count as dropped, and the ring is freed. */
rw_ring *rw_slots_gone(uint32_t slot);
void rw_slots_reap(uint32_t slot, rw_ring *ring, uint64_t popped);
/* The flusher starts: from now on it reaps the rings given up.  Before
 * (none ever started: RACEWAY_SEND=none), nothing drains a ring, every
 * reuse gives one up, and they are freed at once. */
void rw_slots_set_reaper(void);
/* Rings given up so far (the RACEWAY_DEBUG exit line). */
uint64_t rw_slots_given_up(void);
/* Why a thread took a new slot (the RACEWAY_DEBUG exit line): no free
 * slot; free ones but the thread has no start clock (not created through
 * pthread_create / thrd_create) and none was swept; no free one was
 * covered by its start clock (their threads not joined yet when it was
 * created), all looked at, or only the oldest 64 of more; they were
 * being swept; or the covered ones had their waiting rings at the cap
 * (below RW_SLOTS_GIVE_UP slots). */
enum { RW_SLOT_NEW_EMPTY, RW_SLOT_NEW_NO_START, RW_SLOT_NEW_UNJOINED, RW_SLOT_NEW_UNSEEN,
       RW_SLOT_NEW_SWEEPING, RW_SLOT_NEW_BEHIND, RW_SLOT_NEW_REASONS };
typedef struct rw_slots_stats {
  uint64_t made[RW_SLOT_NEW_REASONS];   /* new slots, by reason          */
  uint64_t waited;                      /* slots reused while an older
                                           ring of theirs still waited
                                           (before: a new slot)         */
  uint32_t waiting_peak;                /* most such rings at once       */
  uint64_t leaked;                      /* ended threads presumed leaked */
} rw_slots_stats;
void rw_slots_get_stats(rw_slots_stats *out);
/* Records offered and dropped over every ring, live, given up or retired
 * (any thread; `reentered` counts as both). */
void rw_slots_counts(uint64_t *produced, uint64_t *dropped);
/* The entry of a registered slot, or NULL. */
rw_slot *rw_slots_get(uint32_t slot);
/* One past the highest slot handed out so far. */
uint32_t rw_slots_end(void);
/* "pid:tid" of a slot (valid for the whole run) or NULL. */
const char *rw_slots_name(uint32_t slot);
/* The same, copied whole (never half the old name and half the new one
 * while a new thread takes the slot); 0 if none. */
int rw_slots_name_copy(uint32_t slot, char out[24]);
/* The name of the thread of slot that ran at `epoch` (occupants' epochs
 * never overlap: a new one starts past the last one's final epoch): the
 * present occupant's, or one of the last RW_SLOTS_PAST earlier ones'; 0
 * if it is older than those (or no slot). */
int rw_slots_name_at(uint32_t slot, uint64_t epoch, char out[24]);
/* One thread of a slot: its name and first epoch. */
typedef struct rw_slot_occ {
  uint64_t first_epoch;
  char name[24];
} rw_slot_occ;
/* The thread of slot that ran at `epoch` (out[0], as rw_slots_name_at)
 * and, while each one's start covered the end of the one before (it was
 * created after a join of it, so whoever knows its epochs knows all of
 * the earlier thread's), those earlier threads, newest first: the final
 * epoch of out[i] is out[i - 1].first_epoch - 1.  At most max; returns
 * how many (0: none kept). */
uint32_t rw_slots_occupants(uint32_t slot, uint64_t epoch, rw_slot_occ *out, uint32_t max);
/* Rename a slot's thread, whose epochs start at first_epoch, and give it
 * a new ring (the fork child's thread keeps its slot); the earlier name
 * goes to the slot's past.  covered: the thread's start clock covers the
 * earlier thread's end (rw_slots_occupants). */
void rw_slots_renew(uint32_t slot, uint32_t os_tid, rw_ring *ring, uint64_t first_epoch,
                    int covered);

/* fork child: every slot but `keep` (0: none) belongs to a thread that
 * does not exist here; mark it exited. */
void rw_slots_after_fork(uint32_t keep);

#endif
