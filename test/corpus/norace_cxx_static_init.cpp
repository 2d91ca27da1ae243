// Expected: no race (issue #15: a C++ function-local static is constructed
// once, under __cxa_guard_acquire/__cxa_guard_release; every thread that
// finds it constructed, in the inline guard check or in
// __cxa_guard_acquire, is ordered after the constructor)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs -lstdc++
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// CHECK-NOT: WARNING: Raceway
// CHECK: level 42
// CHECK: DONE
// CHECK-NOT: WARNING: Raceway
#include "Inputs/corpus.h"
struct Config {
  RACEWAY_TRACKED(int, level);
  Config() {
    sched_yield();      /* let the other threads find it under construction */
    level = 42;
  }
};
static Config &config() {
  static Config c;
  return c;
}
static void *reader(void *arg) {
  long sum = 0;
  for (int i = 0; i < 100; i++)
    sum += config().level;
  return (void *)sum;
}
int main() {
  pthread_t t[4];
  for (int i = 0; i < 4; i++)
    t[i] = spawn(reader, 0);
  for (int i = 0; i < 4; i++)
    pthread_join(t[i], 0);
  printf("level %d\n", config().level);
  return DONE();
}
