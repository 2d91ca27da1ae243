/*
 * blocked.h - wait until another thread sleeps in a futex (a pthread wait),
 * without creating happens-before: the state is read from
 * /proc/self/task/<tid>/syscall (Linux).  For corpus programs that must
 * order a blocking call in time, deterministically.
 */
#ifndef CORPUS_BLOCKED_H
#define CORPUS_BLOCKED_H

#include <sched.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "corpus.h"

static inline int my_tid(void) { return (int)syscall(SYS_gettid); }

/* Plain ints shared without happens-before, hidden from the tools as
 * corpus.h's step_* are. */
static CORPUS_UNSEEN void put_int(volatile int *p, int v) { *p = v; }
static CORPUS_UNSEEN int get_int(volatile int *p) { return *p; }

/* Until thread tid is inside a futex system call. */
static void wait_blocked(int tid) {
  char path[64];
  snprintf(path, sizeof path, "/proc/self/task/%d/syscall", tid);
  for (;;) {
    FILE *f = fopen(path, "r");
    long nr = -1;
    if (f) {
      if (fscanf(f, "%ld", &nr) != 1)
        nr = -1;
      fclose(f);
    }
    if (nr == SYS_futex)
      return;
    sched_yield();
  }
}

#endif
