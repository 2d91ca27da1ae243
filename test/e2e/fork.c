// fork(): the child records under its own pid with a fresh chain (a new
// root, no parent ids from the parent's id space), the parent's buffered
// events are sent once (by the parent), and both append to one file.
//
// RUN: %rwcc -g -O1 %s %rwlibs -o %t
// RUN: rm -f %t.jsonl
// RUN: env RACEWAY_OUTPUT=%t.jsonl %t > %t.out
// RUN: %python %srcroot/test/tools/check_events.py --canonical %t.jsonl
// RUN: %python %srcroot/test/tools/check_chains.py --expect-threads 2 --expect-roots 2 %t.jsonl
// RUN: FileCheck --check-prefix=OUT %s < %t.out
// RUN: FileCheck --check-prefix=PARENT %s < %t.jsonl
// RUN: FileCheck --check-prefix=CHILD %s < %t.jsonl
// RUN: grep '"variable":"before"' %t.jsonl | count 1
//
// OUT: parent {{[0-9]+}} child {{[0-9]+}}
// PARENT: "variable":"before",{{.*}}"thread_id":"[[PID:[0-9]+]]:{{[0-9]+}}","process_id":[[PID]],
// PARENT: "variable":"in_parent",{{.*}}"thread_id":"[[PID]]:{{[0-9]+}}","process_id":[[PID]],
// CHILD: "parent_id":null,{{.*}}"variable":"in_child",{{.*}}"thread_id":"[[CPID:[0-9]+]]:{{[0-9]+}}","process_id":[[CPID]],
// CHILD-NOT: "process_id":[[CPID]],

#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>
#include <raceway/raceway.h>

RACEWAY_TRACKED(int, before);
RACEWAY_TRACKED(int, in_parent);
RACEWAY_TRACKED(int, in_child);

int main(void) {
  before = 1;
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    in_child = 2;
    return 0;
  }
  int st;
  waitpid(pid, &st, 0);
  in_parent = 3;
  printf("parent %d child %d\n", (int)getpid(), (int)pid);
  return 0;
}
