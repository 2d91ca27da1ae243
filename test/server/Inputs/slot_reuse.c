/*
 * slot_reuse.c - the program of test/server/slot-reuse.test: a write by a
 * thread whose slot is reused (its vector entry then goes on under the
 * next thread), ordered by the program before a later write of the same
 * variable by another thread, with no lock held at either write.  The
 * local detector orders them; the server must too (docs/real-server.md).
 *
 *   slot_reuse [MODE [DEPTH]]   (MODE: -DSLOT_REUSE_MODE="..." else late)
 *
 * A writes `x` and releases lock `l`, and ends; main joins it and flushes
 * (so A's events go out under A's name before the slot is reused), then
 * starts B, which takes A's slot.  C, started before A, waits for main's
 * semaphore and writes `x` after that (R):
 *   join-spawn  B writes `x`: ordered by the join and spawn, which the
 *               server follows through parent links;
 *   late        C takes `l` (A's release: C's entry for the slot holds an
 *               epoch of A, learned after B took the slot), then writes;
 *   next        B releases `l` after A; C takes it (its entry holds an
 *               epoch of B: B's start covers A's end), then writes;
 *   deep        as next, after DEPTH (default 12) threads ran one at a
 *               time in the slot before A, each joined by main.
 * Main waits for B to have taken the slot by a plain volatile flag (no
 * happens-before: C learns nothing of B in `late`).
 */
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <raceway/raceway.h>

RACEWAY_TRACKED(long, x);         /* A's write; R; (join-spawn) B's */
RACEWAY_TRACKED(long, warm);      /* the deep mode's earlier threads */
static pthread_mutex_t l = PTHREAD_MUTEX_INITIALIZER;
static sem_t go;
static volatile int b_started;
static const char *mode;

#ifndef SLOT_REUSE_MODE
#define SLOT_REUSE_MODE "late"
#endif

static void hand(void) {
  pthread_mutex_lock(&l);
  pthread_mutex_unlock(&l);
}

static void *earlier(void *arg) {
  (void)arg;
  warm = warm + 1;   /* ordered by the joins */
  return 0;
}

static void *thread_a(void *arg) {
  (void)arg;
  x = 1;             /* W */
  hand();
  return 0;
}

static void *thread_b(void *arg) {
  (void)arg;
  if (strcmp(mode, "join-spawn") == 0)
    x = 2;
  if (strcmp(mode, "next") == 0 || strcmp(mode, "deep") == 0)
    hand();          /* after A's release: B's clock covers it */
  b_started = 1;
  return 0;
}

static void *thread_c(void *arg) {
  (void)arg;
  sem_wait(&go);
  if (strcmp(mode, "join-spawn") != 0) {
    hand();
    x = 3;           /* R */
  }
  return 0;
}

static pthread_t start(void *(*fn)(void *)) {
  pthread_t t;
  if (pthread_create(&t, 0, fn, 0) != 0) {
    perror("slot_reuse: pthread_create");
    exit(2);
  }
  return t;
}

int main(int argc, char **argv) {
  mode = argc > 1 ? argv[1] : SLOT_REUSE_MODE;
  long depth = strcmp(mode, "deep") == 0 ? (argc > 2 ? atol(argv[2]) : 12) : 0;
  sem_init(&go, 0, 0);
  pthread_t c = start(thread_c);
  int flushed = 1;
  for (long i = 0; i < depth; i++) {   /* flushed: each ring drained, the slot reused */
    pthread_join(start(earlier), 0);
    flushed &= raceway_flush(60000) == 0;
  }
  pthread_join(start(thread_a), 0);
  flushed &= raceway_flush(60000) == 0;
  pthread_t b = start(thread_b);
  while (!b_started)
    sched_yield();   /* B took A's slot (no happens-before to main) */
  sem_post(&go);
  pthread_join(c, 0);
  pthread_join(b, 0);
  printf("%s: x=%ld warm=%ld flushed=%s\n", mode, x, warm, flushed ? "yes" : "no");
  return 0;
}
