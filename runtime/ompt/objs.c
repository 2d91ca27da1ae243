/*
 * objs.c - pools of the OMPT tool's objects (objs.h).
 */
#if RW_HAVE_OMPT
#include "ompt/objs.h"

#include <string.h>

#include "common/rawalloc.h"
#include "common/spin.h"
#include "hb/sync.h"

static const size_t obj_size[RW_OBJS_KINDS] = {
    sizeof(rw_ompt_par), sizeof(rw_ompt_task), sizeof(rw_ompt_group),
    sizeof(rw_ompt_dep)};

static struct pool {
  rw_spin lock;
  void *free;
} pools[RW_OBJS_KINDS];

void *rw_objs_get(enum rw_objs_kind kind) {
  struct pool *p = &pools[kind];
  rw_spin_lock(&p->lock);
  void *obj = p->free;
  if (obj)
    p->free = *(void **)obj;
  rw_spin_unlock(&p->lock);
  if (!obj)
    return rw_raw_calloc(1, obj_size[kind]);
  memset(obj, 0, obj_size[kind]);
  return obj;
}

void rw_objs_put(enum rw_objs_kind kind, void *obj) {
  if (!obj)
    return;
  rw_sync_reset_range((uintptr_t)obj, obj_size[kind]);
  struct pool *p = &pools[kind];
  rw_spin_lock(&p->lock);
  *(void **)obj = p->free;
  p->free = obj;
  rw_spin_unlock(&p->lock);
}

void rw_objs_after_fork(void) {
  for (int k = 0; k < RW_OBJS_KINDS; k++)
    rw_spin_reset(&pools[k].lock);
}
#endif
