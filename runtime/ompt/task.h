/*
 * task.h - explicit tasks, taskwait, taskgroup and dependences as
 * happens-before (runtime/ompt/task.c).
 *
 *  - task create: the creator releases into the task's start key; the
 *    task's (re)start acquires it (a suspended task releases into it, so
 *    an untied task resumed elsewhere knows its own past).
 *  - task end: the task releases into its parent's `waited` key (the
 *    parent's taskwait acquires it), its taskgroup's `done` key (the
 *    taskgroup's end acquires it) and the team's current barrier
 *    instance (the barrier that waits for it acquires it).
 *  - dependences: per variable, the parent keeps one object with three
 *    keys (in, out, inoutset) for its children; a task acquires, at its
 *    first start, what its type waits for (in: out and inoutset; out,
 *    inout, mutexinoutset: all three; inoutset: in and out) and at its end
 *    releases into its own type's key.
 * Undeferred (included) tasks run on the creating thread at once: no
 * edges but their dependences.
 */
#ifndef RW_TASK_H
#define RW_TASK_H

#include <omp-tools.h>

#include "ompt/objs.h"

/* A task record (1 reference, held until the task ends); parent NULL for
 * implicit tasks.  NULL when memory ran out. */
rw_ompt_task *rw_task_new(rw_ompt_task *parent, rw_ompt_par *team, int flags);
/* Drop one reference; the last frees the task and drops its parent's. */
void rw_task_drop(rw_ompt_task *d);

void rw_task_create(ompt_data_t *parent_task, const ompt_frame_t *frame,
                    ompt_data_t *new_task, int flags, int has_dependences,
                    const void *codeptr);
void rw_task_schedule(ompt_data_t *prior_task, ompt_task_status_t status,
                      ompt_data_t *next_task);
void rw_task_dependences(ompt_data_t *task, const ompt_dependence_t *deps, int ndeps);
/* Sync regions of kind taskwait and taskgroup (the caller dispatches). */
void rw_task_taskwait(ompt_scope_endpoint_t endpoint, ompt_data_t *task);
void rw_task_taskgroup(ompt_scope_endpoint_t endpoint, ompt_data_t *task);

#endif
