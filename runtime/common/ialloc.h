/*
 * ialloc.h - the runtime's own allocator for its internal memory
 * (runtime/common/ialloc.c), reached through rawalloc.h's rw_raw_*.
 *
 * Why not the C library's: with a thread per connection, glibc serves
 * each application thread from one of its per-thread arenas, so a
 * thread's clock, its join record and a wide first clock land in up to 16
 * arenas, are freed later by another thread, and leave holes the next
 * (wider) request does not fit: the arenas grew with the slot count, half
 * of them free memory glibc keeps (bench/RESULTS.md).  Like
 * sanitizer_common's internal allocator, this one never touches the
 * application's arenas: size classes over chunks of one reserved region,
 * a free list per class, freed blocks reused by the next block of their
 * class whichever thread frees or allocates.
 *
 * Bound: its resident memory is at most, per class, the most blocks of
 * that class live at once, plus one partly used chunk per class
 * (RW_IA_CLASSES x RW_IA_CHUNK); a free block of RW_IA_RELEASE bytes or
 * more gives its pages back (madvise), keeping one page, once its class
 * keeps RW_IA_WARM bytes of free blocks resident: those are taken first.
 * Releasing every such block cost a TLB shootdown and page faults per
 * request where one is freed and allocated per request (a request's
 * trace context, 8.7 KiB: a keep-alive server served a quarter of its
 * plain requests/s, bench/RESULTS.md); the free blocks kept resident
 * are at most 7 MiB (RW_IA_WARM in each of the 7 classes).  Blocks larger
 * than RW_IA_MAX, and every block once the region is used up, come from
 * the C library; rw_ia_free tells them apart by address.
 */
#ifndef RW_IALLOC_H
#define RW_IALLOC_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#define RW_IA_MIN_SHIFT 4                    /* smallest class: 16 bytes  */
#define RW_IA_MAX_SHIFT 20                   /* largest class: 1 MiB      */
#define RW_IA_CLASSES (RW_IA_MAX_SHIFT - RW_IA_MIN_SHIFT + 1)
#define RW_IA_MAX ((size_t)1 << RW_IA_MAX_SHIFT)
#define RW_IA_CHUNK ((size_t)256 << 10)      /* made usable at a time     */
#define RW_IA_RELEASE ((size_t)16 << 10)     /* freed: pages given back   */
#define RW_IA_WARM ((size_t)1 << 20)         /* ... past this per class   */
#define RW_IA_REGION ((size_t)1 << 30)       /* address space reserved    */

/* The C library's allocator, named past any interposer (glibc exports
 * these; a sanitizer's malloc never sees them): blocks the region cannot
 * serve, and rawalloc.h's users that must bypass raceway's interceptors. */
extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t n);
extern void __libc_free(void *p);

void *rw_ia_malloc(size_t n);
void *rw_ia_calloc(size_t n, size_t size);
void *rw_ia_realloc(void *p, size_t n);
void rw_ia_free(void *p);
/* The region's start (NULL until first use); p is a block of this
 * allocator, not the C library's: inline, the free() interceptor asks. */
extern char *_Atomic rw_ia_base;
static inline int rw_ia_owns(const void *p) {
  const char *b = atomic_load_explicit(&rw_ia_base, memory_order_relaxed);
  return b && (const char *)p >= b && (const char *)p < b + RW_IA_REGION;
}

typedef struct rw_ia_stats {
  uint64_t mapped;     /* bytes of the region made usable (chunks)     */
  uint64_t live;       /* bytes of blocks in use, their classes' sizes */
  uint64_t kept;       /* bytes of free blocks kept for reuse          */
  uint64_t reused;     /* allocations served from a free list          */
  uint64_t fallback;   /* allocations served by the C library          */
} rw_ia_stats;
void rw_ia_get_stats(rw_ia_stats *out);

/* fork: hold every class's lock across it (prepare), release (parent and
 * child); registered before any handler that may allocate. */
void rw_ia_before_fork(void);
void rw_ia_after_fork(void);

#endif
