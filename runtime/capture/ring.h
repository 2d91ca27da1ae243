/*
 * ring.h - per-thread event records and the single-producer /
 * single-consumer ring that carries them to the flusher (runtime/ring.c).
 *
 * The owning application thread is the only producer; the flusher thread is
 * the only consumer.  head and tail are C11 atomics with acquire/release
 * only.  Records are 64 bytes, one cache line.  The last 1/8 of the ring is
 * reserved for synchronisation records (lock, spawn, await, fence) so a
 * burst of data accesses cannot starve the events that order them, and
 * its last few records for critical ones (a race_detected event and the
 * access it names): a ring kept full by the application (every lock event
 * is a synchronisation record) must still carry its races.
 *
 * A ring starts small (RW_RING_START records, mapped on the first push so
 * threads that never record cost nothing) and is resized when the producer
 * finds it full: grown straight to RACEWAY_MAX_BUFFERED (or the largest
 * size that fits) while the flusher keeps up and all rings together stay
 * under 1/16 of the memory budget; halved, down to the start, while the
 * flusher is behind (rw_ring_set_behind: longer rings would only hold
 * events it cannot send).  A resized ring is a new segment: the producer
 * writes there from the position where it changed, the consumer finishes
 * the older segment first and unmaps it (start-size and full-size
 * mappings are kept for the next rings instead, up to a bound).  So a
 * burst in a program with a few threads finds full-size rings, and 50
 * threads that all outrun the flusher do not pay 50 full rings, and the
 * extras riding on their records, for events that are dropped anyway (the
 * banking demo, a thread per connection: 107 MB over its start before;
 * bench/RESULTS.md).
 */
#ifndef RW_RING_H
#define RW_RING_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

enum rw_rec_type {
  RW_REC_ACCESS = 1,  /* StateChange from a pass site            */
  RW_REC_LOCK,        /* LockAcquire / LockRelease               */
  RW_REC_SPAWN,       /* AsyncSpawn                              */
  RW_REC_AWAIT,       /* AsyncAwait                              */
  RW_REC_FENCE,       /* MemoryFence                             */
  RW_REC_FUNC,        /* FunctionCall from a func site           */
  RW_REC_JSON         /* any kind, pre-encoded in ext->json      */
};

enum rw_rec_flags {
  RW_RECF_HAS_OLD = 1u << 0,   /* a = old value                       */
  RW_RECF_ACQUIRE = 1u << 1,   /* lock record: acquire, else release  */
  RW_RECF_PC = 1u << 2,        /* site is a code address, not a site  */
  RW_RECF_TEXT = 1u << 3       /* site is an interned location text   */
};

/* Rare per-event extras: taken by the producer from its ring segment's
 * extras area (rw_ring_ext_alloc), or malloc'd when too large for it;
 * freed by the flusher in ring order. */
enum rw_ext_flags {
  RW_EXT_PARENT = 1u << 0,     /* explicit parent (parent_slot, seq)  */
  RW_EXT_VC = 1u << 1,         /* clock entries that grew: vc holds
                                  (slot, epoch) pairs, by slot         */
  RW_EXT_TRACE = 1u << 2,      /* the thread switched trace here      */
  RW_EXT_FIRST = 1u << 3,      /* the first event of a thread in its
                                  slot (a reused slot: a new thread)  */
  RW_EXT_SPAWN_LOST = 1u << 4, /* a spawn was dropped just before this
                                  record: the thread's previous record
                                  is its child's parent (capture.h)    */
  RW_EXT_PARENT_BEFORE = 1u << 5 /* the explicit parent is an event
                                  before a dropped spawn, not the spawn
                                  (capture.h: rw_capture_spawn_parent)  */
};

typedef struct rw_ext {
  uint32_t flags;
  uint32_t charged;            /* bytes taken from the memory budget  */
  uint32_t parent_slot;
  uint64_t parent_seq;
  uint32_t nvc;                /* vc holds nvc (slot, epoch) pairs,
                                  the entries that grew (capture.c)   */
  uint64_t *vc;
  uint8_t trace_id[16];        /* RW_EXT_TRACE: the new trace         */
  uint8_t trace_root;          /* RW_EXT_TRACE: event is a new root   */
  char span_id[17];
  char upstream_span[17];
  char *clock_json;            /* RW_EXT_TRACE: the request's incoming
                                  raceway-clock as causality_vector items
                                  ("[\"c\",v],..."), malloc'd, or NULL  */
  char *json;                  /* RW_REC_JSON: {"Kind":{...}}         */
  uint64_t *args;              /* RW_REC_FUNC: copied argument bits   */
  struct rw_ring_seg *pool;    /* the segment whose extras area holds
                                  this block (NULL: malloc'd)          */
  uint64_t pool_end;           /* the area's position after the block */
  /* vc points here when allocated with the ext (capture.c): one block */
  uint64_t vc_inline[];
} rw_ext;

