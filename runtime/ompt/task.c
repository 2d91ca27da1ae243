/*
 * task.c - explicit tasks, taskwait, taskgroup, dependences (task.h).
 */
#if RW_HAVE_OMPT
#include "ompt/task.h"

#include "common/rawalloc.h"

static rw_ompt_task *task_of(ompt_data_t *d) { return d ? (rw_ompt_task *)d->ptr : 0; }

rw_ompt_task *rw_task_new(rw_ompt_task *parent, rw_ompt_par *team, int flags) {
  rw_ompt_task *d = rw_objs_get(RW_OBJS_TASK);
  if (!d)
    return 0;
  d->flags = flags;
  atomic_init(&d->refs, 1);
  d->team = parent ? parent->team : team;
  d->team_serial = parent ? parent->team_serial : team ? team->serial : 0;
  if (parent) {
    d->parent = parent;
    d->bidx = parent->bidx;
    d->group = parent->group;
    atomic_fetch_add_explicit(&parent->refs, 1, memory_order_relaxed);
  }
  return d;
}

/* ---- dependence variables of a task's children ---- */

static uint32_t slot_of(const void *var, uint32_t cap) {
  uint64_t h = (uint64_t)(uintptr_t)var * 0x9e3779b97f4a7c15ull;
  return (uint32_t)(h >> 32) & (cap - 1);
}

static int depmap_grow(rw_ompt_depmap *m) {
  uint32_t cap = m->cap ? m->cap * 2 : 16;
  struct rw_ompt_depslot *s = rw_raw_calloc(cap, sizeof *s);
  if (!s)
    return -1;
  for (uint32_t i = 0; i < m->cap; i++) {
    if (!m->slots[i].var)
      continue;
    uint32_t j = slot_of(m->slots[i].var, cap);
    while (s[j].var)
      j = (j + 1) & (cap - 1);
    s[j] = m->slots[i];
  }
  rw_raw_free(m->slots);
  m->slots = s;
  m->cap = cap;
  return 0;
}

/* The object of `var` (created on first use); NULL out of memory. */
static rw_ompt_dep *depmap_get(rw_ompt_depmap *m, const void *var) {
  if ((m->n + 1) * 4 > m->cap * 3 && depmap_grow(m) != 0)
    return 0;
  uint32_t j = slot_of(var, m->cap);
  while (m->slots[j].var && m->slots[j].var != var)
    j = (j + 1) & (m->cap - 1);
  if (!m->slots[j].var) {
    rw_ompt_dep *dep = rw_objs_get(RW_OBJS_DEP);
    if (!dep)
      return 0;
    m->slots[j].var = var;
    m->slots[j].dep = dep;
    m->n++;
  }
  return m->slots[j].dep;
}

static void depmap_free(rw_ompt_depmap *m) {
  for (uint32_t i = 0; i < m->cap; i++)
    if (m->slots[i].var)
      rw_objs_put(RW_OBJS_DEP, m->slots[i].dep);
  rw_raw_free(m->slots);
  *m = (rw_ompt_depmap){0, 0, 0};
}

void rw_task_drop(rw_ompt_task *d) {
  while (d && atomic_fetch_sub_explicit(&d->refs, 1, memory_order_acq_rel) == 1) {
    rw_ompt_task *parent = d->parent;
    rw_raw_free(d->deps);
    depmap_free(&d->map);
    rw_objs_put(RW_OBJS_TASK, d);
    d = parent;
  }
}

/* A task with these dependences starts after ... */
static void deps_acquire(rw_thread *t, rw_ompt_task *d) {
  for (uint32_t i = 0; i < d->ndeps; i++) {
    rw_ompt_dep *dep = d->deps[i].dep;
    int type = d->deps[i].type;
    if (type != ompt_dependence_type_in)
      rw_objs_acquire(t, &dep->in);
    rw_objs_acquire(t, &dep->out);
    if (type != ompt_dependence_type_inoutset)
      rw_objs_acquire(t, &dep->inoutset);
  }
}

/* ... and ends before the tasks that wait for its type. */
static void deps_release(rw_thread *t, rw_ompt_task *d) {
  for (uint32_t i = 0; i < d->ndeps; i++) {
    rw_ompt_dep *dep = d->deps[i].dep;
    int type = d->deps[i].type;
    rw_objs_release(t, type == ompt_dependence_type_in         ? &dep->in
                       : type == ompt_dependence_type_inoutset ? &dep->inoutset
                                                               : &dep->out);
  }
}

