// What RACEWAY_SEND=races sends must not change when the flusher's work per
// held event does (issue #14: envelopes kept unencoded, vectors and lock
// sets encoded only when a race sends them): a deterministic run (threads
// ordered by an untracked flag, every event drained at exit in one final
// pass: RACEWAY_FLUSH_HOLD=1) sends the same events, byte for byte apart
// from timestamps and per-run names (ids, pids, tids: normalize_events.py
// numbers them in order of appearance), as the encoder that built every
// envelope's text at once (the goldens: that encoder's output, commit
// 7f98d19).  Races mode from the start, and auto turning to races after 40
// events, in the middle of the run.  Locks nest, a request trace with an
// incoming clock starts and ends, a spawned thread's races are found by
// the other thread.
//
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: rm -f %t.races.jsonl %t.auto.jsonl
// RUN: env RACEWAY_SEND=races RACEWAY_INSTANCE_ID=i1 RACEWAY_FLUSH_HOLD=1 RACEWAY_OUTPUT=%t.races.jsonl %t "v1;$(printf '%%s' '{"trace_id":"0af76519-16cd-43dd-8448-eb211c80319c","span_id":"b7ad6b7169203331","parent_span_id":null,"service":"gateway","instance":"g1","clock":[["gateway#g1",5],["auth#a7",2]]}' | base64 -w0 | tr '+/' '-_' | tr -d '=')" 2> %t.races.err
// RUN: %python %srcroot/test/e2e/Inputs/normalize_events.py %t.races.jsonl > %t.races.norm
// RUN: diff -u %srcroot/test/e2e/Inputs/send-races-same.races %t.races.norm
// RUN: env RACEWAY_SEND=auto RACEWAY_SEND_ALL_LIMIT=40 RACEWAY_INSTANCE_ID=i1 RACEWAY_FLUSH_HOLD=1 RACEWAY_OUTPUT=%t.auto.jsonl %t "v1;$(printf '%%s' '{"trace_id":"0af76519-16cd-43dd-8448-eb211c80319c","span_id":"b7ad6b7169203331","parent_span_id":null,"service":"gateway","instance":"g1","clock":[["gateway#g1",5],["auth#a7",2]]}' | base64 -w0 | tr '+/' '-_' | tr -d '=')" 2> %t.auto.err
// RUN: %python %srcroot/test/e2e/Inputs/normalize_events.py %t.auto.jsonl > %t.auto.norm
// RUN: diff -u %srcroot/test/e2e/Inputs/send-races-same.auto %t.auto.norm
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <raceway/raceway.h>

static pthread_mutex_t m1 = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t m2 = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t m3 = PTHREAD_MUTEX_INITIALIZER;
RACEWAY_TRACKED(int, counter);
RACEWAY_TRACKED(int, quiet);
RACEWAY_TRACKED(long, total);
RACEWAY_TRACKED(long, late);
static volatile int step = -2;   /* untracked: orders the threads in time only */
static const char *clock_header;

static void wait_step(int s) {
  while (step < s)
    sched_yield();
}

static void *leaf(void *arg) {
  late = 7;   /* races with the writer's later read: found by the writer */
  step = 1;
  return arg;
}

static void *writer(void *arg) {
  step = -1;
  wait_step(0);   /* the reader started: threads take slots in one order */
  for (int i = 0; i < 30; i++) {
    pthread_mutex_lock(&m1);
    quiet++;
    total += i;
    pthread_mutex_unlock(&m1);
  }
  pthread_mutex_lock(&m1);
  pthread_mutex_lock(&m2);
  counter++;
  pthread_mutex_unlock(&m2);
  pthread_mutex_unlock(&m1);
  pthread_t t;
  pthread_create(&t, 0, leaf, 0);
  wait_step(2);
  raceway_trace_begin(0, clock_header);
  pthread_mutex_lock(&m3);
  total++;
  pthread_mutex_unlock(&m3);
  raceway_trace_end();
  printf("%ld\n", late);
  step = 3;
  pthread_join(t, 0);
  return arg;
}

static void *reader(void *arg) {
  step = 0;
  wait_step(1);
  pthread_mutex_lock(&m3);
  counter = 5;
  pthread_mutex_unlock(&m3);
  for (int i = 0; i < 10; i++) {
    pthread_mutex_lock(&m2);
    quiet += 2;
    pthread_mutex_unlock(&m2);
  }
  step = 2;
  wait_step(3);
  printf("%ld\n", total);
  return arg;
}

int main(int argc, char **argv) {
  clock_header = argc > 1 ? argv[1] : 0;
  pthread_t a, b;
  pthread_create(&a, 0, writer, 0);
  wait_step(-1);
  pthread_create(&b, 0, reader, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  printf("%d %d\n", counter, quiet);
  return 0;
}
