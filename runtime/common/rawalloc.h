/*
 * rawalloc.h - the runtime's allocator for its internal memory, bypassing
 * libraceway's own free/realloc interceptors (intercept_memory.c).
 *
 * Runtime-internal memory (vector clocks, sync objects, race records) is
 * allocated and freed here so that freeing it never re-enters the
 * interceptors, which take sync-table locks: a free from inside sync.c
 * would otherwise deadlock on its own stripe.  It comes from the
 * runtime's own allocator (common/ialloc.h), never from the application
 * threads' malloc arenas; blocks it cannot serve from the C library's
 * (glibc exports the __libc_ names).
 */
#ifndef RW_RAWALLOC_H
#define RW_RAWALLOC_H

#include <stddef.h>
#include <string.h>

#include "common/export.h"   /* RW_ASAN, RW_TSAN */
#include "common/ialloc.h"   /* rw_ia_*, and the C library's __libc_* */

/* Under AddressSanitizer the program's malloc/free are ASan's (they win
 * over libraceway's free interceptor, so nothing re-enters): use them, so
 * ASan checks the runtime's own memory and LeakSanitizer sees the
 * pointers that runtime structures hold to ordinary heap blocks (it does
 * not scan glibc's heap, and mixing the two would crash).  The same for
 * ThreadSanitizer (built without raceway's interceptors): it must see
 * every allocation to track reuse. */
#if RW_ASAN || RW_TSAN
#define RW_RAWALLOC_IS_MALLOC 1
#endif

/* rw_lsan_ignore(p): LeakSanitizer must not report block p.  For a
 * thread's state, which only its TLS points to: after fork() the child
 * has the blocks of the parent's other threads but not their TLS.
 * rw_lsan_off()/rw_lsan_on() around an allocation: the same, with no
 * window between the allocation and the call for a fork to fall in. */
#if RW_ASAN
#include <sanitizer/lsan_interface.h>
#define rw_lsan_ignore(p) __lsan_ignore_object(p)
#define rw_lsan_off() __lsan_disable()
#define rw_lsan_on() __lsan_enable()
#else
#define rw_lsan_ignore(p) ((void)(p))
#define rw_lsan_off() ((void)0)
#define rw_lsan_on() ((void)0)
#endif

#ifdef RW_RAWALLOC_IS_MALLOC
#include <stdlib.h>
#define rw_raw_malloc malloc
#define rw_raw_calloc calloc
#define rw_raw_realloc realloc
#define rw_raw_free free
#else
#define rw_raw_malloc rw_ia_malloc
#define rw_raw_calloc rw_ia_calloc
#define rw_raw_realloc rw_ia_realloc
#define rw_raw_free rw_ia_free
#endif

/* rw_raw_calloc for a block the runtime links or keeps itself (a thread's
 * record, a sync object): LeakSanitizer does not report it in a fork
 * child, where the parent's other threads, whose stacks or TLS may have
 * held the only pointer to it, do not exist. */
static inline void *rw_raw_calloc_kept(size_t n, size_t size) {
  rw_lsan_off();
  void *p = rw_raw_calloc(n, size);
  rw_lsan_on();
  return p;
}

/* A NUL-terminated copy of s's first n bytes from rw_raw_malloc (free it
 * with rw_raw_free); NULL when there is no memory. */
static inline char *rw_raw_strndup(const char *s, size_t n) {
  char *p = rw_raw_malloc(n + 1);
  if (p) {
    memcpy(p, s, n);
    p[n] = 0;
  }
  return p;
}

#endif
