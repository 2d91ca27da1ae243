// RACEWAY_OUTPUT that cannot be opened: one clear stderr line, the program
// runs on with its own result, and the exit line counts every event (10
// reads, 10 writes, the read for printf) as dropped (undeliverable).
//
// RUN: %rwcc -g -O1 %s %rwlibs -o %t
// RUN: env RACEWAY_OUTPUT=/nonexistent-dir/x.jsonl %t > %t.out 2> %t.err
// RUN: FileCheck --check-prefix=OUT %s < %t.out
// RUN: FileCheck %s < %t.err
//
// OUT: sum=45
// CHECK: raceway: cannot open RACEWAY_OUTPUT '/nonexistent-dir/x.jsonl': No such file or directory; events will be dropped
// CHECK-NEXT: raceway: 21 events: 0 delivered, 21 dropped (buffer full: 0, rejected: 0, undeliverable: 21)
// CHECK-NOT: raceway

#include <stdio.h>
#include <raceway/raceway.h>

RACEWAY_TRACKED(int, sum);

int main(void) {
  for (int i = 0; i < 10; i++)
    sum += i;
  printf("sum=%d\n", sum);
  return 0;
}