/* A new thread's ring, in records (16 KiB); smaller only if
 * RACEWAY_MAX_BUFFERED is.  With no room in the budget even for that, the
 * thread's events are dropped and counted. */
#define RW_RING_START 256
/* Segments alive at once in one ring (a power of two): the producer's and
 * those the consumer has not finished; seg[] is used round-robin. */
#define RW_RING_SEGS 8
/* Start-size mappings kept for new rings once their rings are done with
 * them (ring.c), not unmapped: 256 of 32 KiB (8 MiB). */
#define RW_RING_SPARE 256
/* Full-size mappings kept for the next rings that grow (ring.c): at most
 * this many, and this many bytes (8 of 1 MiB at the default 8192 events). */
#define RW_RING_SPARE_FULL 8
#define RW_RING_SPARE_FULL_BYTES (8u << 20)

void rw_ring_ext_free(rw_ext *e);

typedef struct rw_rec {
  uint8_t type;                /* enum rw_rec_type                    */
  uint8_t flags;               /* enum rw_rec_flags                   */
  uint8_t sub;                 /* lock kind                           */
  uint8_t pad;
  uint32_t aux;                /* lock generation; func: -            */
  uint64_t seq;                /* position in the thread's chain      */
  uint64_t ts;                 /* raw clock (clock.h)                 */
  const void *site;            /* raceway_site / func site / text /pc */
  uint64_t addr;               /* accessed address / lock / slot      */
  uint64_t a;                  /* old value / task id hi / child seq  */
  uint64_t b;                  /* new value / task id lo              */
  rw_ext *ext;                 /* NULL in the common case             */
} rw_rec;

_Static_assert(sizeof(rw_rec) == 64, "records must stay one cache line");

/* One mapping of records: positions [start, end) of the ring are stored
 * at recs[pos & (cap - 1)].  Written by the producer before it publishes a
 * record in it (head's release orders them); `end` is UINT64_MAX while the
 * producer still writes here. */
typedef struct rw_ring_seg {
  rw_rec *recs;                /* NULL: not mapped, or unmapped        */
  uint64_t cap;                /* power of two                        */
  uint64_t start;
  _Atomic uint64_t end;
  uint64_t charged;            /* bytes taken from the memory budget  */
  /* The extras of its records, in the same mapping after the records:
   * cap x RW_RING_XBYTES bytes used as a FIFO (exts are freed in ring
   * order), so they never come from malloc on the application thread
   * (glibc gives such threads arenas of their own, which kept the peak of
   * every thread's extras: 40 MB for 53 threads, bench/RESULTS.md). */
  uint8_t *xbuf;
  uint64_t xhead;              /* producer: bytes handed out so far    */
  _Atomic uint64_t xtail;      /* consumer: bytes given back so far    */
} rw_ring_seg;

/* Bytes of extras area per record of capacity: a ring can hold an ext
 * (120 bytes and its clock entries) on about every other record. */
#define RW_RING_XBYTES 64

typedef struct rw_ring {
  /* Producer side, written only by the producer (atomic so the flusher and
   * stats can read them without tearing).  Records offered so far =
   * head + dropped (rw_ring_produced): no per-record counter. */
  _Alignas(64) _Atomic uint64_t head;
  uint64_t tail_cache;         /* producer's last view of tail, never
                                  below its segment's start            */
  uint64_t drops_until_recheck;/* full: re-read tail after this many
                                  more drops, not on every one        */
  _Atomic uint64_t dropped;    /* offered but the ring was full       */
  _Atomic uint64_t reentered;  /* dropped: recorded from a signal handler
                                  that interrupted the runtime on this
                                  thread (counted as produced + dropped) */
  /* The producer's segment (a copy of seg[pseg]'s fields: the fast path
   * reads one line). */
  uint64_t cap;
  uint64_t data_limit;         /* data records fit while used < this  */
  uint64_t sync_limit;         /* synchronisation records: the same   */
  rw_rec *recs;                /* NULL until mapped                   */
  uint64_t max_cap;            /* RACEWAY_MAX_BUFFERED, rounded up    */
  uint64_t wake_at;            /* commit wakes the flusher from this
                                  many queued (half of a ring at its
                                  full size; never while it can grow)  */
  uint32_t pseg;               /* producer's segment: seg[pseg % SEGS]*/
  uint8_t map_failed;
  uint64_t xrefused;           /* extras refused for a full area (the
                                  flusher is woken on the 1st, 65th..) */
  /* Consumer side. */
  _Alignas(64) _Atomic uint64_t tail;
  _Atomic uint32_t cseg;       /* consumer's (oldest mapped) segment;
                                  the producer reuses older entries   */
  uint8_t retired;             /* drained after its thread exited     */
  char name[24];               /* its thread's "pid:tid": a reused slot
                                  is renamed while this ring drains   */
  struct rw_ring *gone_next;   /* slots.c: the slot's rings given up  */
  struct rw_ring *wait_next;   /* slots.c: the slot's next ended ring
                                  waiting to be drained                */
  rw_ring_seg seg[RW_RING_SEGS];
} rw_ring;

