/*
 * rawalloc.h - the C library's allocator, bypassing libraceway's own
 * free/realloc interceptors (intercept_memory.c).
 *
 * Runtime-internal memory (vector clocks, sync objects, race records) is
 * allocated and freed here so that freeing it never re-enters the
 * interceptors, which take sync-table locks: a free from inside sync.c
 * would otherwise deadlock on its own stripe.  glibc exports these names.
 */
#ifndef RW_RAWALLOC_H
#define RW_RAWALLOC_H

#include <stddef.h>

extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t n);
extern void __libc_free(void *p);

#define rw_raw_malloc __libc_malloc
#define rw_raw_calloc __libc_calloc
#define rw_raw_realloc __libc_realloc
#define rw_raw_free __libc_free

#endif
