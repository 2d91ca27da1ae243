// Expected: RACE (issue #15: the guard of a C++ function-local static
// orders its construction, not what the program writes to it afterwards)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs -lstdc++
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// CHECK: WARNING: Raceway: data race on {{.*}}level
#include "Inputs/corpus.h"
struct Config {
  RACEWAY_TRACKED(int, level);
  Config() { level = 42; }
};
static Config &config() {
  static Config c;
  return c;
}
static void *writer(void *arg) {
  config().level = 7;   /* after construction, unsynchronised */
  step_go(1);
  return 0;
}
static void *reader(void *arg) {
  step_wait(1);
  return (void *)(long)config().level;
}
int main() {
  (void)config();
  pthread_t a = spawn(writer, 0), b = spawn(reader, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return DONE();
}