/* Records offered so far, kept or dropped (any thread). */
static inline uint64_t rw_ring_produced(rw_ring *r) {
  return atomic_load_explicit(&r->head, memory_order_acquire) +
         atomic_load_explicit(&r->dropped, memory_order_relaxed);
}

/* A ring that grows up to `cap` records (rounded up to a power of two,
 * >= 8), starting at RW_RING_START (or cap, if smaller); with no room in
 * the memory budget (common/budget.h) for that start, a ring that drops
 * (and counts) every record.  NULL if out of memory.  The record memory is
 * mapped on first use: tail_cache starts one ring behind so the first
 * reserve takes the slow path. */
rw_ring *rw_ring_create(uint64_t cap);
/* Consumer: pop every record left and free its extras, unsent; how many,
 * and *last the seq of the last (untouched if none). */
uint64_t rw_ring_discard(rw_ring *r, uint64_t *last);
/* Free the ring; the caller (the flusher) drained it and frees any ext. */
void rw_ring_destroy(rw_ring *r);
/* Unmap the records of a drained ring whose thread exited; the header
 * (and its counters) stays for the accounting. */
void rw_ring_retire(rw_ring *r);
/* Producer: a zeroed ext of `bytes` from the current segment's extras
 * area; NULL when the area has no room (the flusher is woken, see
 * rw_ring_set_wake) or bytes is over rw_ring_xmax (the caller mallocs
 * those). */
rw_ext *rw_ring_ext_alloc(rw_ring *r, size_t bytes);
/* The largest block the extras area gives: half of it.  A new thread's
 * first clock (16 bytes per thread it knows of) fits there up to about
 * 500 threads at the start size: taken from malloc instead, the first
 * clocks of a thread per request kept glibc's arenas at their peak (8 MiB
 * outstanding, 25-45 MB of arenas, bench/RESULTS.md). */
static inline uint64_t rw_ring_xmax(const rw_ring *r) { return r->cap * RW_RING_XBYTES / 2; }

/* Bytes of records mapped or charged for the ring now (tests, stats). */
uint64_t rw_ring_bytes(rw_ring *r);
/* The function that wakes the flusher (capture.c passes it on): a full
 * ring that cannot grow calls it, once per RW_RING_RECHECK_DROPS drops,
 * and a full extras area once per as many refusals. */
void rw_ring_set_wake(void (*wake)(void));
/* The flusher: 1 while it is behind (events were dropped at capture
 * during its last pass), 0 once a pass went by without drops.  Rings then
 * shrink when full instead of growing. */
void rw_ring_set_behind(int behind);

/* Slow path of the first reserve: map the records.  0, or -1 (then every
 * record is dropped and counted). */
int rw_ring_map(rw_ring *r);

/* While the ring is full, the producer re-reads the consumer's tail (a
 * cache line the flusher writes) only every this many drops. */
#define RW_RING_RECHECK_DROPS 64

/* Classes of record (rw_ring_reserve): each finds the ring full at its
 * own limit, data first, critical last. */
enum rw_ring_class { RW_RING_DATA, RW_RING_SYNC, RW_RING_CRITICAL };
/* Records of a ring at its size `cap` kept for RW_RING_CRITICAL alone. */
static inline uint64_t rw_ring_critical_room(uint64_t cap) {
  return cap / 16 < 16 ? cap / 16 : 16;
}

/* Slow path of reserve: the cached view says full.  Resizes the ring
 * when it is full (see above); NULL when it stays full. */
