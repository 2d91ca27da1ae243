// Expected: no race (racy_escape_other_file.c with each call under one
// lock: the helper in the other file is checked at run time, its 200
// writes are recorded as counter and ordered by the lock)
// RUN: %rwcc -g -O1 -fplugin=%plugin -mllvm -raceway-escapes=checked -DHELPER_TU -c %s -o %t.helper.o
// RUN: %rwcc -g -O1 -fplugin=%plugin -mllvm -raceway-escapes=checked -DMAIN_TU %s %t.helper.o -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -c '"variable":"counter".*"access_type":"Write"' %t.events | FileCheck --check-prefix=WRITES %s
// WRITES: {{^200$}}
// CHECK-NOT: WARNING: Raceway
// CHECK: DONE
// CHECK-NOT: WARNING: Raceway
#include "Inputs/corpus.h"

void add_to(long *p, long d);

#if !defined(HELPER_TU) && !defined(MAIN_TU)
#define HELPER_TU
#define MAIN_TU
#endif

#ifdef HELPER_TU
void add_to(long *p, long d) { *p += d; }
#endif

#ifdef MAIN_TU
RACEWAY_TRACKED(long, counter);
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static void *work(void *arg) {
  for (int i = 0; i < 100; i++) {
    pthread_mutex_lock(&mu);
    add_to(&counter, 1);
    pthread_mutex_unlock(&mu);
  }
  return 0;
}
int main(void) {
  pthread_t a = spawn(work, 0), b = spawn(work, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return DONE();
}
#endif
