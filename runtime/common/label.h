/*
 * label.h - spelling variables, locks, code addresses and source sites
 * (runtime/common/label.c).
 */
#ifndef RW_LABEL_H
#define RW_LABEL_H

#include <stddef.h>
#include <stdint.h>

#include "raceway/abi.h"

/* Lock kinds; lock_type strings are the wire's. */
enum rw_lock_kind {
  RW_LOCK_MUTEX,      /* "Mutex"        */
  RW_LOCK_RW_READ,    /* "RwLock-Read"  */
  RW_LOCK_RW_WRITE,   /* "RwLock-Write" */
  RW_LOCK_SPIN,       /* "Spin"         */
  RW_LOCK_MANUAL      /* lock_type given by the caller (manual API)    */
};

/* The variable an access names, as events and reports spell it: a global's
 * name (and path: "grid[2]"), or "<object>.<path>" with the object's given
 * name, else "<global>.<path>" for a field of a global, else
 * "<Type>@0x<base>.<path>" (base = addr - field_offset). */
void rw_label_variable(const raceway_site *s, uintptr_t addr, char *out,
                       size_t len);
/* A lock's lock_id, as events and reports spell it: its registered name,
 * else "<kind>@0x<addr>", with "#<gen>" once the address was reused.
 * kind: enum rw_lock_kind. */
void rw_label_lock(uintptr_t addr, uint32_t gen, unsigned kind, char *out,
                   size_t len);
/* A code address as "func+0x1c (libfoo.so)" (dladdr), else "0x...". */
void rw_label_pc(const void *pc, char *out, size_t len);
/* "file:line:col", "file:line" (col 0) or "file" (line 0). */
void rw_label_site(const raceway_site *s, char *out, size_t len);

#endif
