/*
 * async_pool.h - a hand-made one-worker thread pool for the manual async
 * API tests.  Jobs and completions travel through pipes read and written
 * with raw system calls (unseen_io.h), which the runtime does not
 * intercept: the only happens-before between the submitter and
 * the worker is what raceway_async_spawn/begin/end/await create (the
 * worker is started before any job data is written, so thread creation
 * orders nothing the tests look at).
 */
#ifndef ASYNC_POOL_H
#define ASYNC_POOL_H

#include "corpus.h"
#include "unseen_io.h"

typedef struct job {
  char task_id[RACEWAY_TASK_ID_LEN];
  void (*run)(int arg);
  int arg;
} job;

static int job_pipe[2], done_pipe[2];

static void *pool_worker(void *unused) {
  job *j;
  while (unseen_read(job_pipe[0], &j, sizeof j) == sizeof j && j) {
    raceway_async_begin(j->task_id);
    j->run(j->arg);
    raceway_async_end(j->task_id);
    unseen_write(done_pipe[1], &j, sizeof j);
  }
  return unused;
}

static pthread_t pool_start(void) {
  if (pipe(job_pipe) != 0 || pipe(done_pipe) != 0)
    return 0;
  return spawn(pool_worker, 0);
}

static void pool_submit(job *j) {
  raceway_async_spawn(j->task_id, "pool_submit");
  unseen_write(job_pipe[1], &j, sizeof j);
}

/* Wait for the next completion; await it only if `await` is set. */
static job *pool_wait(int await) {
  job *j = 0;
  if (unseen_read(done_pipe[0], &j, sizeof j) != sizeof j)
    return 0;
  if (await)
    raceway_async_await(j->task_id, "pool_wait");
  return j;
}

static void pool_stop(pthread_t t) {
  job *none = 0;
  unseen_write(job_pipe[1], &none, sizeof none);
  pthread_join(t, 0);
}

#endif
