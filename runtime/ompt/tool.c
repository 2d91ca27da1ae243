/*
 * tool.c - ompt_start_tool and the callbacks' registration (tool.h).
 */
#if RW_HAVE_OMPT
#include "ompt/tool.h"

#include <pthread.h>
#include <stdlib.h>

#include "common/config.h"
#include "ompt/objs.h"
#include "ompt/omplock.h"
#include "ompt/task.h"
#include "ompt/team.h"
#include "rt/lifecycle.h"

/* A sync region: barriers of every kind, taskwait, taskgroup.  (The
 * barrier kinds 1 and 2 are OpenMP 5.0's, deprecated in 5.1.) */
static void on_sync_region(ompt_sync_region_t kind, ompt_scope_endpoint_t endpoint,
                           ompt_data_t *parallel, ompt_data_t *task,
                           const void *codeptr) {
  switch ((int)kind) {
  case ompt_sync_region_taskwait:
    rw_task_taskwait(endpoint, task);
    return;
  case ompt_sync_region_taskgroup:
    rw_task_taskgroup(endpoint, task);
    return;
  case ompt_sync_region_reduction:
    return;                  /* reported through the reduction callback */
  default:
    rw_team_barrier(endpoint, parallel, task);
    return;
  }
}

/* task_create with ompt_task_initial (older libomp): the initial task. */
static void on_task_create(ompt_data_t *parent_task, const ompt_frame_t *frame,
                           ompt_data_t *new_task, int flags, int has_dependences,
                           const void *codeptr) {
  if (flags & ompt_task_initial)
    rw_team_initial(0, new_task, flags);
  else
    rw_task_create(parent_task, frame, new_task, flags, has_dependences, codeptr);
}

static void after_fork_child(void) { rw_objs_after_fork(); }

static int initialize(ompt_function_lookup_t lookup, int device, ompt_data_t *data) {
  ompt_set_callback_t set_cb = (ompt_set_callback_t)lookup("ompt_set_callback");
  if (!set_cb)
    return 0;
  /* A callback this libomp does not support is simply never called. */
  set_cb(ompt_callback_parallel_begin, (ompt_callback_t)rw_team_parallel_begin);
  set_cb(ompt_callback_parallel_end, (ompt_callback_t)rw_team_parallel_end);
  set_cb(ompt_callback_implicit_task, (ompt_callback_t)rw_team_implicit_task);
  set_cb(ompt_callback_sync_region, (ompt_callback_t)on_sync_region);
  set_cb(ompt_callback_reduction, (ompt_callback_t)rw_team_reduction);
  set_cb(ompt_callback_task_create, (ompt_callback_t)on_task_create);
  set_cb(ompt_callback_task_schedule, (ompt_callback_t)rw_task_schedule);
  set_cb(ompt_callback_dependences, (ompt_callback_t)rw_task_dependences);
  set_cb(ompt_callback_mutex_acquired, (ompt_callback_t)rw_omplock_acquired);
  set_cb(ompt_callback_mutex_released, (ompt_callback_t)rw_omplock_released);
  set_cb(ompt_callback_lock_init, (ompt_callback_t)rw_omplock_init);
  set_cb(ompt_callback_lock_destroy, (ompt_callback_t)rw_omplock_destroy);
  static int atfork;
  if (!atfork++)
    pthread_atfork(0, 0, after_fork_child);
  return 1;
}

static void finalize(ompt_data_t *data) {}

RW_EXPORT ompt_start_tool_result_t *ompt_start_tool(unsigned int omp_version,
                                                    const char *runtime_version) {
  static ompt_start_tool_result_t result = {initialize, finalize, {0}};
  rw_lifecycle_ensure();      /* libomp may start before our constructor */
  if (!rw_cfg.started || !rw_cfg.pub.enabled)
    return 0;
  return &result;
}
#endif
