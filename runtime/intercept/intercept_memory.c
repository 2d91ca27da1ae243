/*
 * intercept_memory.c - free, realloc and munmap forget the shadow state,
 * sync objects and names inside the released block, so memory reused by a
 * later allocation starts clean (no false race with its previous owner,
 * no stale lock clock).  free() is first a write of the whole block by
 * the freeing thread: a tracked access it is not ordered after is a race
 * (rw_detector_free).
 *
 * These run on every free of the program, so they are cheap when nothing
 * tracked was ever near the block: the shadow table keeps the bounds of
 * the addresses it holds and a map of its pages; the sync-object and name
 * tables index the pages that hold entries now (common/addrset.h), so a
 * free visits only those pages of its block, and costs the same after a
 * million locks as after none (bench/free_cost.c).  Sync objects and names
 * inside the block are removed, not kept: the table holds what lives.
 * dlsym itself may call free before the real free is known: __libc_free
 * serves then.  free() reads the calling thread's record without
 * registering it (a thread with none recorded nothing to order).
 */
#include <malloc.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "detect/detector.h"
#include "detect/ranges.h"
#include "common/export.h"
#include "intercept/intercept.h"
#include "common/names.h"
#include "common/ialloc.h"
#include "common/rawalloc.h"

static __typeof__(free) *real_free;
static __typeof__(realloc) *real_realloc;
static __typeof__(munmap) *real_munmap;

/* The block is released by the calling thread (pc: its call): checked as
 * a write of every byte by that thread if it records, then forgotten. */
static void forget_block(void *p, size_t len, const void *pc) {
  rw_thread *t = rw_thread_self();
  if (t && !t->ignore && !t->in_runtime) {
    t->in_runtime = 1;
    rw_capture_settle(&t->cap);   /* the detector reads the held locks */
    rw_detector_free(&t->hb, t->cap.last, pc, (uintptr_t)p, len);
    t->in_runtime = 0;
  } else {
    rw_detector_forget((uintptr_t)p, len);
  }
  rw_sync_reset_range((uintptr_t)p, len);
  rw_names_forget((uintptr_t)p, len);
  rw_ranges_forget((uintptr_t)p, len);
}

/* A runtime block (common/ialloc.h) freed through free() or realloc():
 * its own allocator's, never the C library's (which would abort). */
#ifdef RW_RAWALLOC_IS_MALLOC
#define runtime_block(p) 0
#else
#define runtime_block(p) RW_UNLIKELY(rw_ia_owns(p))
#endif

RW_EXPORT void free(void *p) {
  if (runtime_block(p)) {
    rw_ia_free(p);
    return;
  }
  if (p)
    forget_block(p, malloc_usable_size(p), __builtin_return_address(0));
  if (RW_LIKELY(real_free != 0))
    real_free(p);
  else
    __libc_free(p);
}

/* The old block is forgotten before the call: once realloc returns,
 * another thread may already own the memory.  A block that stays in place
 * loses its history, which can only hide races, never invent one. */
RW_EXPORT void *realloc(void *p, size_t n) {
  if (runtime_block(p))
    return rw_ia_realloc(p, n);
  if (p)
    forget_block(p, malloc_usable_size(p), __builtin_return_address(0));
  if (RW_LIKELY(real_realloc != 0))
    return real_realloc(p, n);
  return __libc_realloc(p, n);
}

RW_EXPORT int munmap(void *addr, size_t len) {
  forget_block(addr, len, __builtin_return_address(0));
  if (RW_UNLIKELY(!real_munmap))
    real_munmap = (__typeof__(munmap) *)rw_icpt_real("munmap", 0);
  return real_munmap(addr, len);
}

__attribute__((constructor(101))) static void resolve_memory_functions(void) {
  real_free = (__typeof__(free) *)rw_icpt_real("free", 0);
  real_realloc = (__typeof__(realloc) *)rw_icpt_real("realloc", 0);
  real_munmap = (__typeof__(munmap) *)rw_icpt_real("munmap", 0);
}
