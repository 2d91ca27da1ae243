// A signal handler that writes tracked state, delivered while the same
// thread is in the middle of recording its own tracked writes (and of
// taking a lock).  The runtime must not crash, deadlock or corrupt its
// per-thread buffer: every event that reaches the collector is valid, the
// chains are sound, and the exit line adds up.  A handler's write may be
// dropped (and counted) when it interrupts the runtime itself; it must
// never be recorded twice or garbled.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %rwcc -g -O1 %s %rwlibs -o %t/signal
// The collector's and rw_run's limits only guard against a hang: how long
// the program runs depends on when the scheduler delivers each signal and
// runs the sender again (0.5-30 s for one binary on a loaded 2-core
// machine, over 120 s at a load average of 40), and 60/120 s limits failed
// in full-suite runs.
// RUN: (%collector --port-file %t/port --pid-file %t/pid --out %t/events.jsonl --max-seconds 600 > /dev/null 2>&1 &)
// RUN: %collector --wait-for %t/port > /dev/null
// A small buffer keeps what is pending at exit small for the collector;
// writes beyond it are dropped and counted, which the accounting covers.
// RUN: env RACEWAY_ENDPOINT=http://127.0.0.1:$(cat %t/port) RACEWAY_DEBUG=1 RACEWAY_FLUSH_INTERVAL_MS=20 \
// RUN:   RACEWAY_MAX_BUFFERED=1024 \
// RUN:   %python %S/Inputs/rw_run.py --timeout 540 --stored %t/events.jsonl -- %t/signal > %t/run.txt
// RUN: kill $(cat %t/pid)
// RUN: FileCheck %s < %t/run.txt
// CHECK:      handled 2000 signals
// CHECK:      EXIT 0
// CHECK-NEXT: ACCOUNT ok produced=
// CHECK-NEXT: LOST
// CHECK-NEXT: STORED ok
// RUN: %python %srcroot/test/tools/check_events.py %t/events.jsonl
// RUN: %python %srcroot/test/tools/check_chains.py %t/events.jsonl
// No handler write was recorded twice or lost without being counted:
// RUN: test $(grep -c '"variable":"in_handler"' %t/events.jsonl) -le $(sed -n 's/^handled \([0-9]*\) signals$/\1/p' %t/run.txt)

#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>

#define SIGNALS 2000

long in_main __attribute__((annotate("raceway")));
volatile long in_handler __attribute__((annotate("raceway")));
static atomic_int handled, done;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void on_signal(int sig) {
  (void)sig;
  in_handler = in_handler + 1;   /* a tracked read and write */
  atomic_fetch_add(&handled, 1);
}

/* One signal at a time: the next is sent once the handler has run for the
 * previous one (not after a sleep), so none merge with a pending one and
 * every one lands while main is in its loop. */
static void *sender(void *arg) {
  pthread_t target = *(pthread_t *)arg;
  for (int i = 0; i < SIGNALS; i++) {
    pthread_kill(target, SIGUSR1);
    while (atomic_load(&handled) <= i)
      sched_yield();
  }
  atomic_store(&done, 1);
  return 0;
}

int main(void) {
  struct sigaction sa = {0};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  sigaction(SIGUSR1, &sa, 0);
  pthread_t self = pthread_self(), t;
  pthread_create(&t, 0, sender, &self);
  for (long i = 0; !atomic_load(&done); i++) {
    if (i % 64 == 0) {
      pthread_mutex_lock(&lock);
      in_main = i;
      pthread_mutex_unlock(&lock);
    } else {
      in_main = i;
    }
  }
  pthread_join(t, 0);
  signal(SIGUSR1, SIG_IGN);
  printf("handled %d signals\n", atomic_load(&handled));
  printf("work done\n");
  fflush(stdout);
  return 0;
}
