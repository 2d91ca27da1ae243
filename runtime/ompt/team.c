/*
 * team.c - parallel regions, implicit tasks, barriers, reductions (team.h).
 */
#if RW_HAVE_OMPT
#include "ompt/team.h"

#include "ompt/objs.h"
#include "ompt/task.h"

static atomic_uint_fast64_t next_serial = 1;

static rw_ompt_par *par_new(void) {
  rw_ompt_par *p = rw_objs_get(RW_OBJS_PAR);
  if (p)
    p->serial = atomic_fetch_add_explicit(&next_serial, 1, memory_order_relaxed);
  return p;
}

static rw_ompt_par *par_of(ompt_data_t *d) { return d ? (rw_ompt_par *)d->ptr : 0; }

void rw_team_parallel_begin(ompt_data_t *encountering_task, const ompt_frame_t *frame,
                            ompt_data_t *parallel, unsigned requested, int flags,
                            const void *codeptr) {
  rw_ompt_par *p = par_new();
  parallel->ptr = p;
  if (p)
    rw_objs_release(rw_objs_thread(), &p->fork);
}

void rw_team_parallel_end(ompt_data_t *parallel, ompt_data_t *encountering_task,
                          int flags, const void *codeptr) {
  rw_ompt_par *p = par_of(parallel);
  if (!p)
    return;
  rw_thread *t = rw_objs_thread();
  rw_objs_acquire(t, &p->bar[0]);
  rw_objs_acquire(t, &p->bar[1]);
  parallel->ptr = 0;
  rw_objs_put(RW_OBJS_PAR, p);
}

void rw_team_initial(ompt_data_t *parallel, ompt_data_t *task, int flags) {
  if (task->ptr)
    return;                      /* reported twice: keep the first */
  rw_ompt_par *p = parallel ? par_of(parallel) : 0;
  if (!p && (p = par_new()) && parallel)
    parallel->ptr = p;
  task->ptr = rw_task_new(0, p, flags);
}

void rw_team_implicit_task(ompt_scope_endpoint_t endpoint, ompt_data_t *parallel,
                           ompt_data_t *task, unsigned actual, unsigned index,
                           int flags) {
  if (endpoint == ompt_scope_begin) {
    if (flags & ompt_task_initial) {
      rw_team_initial(parallel, task, flags);
      return;
    }
    rw_ompt_par *p = par_of(parallel);
    task->ptr = rw_task_new(0, p, flags);
    if (p)
      rw_objs_acquire(rw_objs_thread(), &p->fork);
    return;
  }
  if (endpoint != ompt_scope_end)
    return;
  /* A worker's end comes when it is woken for its next region (parallel
   * is NULL then): its region may be gone, so only the task is dropped. */
  rw_ompt_task *d = task ? (rw_ompt_task *)task->ptr : 0;
  if (!d)
    return;
  task->ptr = 0;
  if ((flags & ompt_task_initial) && d->team) {
    if (parallel && parallel->ptr == d->team)
      parallel->ptr = 0;
    rw_objs_put(RW_OBJS_PAR, d->team);
  }
  rw_task_drop(d);
}

/* The task's team, if it is still the region the task ran in. */
static rw_ompt_par *live_team(rw_ompt_task *d) {
  return d && d->team && d->team->serial == d->team_serial ? d->team : 0;
}

void rw_team_barrier(ompt_scope_endpoint_t endpoint, ompt_data_t *parallel,
                     ompt_data_t *task) {
  rw_ompt_task *d = task ? (rw_ompt_task *)task->ptr : 0;
  if (!d)
    return;
  if (endpoint == ompt_scope_begin || endpoint == ompt_scope_beginend) {
    rw_ompt_par *p = live_team(d);
    if (p)
      rw_objs_release(rw_objs_thread(), &p->bar[d->bidx]);
  }
  if (endpoint == ompt_scope_end || endpoint == ompt_scope_beginend) {
    /* A worker's end of the region's last barrier comes late, without
     * the region (parallel NULL): nothing to learn from it any more. */
    rw_ompt_par *p = parallel ? live_team(d) : 0;
    if (p)
      rw_objs_acquire(rw_objs_thread(), &p->bar[d->bidx]);
    d->bidx ^= 1;
  }
}

void rw_team_reduction(ompt_sync_region_t kind, ompt_scope_endpoint_t endpoint,
                       ompt_data_t *parallel, ompt_data_t *task, const void *codeptr) {
  rw_ompt_task *d = task ? (rw_ompt_task *)task->ptr : 0;
  rw_ompt_par *p = live_team(d);
  if (kind != ompt_sync_region_reduction || !p)
    return;
  rw_thread *t = rw_objs_thread();
  if (!t)
    return;
  /* In a tree reduction the thread that combines reads another thread's
   * private copy and reduction list, whose writes only libomp's hidden
   * barrier orders.  As in Archer, the accesses inside the bracket are
   * not checked (quiet); with the critical method that is also the
   * thread's own update of the shared variable. */
  if (endpoint == ompt_scope_begin) {
    rw_objs_acquire(t, &p->red);
    t->quiet = 1;
  } else if (endpoint == ompt_scope_end) {
    t->quiet = 0;
    rw_objs_release(t, &p->red);
  }
}
#endif
