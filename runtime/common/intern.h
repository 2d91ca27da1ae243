/*
 * intern.h - strings that live until exit (runtime/common/intern.c).
 *
 * Events point at interned strings from the ring, so the flusher can read
 * them after the caller's copy is gone; equal strings share one copy.
 */
#ifndef RW_INTERN_H
#define RW_INTERN_H

#include <stddef.h>

/* A copy of s that lives until exit (same pointer for equal strings), or
 * NULL when s is NULL or memory or the budget (RW_BUDGET_NAMES) ran out:
 * callers then use the unnamed form. */
const char *rw_intern(const char *s);
const char *rw_intern_n(const char *s, size_t n);
/* fork child: release the table's lock. */
void rw_intern_after_fork(void);

#endif
