// Expected: no race (every caller of pthread_once is ordered after the init routine)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q StateChange %t.events
// CHECK-NOT: WARNING: Raceway
// CHECK: DONE
// CHECK-NOT: WARNING: Raceway
#include "Inputs/corpus.h"
RACEWAY_TRACKED(int, table_size);
static pthread_once_t once = PTHREAD_ONCE_INIT;
static void init_table(void) { table_size = 128; }
static void *user(void *arg) {
  pthread_once(&once, init_table);
  return (void *)(long)table_size;
}
int main(void) {
  pthread_t t[4];
  for (int i = 0; i < 4; i++)
    t[i] = spawn(user, 0);
  for (int i = 0; i < 4; i++)
    pthread_join(t[i], 0);
  return DONE();
}