rw_rec *rw_ring_reserve_slow(rw_ring *r, int cls);
/* Whether a data record fits after `ahead` synchronisation records written
 * first: non-NULL if so (nothing reserved: the caller writes them all with
 * rw_ring_reserve), NULL when it does not, counted as one drop.  Looks at
 * the tail, resizes and drops as reserve_slow does. */
rw_rec *rw_ring_fits_after(rw_ring *r, uint64_t ahead);
/* Producer: records of class cls that fit now (re-reads the tail). */
uint64_t rw_ring_room(rw_ring *r, int cls);
/* Consumer: the segment holding position `tail` once it passed the end of
 * the current one; unmaps the segments it left. */
rw_ring_seg *rw_ring_next_seg(rw_ring *r, uint64_t tail);
/* Producer: the consumer's tail as seen now, never below the producer's
 * segment (older segments' records do not take its room). */
uint64_t rw_ring_seen_tail(rw_ring *r);

/*
 * Producer: a slot for one record, or NULL when the ring is full for this
 * class of record (counted as dropped).  Fill it, then rw_ring_commit.
 * Cost when there is room: two loads, one compare; no store until commit.
 * The acquire load of tail happens only when the cached view says "full".
 */
static inline uint64_t rw_ring_limit(const rw_ring *r, int cls) {
  return cls == RW_RING_DATA ? r->data_limit : cls == RW_RING_SYNC ? r->sync_limit : r->cap;
}
/* 1 if the producer's cached view says a data record does not fit after
 * `ahead` records written first. */
static inline int rw_ring_data_full(const rw_ring *r, uint64_t ahead) {
  return atomic_load_explicit(&r->head, memory_order_relaxed) + ahead - r->tail_cache >=
         r->data_limit;
}
static inline rw_rec *rw_ring_reserve(rw_ring *r, int cls) {
  uint64_t head = atomic_load_explicit(&r->head, memory_order_relaxed);
  if (__builtin_expect(head - r->tail_cache >= rw_ring_limit(r, cls), 0))
    return rw_ring_reserve_slow(r, cls);
  return &r->recs[head & (r->cap - 1)];
}

/* Give back a reserved record that will not be published: the next
 * reserve reuses its slot; it counts as dropped. */
static inline void rw_ring_cancel(rw_ring *r) {
  atomic_store_explicit(&r->dropped,
      atomic_load_explicit(&r->dropped, memory_order_relaxed) + 1,
      memory_order_relaxed);
}

/* Publish the reserved record; returns the number of records now queued. */
static inline uint64_t rw_ring_commit(rw_ring *r) {
  uint64_t head = atomic_load_explicit(&r->head, memory_order_relaxed) + 1;
  atomic_store_explicit(&r->head, head, memory_order_release);
  return head - r->tail_cache;
}

/* Consumer: the oldest record or NULL; rw_ring_pop releases it.  A
 * position past the head's acquire load was written with its segment. */
static inline const rw_rec *rw_ring_peek(rw_ring *r) {
  uint64_t tail = atomic_load_explicit(&r->tail, memory_order_relaxed);
  if (tail == atomic_load_explicit(&r->head, memory_order_acquire))
    return 0;
  rw_ring_seg *s = &r->seg[atomic_load_explicit(&r->cseg, memory_order_relaxed) %
                           RW_RING_SEGS];
  if (__builtin_expect(tail >= atomic_load_explicit(&s->end, memory_order_relaxed), 0))
    s = rw_ring_next_seg(r, tail);
  return &s->recs[tail & (s->cap - 1)];
}

/* Consumer: the record at position pos, tail <= pos < head (an acquire
 * load of head), without popping (the encoder's look-ahead); NULL if its
 * segment is not mapped. */
static inline const rw_rec *rw_ring_at(rw_ring *r, uint64_t pos) {
  uint32_t i = atomic_load_explicit(&r->cseg, memory_order_relaxed);
  while (pos >= atomic_load_explicit(&r->seg[i % RW_RING_SEGS].end, memory_order_relaxed))
    i++;
  rw_ring_seg *s = &r->seg[i % RW_RING_SEGS];
  return s->recs ? &s->recs[pos & (s->cap - 1)] : 0;
}
static inline void rw_ring_pop(rw_ring *r) {
  uint64_t tail = atomic_load_explicit(&r->tail, memory_order_relaxed);
  atomic_store_explicit(&r->tail, tail + 1, memory_order_release);
}
/* Records queued now (consumer's view). */
static inline uint64_t rw_ring_used(rw_ring *r) {
  return atomic_load_explicit(&r->head, memory_order_acquire) -
         atomic_load_explicit(&r->tail, memory_order_relaxed);
}

#endif
