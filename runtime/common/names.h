/*
 * names.h - user-given names of objects and locks (runtime/common/names.c).
 */
#ifndef RW_NAMES_H
#define RW_NAMES_H

#include <stddef.h>
#include <stdint.h>

enum rw_names_table { RW_NAMES_OBJECT, RW_NAMES_LOCK };

/* Name addr in a table (name NULL: remove).  0, or -1 out of memory. */
int rw_names_set(enum rw_names_table table, uintptr_t addr, const char *name);
/* The interned name of addr, or NULL. */
const char *rw_names_get(enum rw_names_table table, uintptr_t addr);
/* Memory [addr, addr+len) was freed: forget the names inside it (the
 * malloc interceptor may call this; cheap when no names are set). */
void rw_names_forget(uintptr_t addr, size_t len);
/* fork child: release the table locks other threads may have held. */
void rw_names_after_fork(void);

#endif
