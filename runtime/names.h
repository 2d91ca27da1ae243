/*
 * names.h - interned strings and user-given names for objects and locks
 * (runtime/names.c).
 *
 * Interned strings live for the whole run, so events can point at them
 * from the ring and the flusher can read them after the caller's copy is
 * gone.  The tables use a private spin lock, not a pthread mutex, so the
 * runtime's own locking never reaches the pthread interceptors.
 */
#ifndef RW_NAMES_H
#define RW_NAMES_H

#include <stddef.h>
#include <stdint.h>

#include "raceway/abi.h"

enum rw_name_table { RW_NAMES_OBJECT, RW_NAMES_LOCK };

/* A copy of s that lives until exit (same pointer for equal strings), or
 * NULL when s is NULL or memory ran out. */
const char *rw_intern(const char *s);
const char *rw_intern_n(const char *s, size_t n);

/* Name addr in a table (name NULL: remove).  0, or -1 out of memory. */
int rw_name_set(enum rw_name_table table, uintptr_t addr, const char *name);
/* The interned name of addr, or NULL. */
const char *rw_name_get(enum rw_name_table table, uintptr_t addr);
/* Memory [addr, addr+len) was freed: forget the names inside it (the
 * malloc interceptor may call this; cheap when no names are set). */
void rw_names_forget(uintptr_t addr, size_t len);

/* The variable an access names, as events and reports spell it: a global's
 * name, or "<object>.<field>" with the object's given name, else
 * "<Type>@0x<base>.<field>".  One function so the server's variable and the
 * report's always match. */
void rw_variable_name(const raceway_site *s, uintptr_t addr, char *out,
                      size_t len);

/* A lock's lock_id, as events and reports spell it: its registered name,
 * else "<kind>@0x<addr>", with "#<gen>" once the address was reused.
 * kind: enum rw_lock_kind (capture.h). */
void rw_lock_id(uintptr_t addr, uint32_t gen, unsigned kind, char *out,
                size_t len);

/* A code address as "func+0x1c (libfoo.so)" (dladdr), else "0x...". */
void rw_pc_describe(const void *pc, char *out, size_t len);

/* fork child: release the table locks other threads may have held. */
void rw_names_after_fork(void);

#endif
