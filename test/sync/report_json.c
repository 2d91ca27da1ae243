// The race report as JSON (RACEWAY_REPORT) and printed live
// (RACEWAY_REPORT_LIVE=1: before the program's own last line, not at exit).
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events RACEWAY_REPORT=%t.json RACEWAY_REPORT_LIVE=1 %t 2>&1 | FileCheck %s --check-prefix=LIVE
// RUN: FileCheck %s --input-file=%t.json
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <raceway/raceway.h>

struct Account { int id; RACEWAY_TRACKED(long, balance); };
static struct Account alice = {1, 100};
static pthread_mutex_t accounts_lock = PTHREAD_MUTEX_INITIALIZER;
static volatile int read_done;   /* untracked: orders in time, not for the detector */

static void *audit(void *arg) {
  pthread_mutex_lock(&accounts_lock);
  long b = alice.balance;   /* reads under the lock ... */
  pthread_mutex_unlock(&accounts_lock);
  read_done = 1;
  return (void *)b;
}

int main(void) {
  raceway_name_object(&alice, "alice");
  raceway_name_lock(&accounts_lock, "accounts_lock");
  pthread_t t;
  pthread_create(&t, 0, audit, 0);
  while (!read_done)        /* the read comes first: it is "Previous" */
    sched_yield();
  alice.balance = 50;       /* ... the write takes no lock */
  pthread_join(t, 0);
  fprintf(stderr, "main done\n");
  return 0;
}
// LIVE: WARNING: Raceway: data race on alice.balance
// LIVE-NEXT: Write of 8 bytes by thread {{[0-9]+:[0-9]+}} at {{.*}}report_json.c:31:17 (old 100, new 50)
// LIVE-NEXT: locks held: none
// LIVE-NEXT: #0 main {{.*}}report_json.c:31
// LIVE-NEXT: Previous read of 8 bytes by thread {{[0-9]+:[0-9]+}} at {{.*}}report_json.c:18:18 (value 100)
// LIVE-NEXT: locks held: accounts_lock
// LIVE-NEXT: #0 audit {{.*}}report_json.c:18
// LIVE: main done
// LIVE: Raceway: 1 data race (1 occurrence) on 1 variable

// CHECK: "races":
// CHECK: "variable": "alice.balance"
// CHECK: "occurrences": 1
// CHECK: "access":
// CHECK: "location": "{{.*}}report_json.c:31:17"
// CHECK: "access": "Write"
// CHECK: "old_value": "100"
// CHECK: "new_value": "50"
// CHECK: "previous":
// CHECK: "location": "{{.*}}report_json.c:18:18"
// CHECK: "access": "Read"
// CHECK: "locks_held": ["accounts_lock"]
// CHECK: "race_count": 1
