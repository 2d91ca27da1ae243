// Expected: no race (memset before the threads start and memcpy after
// they are joined touch the tracked fields, ordered by create and join;
// the copies are recorded)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q '"variable":"table\[1\].count".*"new_value":0,.*"access_type":"Write"' %t.events
// RUN: grep -q '"variable":"table\[1\].count".*"access_type":"Read"' %t.events
// CHECK-NOT: WARNING: Raceway
// CHECK: DONE
// CHECK-NOT: WARNING: Raceway
#include <string.h>
#include "Inputs/corpus.h"
struct Slot { int key; RACEWAY_TRACKED(long, count); };
static struct Slot table[4], saved[4];
static void *worker(void *arg) {
  struct Slot *s = arg;
  for (int i = 0; i < 10; i++)
    s->count++;
  return 0;
}
int main(void) {
  memset(table, 0, sizeof table);
  pthread_t a = spawn(worker, &table[1]), b = spawn(worker, &table[2]);
  pthread_join(a, 0);
  pthread_join(b, 0);
  memcpy(saved, table, sizeof table);
  printf("%ld %ld\n", saved[1].count, saved[2].count);
  return DONE();
}
