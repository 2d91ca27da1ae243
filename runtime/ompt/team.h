/*
 * team.h - parallel regions, implicit tasks, barriers and reductions as
 * happens-before (runtime/ompt/team.c), for the OMPT callbacks that
 * tool.c registers.
 *
 *  - parallel begin: the encountering thread releases into the region's
 *    fork key; each implicit task's begin acquires it (libomp's threads
 *    are pooled: one thread runs implicit tasks of many regions).
 *  - barrier begin: the thread releases into the team's current barrier
 *    instance; barrier end acquires that instance.  Instances alternate
 *    between two keys per team, counted per implicit task, so a thread
 *    that leaves instance k late does not know what the others did after
 *    it (they cannot reach instance k+2 before it arrives at k+1).  The
 *    region's implicit barrier is the join: parallel end acquires both.
 *  - reduction: the team's reduction key, acquired at begin and released
 *    at end, as a lock around each thread's combining step.
 */
#ifndef RW_TEAM_H
#define RW_TEAM_H

#include <omp-tools.h>

void rw_team_parallel_begin(ompt_data_t *encountering_task, const ompt_frame_t *frame,
                            ompt_data_t *parallel, unsigned requested, int flags,
                            const void *codeptr);
void rw_team_parallel_end(ompt_data_t *parallel, ompt_data_t *encountering_task,
                          int flags, const void *codeptr);
void rw_team_implicit_task(ompt_scope_endpoint_t endpoint, ompt_data_t *parallel,
                           ompt_data_t *task, unsigned actual, unsigned index,
                           int flags);
/* A sync region of a barrier kind (the caller dispatches). */
void rw_team_barrier(ompt_scope_endpoint_t endpoint, ompt_data_t *parallel,
                     ompt_data_t *task);
void rw_team_reduction(ompt_sync_region_t kind, ompt_scope_endpoint_t endpoint,
                       ompt_data_t *parallel, ompt_data_t *task, const void *codeptr);
/* An initial task (implicit_task or task_create with ompt_task_initial):
 * its own one-thread region. */
void rw_team_initial(ompt_data_t *parallel, ompt_data_t *task, int flags);

#endif
