/*
 * async.c - task clocks for the manual async API.
 *
 * One hash table of tasks behind a spin lock: these calls happen once per
 * task, never per access, and must not reach the pthread interceptors.
 * Clock updates use rw_sync_fork/rw_sync_join, the thread create/join
 * edges, so a pool task is exactly as ordered as a thread would be.
 */
#include "hb/async.h"

#include <string.h>

#include "common/hash.h"
#include "common/rawalloc.h"
#include "common/spin.h"
#include "hb/sync.h"

#define TASK_BUCKET_BITS 12
#define TASK_BUCKETS (1u << TASK_BUCKET_BITS)

typedef struct task {
  struct task *next;
  uint8_t id[16];
  uint8_t ended;      /* end_vc holds the worker's clock at its end      */
  rw_vc start_vc;     /* spawner's clock at the spawn                    */
  rw_vc end_vc;
} task;

static rw_spin lock = RW_SPIN_INIT;
static task *buckets[TASK_BUCKETS];
static unsigned ntasks;

static void lock_table(void) { rw_spin_lock(&lock); }
static void unlock_table(void) { rw_spin_unlock(&lock); }

void rw_async_after_fork(void) { rw_spin_reset(&lock); }

static task **slot_of(const uint8_t id[16]) {
  uint64_t h;
  memcpy(&h, id + 8, sizeof h);   /* the random / (slot, seq) half */
  return &buckets[rw_hash_bucket(h ^ (h >> 29), TASK_BUCKET_BITS)];
}

/* Caller holds the lock.  NULL when absent and !create or the table is
 * full / memory ran out. */
static task *find(const uint8_t id[16], int create) {
  task **b = slot_of(id);
  for (task *k = *b; k; k = k->next)
    if (memcmp(k->id, id, 16) == 0)
      return k;
  if (!create || ntasks >= RW_ASYNC_MAX_TASKS)
    return NULL;
  task *k = rw_raw_calloc(1, sizeof *k);
  if (!k)
    return NULL;
  memcpy(k->id, id, 16);
  rw_vc_init(&k->start_vc);
  rw_vc_init(&k->end_vc);
  k->next = *b;
  *b = k;
  ntasks++;
  return k;
}

static void unlink_task(task *k) {
  for (task **pp = slot_of(k->id); *pp; pp = &(*pp)->next)
    if (*pp == k) {
      *pp = k->next;
      ntasks--;
      return;
    }
}

void rw_async_spawned(rw_hb *hb, const uint8_t id[16]) {
  lock_table();
  task *k = find(id, 1);
  if (k)
    rw_sync_fork(hb, &k->start_vc);
  unlock_table();
}

void rw_async_began(rw_hb *hb, const uint8_t id[16]) {
  lock_table();
  task *k = find(id, 0);
  if (k)
    rw_sync_join(hb, &k->start_vc);
  unlock_table();
}

void rw_async_ended(rw_hb *hb, const uint8_t id[16]) {
  lock_table();
  task *k = find(id, 1);   /* a task spawned elsewhere still publishes */
  if (k) {
    rw_sync_fork(hb, &k->end_vc);
    k->ended = 1;
  }
  unlock_table();
}

void rw_async_awaited(rw_hb *hb, const uint8_t id[16]) {
  lock_table();
  task *k = find(id, 0);
  if (k && k->ended) {
    rw_sync_join(hb, &k->end_vc);
    unlink_task(k);
  } else {
    k = NULL;   /* not ended yet: a later await may still find it */
  }
  unlock_table();
  if (k) {
    rw_vc_free(&k->start_vc);
    rw_vc_free(&k->end_vc);
    rw_raw_free(k);
  }
}
