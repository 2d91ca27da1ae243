// fork() with events still buffered and the HTTP sink open: the child's
// runtime works (its own flusher and connection; a thread it starts is
// recorded), the parent's buffered events are sent once, by the parent,
// and each process's exit line adds up.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %rwcc -g -O1 %s %rwlibs -o %t/fork
// RUN: (%collector --port-file %t/port --pid-file %t/pid --out %t/events.jsonl --max-seconds 60 > /dev/null 2>&1 &)
// RUN: %collector --wait-for %t/port > /dev/null
// A long flush interval keeps the parent's first events buffered at fork.
// RUN: env RACEWAY_ENDPOINT=http://127.0.0.1:$(cat %t/port) RACEWAY_DEBUG=1 RACEWAY_SHUTDOWN_TIMEOUT_MS=60000 \
// RUN:   RACEWAY_FLUSH_INTERVAL_MS=60000 \
// RUN:   %python %S/Inputs/rw_run.py --processes 2 --stored %t/events.jsonl -- %t/fork > %t/run.txt
// RUN: kill $(cat %t/pid)
// RUN: FileCheck %s < %t/run.txt
// CHECK: child done
// CHECK: EXIT 0
// CHECK: ACCOUNT ok produced=
// CHECK-NEXT: LOST none
// CHECK-NEXT: STORED ok
//
// Unique ids and sound chains; exact counts per process.
// RUN: %python %srcroot/test/tools/check_chains.py %t/events.jsonl
// RUN: grep -c '"variable":"before_fork"' %t/events.jsonl | FileCheck %s --check-prefix=BEFORE
// RUN: grep -c '"variable":"in_child"' %t/events.jsonl | FileCheck %s --check-prefix=CHILD
// RUN: grep -c '"variable":"after_fork"' %t/events.jsonl | FileCheck %s --check-prefix=AFTER
// BEFORE: {{^500$}}
// CHILD: {{^300$}}
// AFTER: {{^200$}}
// The child's events carry the child's pid, none of the parent's do.
// RUN: grep '"variable":"in_child"' %t/events.jsonl | grep -c "\"process_id\":$(sed -n 's/^child pid \([0-9]*\)$/\1/p' %t/run.txt)," | FileCheck %s --check-prefix=CHILD
// RUN: grep '"variable":"before_fork"' %t/events.jsonl | not grep -q "\"process_id\":$(sed -n 's/^child pid \([0-9]*\)$/\1/p' %t/run.txt),"

#include <pthread.h>
#include <raceway/raceway.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

long before_fork __attribute__((annotate("raceway")));
long in_child __attribute__((annotate("raceway")));
long after_fork __attribute__((annotate("raceway")));

static void *child_thread(void *arg) {
  for (int i = 0; i < 100; i++)
    in_child = i;
  return arg;
}

int main(void) {
  /* The flusher must have finished opening its connection before the
   * fork: a fork in the middle of that leaves the half-made sink allocated
   * in the child, which LeakSanitizer would report (bounded, once per
   * fork; see docs/threat-model.md).  One event delivered proves it open
   * (raceway_flush returns once it is), whatever the machine's speed. */
  raceway_capture_custom("warm_up", "{}");
  if (raceway_flush(60000) != 0) {
    printf("warm-up event not delivered\n");
    return 5;
  }
  for (int i = 0; i < 500; i++)
    before_fork = i;
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    for (int i = 0; i < 200; i++)
      in_child = i;
    pthread_t t;
    pthread_create(&t, 0, child_thread, 0);
    pthread_join(t, 0);
    printf("child pid %d\nchild done\n", (int)getpid());
    return 0;
  }
  int st;
  waitpid(pid, &st, 0);
  for (int i = 0; i < 200; i++)
    after_fork = i;
  return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
}
