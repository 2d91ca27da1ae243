/*
 * names.h - user-given names of objects and locks (runtime/common/names.c).
 */
#ifndef RW_NAMES_H
#define RW_NAMES_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

enum rw_names_table { RW_NAMES_OBJECT, RW_NAMES_LOCK };

/* Name addr in a table (name NULL: remove).  0, or -1 when memory or the
 * budget (RW_BUDGET_NAMES) refused it: addr keeps its unnamed form. */
int rw_names_set(enum rw_names_table table, uintptr_t addr, const char *name);
/* The interned name of addr, or NULL.  Inline: the encoder asks per
 * event, and most programs name nothing. */
extern _Atomic unsigned rw_names_entries[2];
const char *rw_names_get_slow(enum rw_names_table table, uintptr_t addr);
static inline const char *rw_names_get(enum rw_names_table table, uintptr_t addr) {
  if (atomic_load_explicit(&rw_names_entries[table], memory_order_relaxed) == 0)
    return 0;
  return rw_names_get_slow(table, addr);
}
/* Memory [addr, addr+len) was freed: forget the names inside it (the
 * free interceptor calls this; cheap where no names are: common/addrset.h). */
void rw_names_forget(uintptr_t addr, size_t len);
/* Names held now, both tables (tests). */
uint64_t rw_names_count(void);
/* fork child: release the table locks other threads may have held. */
void rw_names_after_fork(void);

#endif