void rw_task_dependences(ompt_data_t *task, const ompt_dependence_t *deps, int ndeps) {
  rw_ompt_task *d = task_of(task);
  if (!d || !d->parent || ndeps <= 0 || d->deps)
    return;
  d->deps = rw_raw_calloc((size_t)ndeps, sizeof *d->deps);
  if (!d->deps)
    return;
  for (int i = 0; i < ndeps; i++) {
    int type = deps[i].dependence_type;
    /* omp_all_memory, and doacross (source / sink): not modelled. */
    if (type < ompt_dependence_type_in || type > ompt_dependence_type_inoutset ||
        type == ompt_dependence_type_source || type == ompt_dependence_type_sink)
      continue;
    rw_ompt_dep *dep = depmap_get(&d->parent->map, deps[i].variable.ptr);
    if (dep)
      d->deps[d->ndeps++] = (rw_ompt_depuse){dep, type};
  }
}

/* ---- creation, scheduling, completion ---- */

void rw_task_create(ompt_data_t *parent_task, const ompt_frame_t *frame,
                    ompt_data_t *new_task, int flags, int has_dependences,
                    const void *codeptr) {
  rw_ompt_task *parent = task_of(parent_task);
  rw_ompt_task *d = rw_task_new(parent, 0, flags);
  new_task->ptr = d;
  if (!d || (flags & ompt_task_undeferred))
    return;
  if (parent)
    parent->children = 1;
  rw_objs_release(rw_objs_thread(), &d->start);
}

static int included(const rw_ompt_task *d) { return d->flags & ompt_task_undeferred; }

static void task_start(rw_thread *t, rw_ompt_task *d) {
  if (!d)
    return;
  if (!d->started) {
    d->started = 1;
    deps_acquire(t, d);
  }
  rw_objs_acquire(t, &d->start);
}

static void task_complete(rw_thread *t, rw_ompt_task *d) {
  if (d->fulfilled)
    rw_objs_acquire(t, &d->start);  /* after omp_fulfill_event */
  if (!included(d)) {
    rw_ompt_par *p = d->team;
    if (p && p->serial == d->team_serial)
      rw_objs_release(t, &p->bar[d->bidx]);
    if (d->parent)
      rw_objs_release(t, &d->parent->waited);
    if (d->group)
      rw_objs_release(t, &d->group->done);
  }
  deps_release(t, d);
}

void rw_task_schedule(ompt_data_t *prior_task, ompt_task_status_t status,
                      ompt_data_t *next_task) {
  rw_ompt_task *from = task_of(prior_task), *to = task_of(next_task);
  rw_thread *t = rw_objs_thread();
  switch ((int)status) {
  case ompt_task_early_fulfill:
    if (from) {
      rw_objs_release(t, &from->start);
      from->fulfilled = 1;
    }
    return;
  case ompt_task_late_fulfill:
  case ompt_task_complete:
  case ompt_task_cancel:
    if (from) {
      if (status == ompt_task_late_fulfill)
        rw_objs_acquire(t, &from->start);
      task_complete(t, from);
      if (prior_task)
        prior_task->ptr = 0;
      rw_task_drop(from);
    }
    if (status == ompt_task_cancel)
      task_start(t, to);
    return;
  case ompt_taskwait_complete:      /* taskwait depend(...): its wait */
    if (from) {
      deps_acquire(t, from);
      if (prior_task)
        prior_task->ptr = 0;
      rw_task_drop(from);
    }
    return;
  default:                          /* yield, switch, detach */
    if (from)
      rw_objs_release(t, &from->start);
    task_start(t, to);
    return;
  }
}

void rw_task_taskwait(ompt_scope_endpoint_t endpoint, ompt_data_t *task) {
  rw_ompt_task *d = task_of(task);
  if (d && d->children && endpoint != ompt_scope_begin)
    rw_objs_acquire(rw_objs_thread(), &d->waited);
}

void rw_task_taskgroup(ompt_scope_endpoint_t endpoint, ompt_data_t *task) {
  rw_ompt_task *d = task_of(task);
  if (!d)
    return;
  if (endpoint == ompt_scope_begin) {
    rw_ompt_group *g = rw_objs_get(RW_OBJS_GROUP);
    if (g) {
      g->owner = d;
      g->parent = d->group;
      d->group = g;
    }
    return;
  }
  rw_ompt_group *g = d->group;
  if (!g || g->owner != d)
    return;                         /* its begin found no memory */
  rw_objs_acquire(rw_objs_thread(), &g->done);
  d->group = g->parent;
  rw_objs_put(RW_OBJS_GROUP, g);
}
#endif
