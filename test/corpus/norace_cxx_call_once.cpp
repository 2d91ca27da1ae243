// Expected: no race (issue #15: std::call_once, which libstdc++ runs
// through __gthread_once / pthread_once: the callable's writes are ordered
// before every caller's return)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs -lstdc++
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// CHECK-NOT: WARNING: Raceway
// CHECK: table 9
// CHECK: DONE
// CHECK-NOT: WARNING: Raceway
#include "Inputs/corpus.h"
#include <mutex>
RACEWAY_TRACKED(int, table_size);
static std::once_flag once;
static void *user(void *arg) {
  std::call_once(once, [] {
    sched_yield();
    table_size = 9;
  });
  return (void *)(long)table_size;
}
int main() {
  pthread_t t[4];
  for (int i = 0; i < 4; i++)
    t[i] = spawn(user, 0);
  for (int i = 0; i < 4; i++)
    pthread_join(t[i], 0);
  printf("table %d\n", table_size);
  return DONE();
}
