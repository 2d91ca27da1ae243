/*
 * corpus.h - helpers shared by the accuracy corpus.
 *
 * step_wait/step_go order two threads' actions in time WITHOUT creating
 * happens-before: they spin on a plain volatile int that is not tracked,
 * so the detector never sees it (unlike a pthread barrier or an atomic,
 * which would order the racing accesses and hide the race).  Racy
 * programs use them only to make the interleaving repeatable; the races
 * themselves are found whatever the interleaving.  For the same reason
 * they are hidden from ThreadSanitizer (tools/corpus-vs-tsan.sh), which
 * would otherwise report the spin itself.
 */
#ifndef CORPUS_H
#define CORPUS_H

#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <raceway/raceway.h>

static volatile int corpus_step;

#define CORPUS_UNSEEN __attribute__((no_sanitize("thread"), noinline))

static CORPUS_UNSEEN void step_go(int n) { corpus_step = n; }
static CORPUS_UNSEEN void step_wait(int n) {
  while (corpus_step < n)
    sched_yield();
}

static inline pthread_t spawn(void *(*fn)(void *), void *arg) {
  pthread_t t;
  pthread_create(&t, 0, fn, arg);
  return t;
}

#define DONE() (printf("DONE\n"), 0)

#endif
