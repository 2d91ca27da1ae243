/*
 * objs.h - what the OMPT tool keeps per parallel region, task, taskgroup
 * and dependence variable, and the pools they come from
 * (runtime/ompt/objs.c).
 *
 * The happens-before edges go through the sync-object table (hb/sync.h):
 * each object holds one-byte "keys" whose addresses name a clock there
 * (release = join the thread's clock into it, acquire = join it into the
 * thread's).  Objects are recycled through per-kind free lists, and their
 * keys forgotten (rw_sync_reset_range) when they are, so a new region or
 * task never inherits an old one's clock and the table stays as large as
 * the most objects ever alive at once.
 */
#ifndef RW_OBJS_H
#define RW_OBJS_H

#include <stdatomic.h>
#include <stdint.h>

#include "intercept/intercept.h"

/* A parallel region (a team): set by parallel_begin, or the initial
 * task's implicit region. */
typedef struct rw_ompt_par {
  void *next_free;
  uint64_t serial;       /* tells a recycled region from the one a late
                            barrier end still names                     */
  char fork;             /* key: the encountering thread at the fork    */
  char bar[2];           /* keys: barrier instances, alternating (a thread
                            leaving instance k cannot see instance k+2
                            released before it left)                    */
  char red;              /* key: the team's reductions                  */
} rw_ompt_par;

/* A taskgroup a task opened; tasks created inside it belong to it. */
typedef struct rw_ompt_group {
  void *next_free;
  struct rw_ompt_group *parent;
  const void *owner;     /* the task that opened it                     */
  char done;             /* key: completions of its tasks               */
} rw_ompt_group;

/* The sibling tasks' clocks of one dependence variable. */
typedef struct rw_ompt_dep {
  void *next_free;
  char in, out, inoutset; /* keys: ends of tasks by dependence type     */
} rw_ompt_dep;

/* One dependence of a task. */
typedef struct rw_ompt_depuse {
  rw_ompt_dep *dep;
  int type;              /* ompt_dependence_type_t                      */
} rw_ompt_depuse;

/* Variable -> rw_ompt_dep for the children of one task (open addressing). */
typedef struct rw_ompt_depmap {
  uint32_t cap, n;
  struct rw_ompt_depslot {
    const void *var;
    rw_ompt_dep *dep;
  } *slots;
} rw_ompt_depmap;

/* An implicit or explicit task. */
typedef struct rw_ompt_task {
  void *next_free;
  struct rw_ompt_task *parent;
  rw_ompt_par *team;
  uint64_t team_serial;
  rw_ompt_group *group;  /* innermost taskgroup it is in or opened       */
  atomic_uint refs;      /* 1 until it ends, +1 per child not yet freed */
  int flags;             /* ompt_task_flag_t                            */
  uint8_t bidx;          /* the team's next barrier instance (0 or 1)   */
  uint8_t started;       /* dependences acquired                        */
  uint8_t fulfilled;     /* detached task whose event was fulfilled     */
  uint8_t children;      /* created a deferred child                    */
  char start;            /* key: creation / suspension -> (re)start     */
  char waited;           /* key: children's completions (taskwait)      */
  rw_ompt_depuse *deps;
  uint32_t ndeps;
  rw_ompt_depmap map;    /* its children's dependence variables          */
} rw_ompt_task;

enum rw_objs_kind { RW_OBJS_PAR, RW_OBJS_TASK, RW_OBJS_GROUP, RW_OBJS_DEP, RW_OBJS_KINDS };

/* A zeroed object of that kind, NULL when memory ran out. */
void *rw_objs_get(enum rw_objs_kind kind);
/* Back to its pool; its keys' clocks are forgotten. */
void rw_objs_put(enum rw_objs_kind kind, void *obj);
/* fork child: the pools' locks. */
void rw_objs_after_fork(void);

/* The thread to record for, NULL when nothing is recorded for it. */
static inline rw_thread *rw_objs_thread(void) { return rw_icpt_thread(); }
/* Join the thread's clock into a key / the key's clock into the thread. */
static inline void rw_objs_release(rw_thread *t, const void *key) {
  if (t)
    rw_icpt_signal(t, key);
}
static inline void rw_objs_acquire(rw_thread *t, const void *key) {
  if (t)
    rw_icpt_observe(t, key);
}

#endif
