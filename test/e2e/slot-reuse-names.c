// A race reported after a thread's slot was taken over names the thread
// that made the access, not the slot's later occupant: A writes and is
// joined (and its events flushed), B takes A's slot (the exit line's slot
// count says so: main, C and A/B), then C's write races with A's.  The report is printed at exit,
// when slot 3 is B's; it used to say B.  Repeated in the JSON report.
//
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_DEBUG=1 RACEWAY_OUTPUT=/dev/null RACEWAY_REPORT=%t.json %t 2> %t.err
// RUN: FileCheck %s < %t.err
// RUN: FileCheck %s --check-prefix=JSON < %t.json
//
// CHECK: A tid [[A:[0-9]+]]
// CHECK: B tid [[B:[0-9]+]]
// CHECK: C tid [[C:[0-9]+]]
// CHECK: Write of 8 bytes by thread {{[0-9]+}}:[[C]] at
// CHECK: Previous write of 8 bytes by thread {{[0-9]+}}:[[A]] at
// CHECK: ordering after thread {{[0-9]+}}:[[A]]'s write
// CHECK: slots: 3,
// JSON: "thread": "{{[0-9]+}}:{{[0-9]+}}"
// JSON: "thread": "{{[0-9]+}}:{{[0-9]+}}"
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "../corpus/Inputs/corpus.h"

RACEWAY_TRACKED(long, shared);

static void say(const char *who) {
  fprintf(stderr, "%s tid %ld\n", who, (long)syscall(SYS_gettid));
}
static void *a_fn(void *arg) {
  say("A");
  shared = 1;
  return arg;
}
static void *b_fn(void *arg) {
  say("B");
  return arg;
}
static void *c_fn(void *arg) {
  step_wait(1);
  say("C");
  shared = 2;
  return arg;
}

int main(void) {
  pthread_t c = spawn(c_fn, 0);
  pthread_t a = spawn(a_fn, 0);
  pthread_join(a, 0);
  raceway_flush(60000);             /* A's ring drained: its slot is free */
  pthread_t b = spawn(b_fn, 0);     /* after the join: A's slot */
  pthread_join(b, 0);
  step_go(1);
  pthread_join(c, 0);
  return DONE();
}
