/* A racy program for the race report tests (issue #18): two threads race
 * on `hits` through a call chain (main -> run_workers -> worker ->
 * bump_hits), under different locks; with "many-locks", the main thread
 * first interns thousands of distinct lock sets; with "fork", a forked child
 * races too (its own report); with "exec PROG ARGS...", the program runs
 * PROG afterwards (a second process of the same run).  The second thread
 * waits for the first's access on a relaxed atomic flag, which orders
 * nothing (no happens-before), so the race is found every run, with the
 * first thread's access as the "previous" one; no sleeps. */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <raceway/raceway.h>

RACEWAY_TRACKED(long, hits);
RACEWAY_TRACKED(long, filler);

static pthread_mutex_t lock_a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t lock_b = PTHREAD_MUTEX_INITIALIZER;
static int many_locks;
static atomic_int first_done;
#define CONNS 3000
static pthread_mutex_t conn[CONNS];

__attribute__((noinline)) static void bump_hits(long by) { hits += by; }

/* Thousands of distinct lock sets: {conn[i]} and {conn[i], conn[i+1]}. */
__attribute__((noinline)) static void churn_locks(void) {
  for (int i = 0; i + 1 < CONNS; i++) {
    pthread_mutex_lock(&conn[i]);
    filler++;
    pthread_mutex_lock(&conn[i + 1]);
    filler++;
    pthread_mutex_unlock(&conn[i + 1]);
    pthread_mutex_unlock(&conn[i]);
  }
}

static void *worker(void *arg) {
  pthread_mutex_t *m = arg;
  if (m == &lock_b)
    while (!atomic_load_explicit(&first_done, memory_order_relaxed))
      sched_yield();
  pthread_mutex_lock(m);
  bump_hits(1);
  pthread_mutex_unlock(m);
  if (m == &lock_a)
    atomic_store_explicit(&first_done, 1, memory_order_relaxed);
  return 0;
}

__attribute__((noinline)) static void run_workers(void) {
  pthread_t t1, t2;
  atomic_store_explicit(&first_done, 0, memory_order_relaxed);
  pthread_create(&t1, 0, worker, &lock_a);
  pthread_create(&t2, 0, worker, &lock_b);
  pthread_join(t1, 0);
  pthread_join(t2, 0);
}

int main(int argc, char **argv) {
  for (int i = 0; i < CONNS; i++)
    pthread_mutex_init(&conn[i], 0);
  int do_fork = 0, exec_at = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "many-locks") == 0)
      many_locks = 1;
    else if (strcmp(argv[i], "fork") == 0)
      do_fork = 1;
    else if (strcmp(argv[i], "exec") == 0) {
      exec_at = i + 1;
      break;
    }
  }
  if (many_locks)
    churn_locks();      /* before the race: its lock sets are new ones */
  run_workers();
  if (do_fork) {
    fflush(0);
    pid_t pid = fork();
    if (pid == 0) {
      run_workers();            /* the child's own race */
      return 0;
    }
    int st;
    waitpid(pid, &st, 0);
  }
  if (exec_at && exec_at < argc) {
    fflush(0);
    pid_t pid = fork();
    if (pid == 0) {
      execv(argv[exec_at], argv + exec_at);
      _exit(127);
    }
    int st;
    waitpid(pid, &st, 0);
  }
  printf("done %d\n", (int)getpid());
  return 0;
}
