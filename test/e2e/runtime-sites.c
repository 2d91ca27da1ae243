// The runtime alone, without the pass: hand-written site records and
// __raceway_* calls, so this pins what libraceway makes of a site (names,
// values, locations, access types, parents, threads) whatever the pass does.
//
// RUN: %clang %rwinc -g -O1 %s %rwlibs -o %t
// RUN: rm -f %t.jsonl
// RUN: env RACEWAY_OUTPUT=%t.jsonl RACEWAY_SERVICE_NAME=sites-test %t 2> %t.err
// RUN: %python %srcroot/test/tools/check_events.py --canonical %t.jsonl
// RUN: %python %srcroot/test/tools/check_chains.py --expect-threads 3 --expect-roots 1 %t.jsonl
// RUN: FileCheck %s < %t.jsonl
// RUN: count 20 < %t.jsonl
// RUN: FileCheck --check-prefix=ERR --allow-empty %s < %t.err
//
// Workers run one after the other (create, join), so the file order is
// fixed: the flusher holds main's AsyncAwait until the worker's last event
// was written.
//
// CHECK: "parent_id":null,{{.*}}"kind":{"StateChange":{"variable":"alice.balance","old_value":0,"new_value":100,"location":"bank.c:20:3","access_type":"Write"}},"metadata":{"thread_id":"[[MAIN:[0-9]+:[0-9]+]]","process_id":{{[0-9]+}},"service_name":"sites-test","environment":"development","tags":{"sdk_language":"c"}
// CHECK-NEXT: "StateChange":{"variable":"Account@0x{{[0-9a-f]+}}.balance","old_value":0,"new_value":-5,"location":"bank.c:20:3","access_type":"Write"}
// CHECK-NEXT: "StateChange":{"variable":"ratio","old_value":0,"new_value":0.25,"location":"sites.c:30:1","access_type":"Write"}
// CHECK-NEXT: "StateChange":{"variable":"ready","old_value":false,"new_value":true,"location":"sites.c:31","access_type":"Write"}
// CHECK-NEXT: "StateChange":{"variable":"head","old_value":"0x0","new_value":"0x{{[0-9a-f]+}}","location":"sites.c","access_type":"Write"}
// CHECK-NEXT: "StateChange":{"variable":"pin","old_value":null,"new_value":null,"location":"sites.c:33:2","access_type":"Write"}
// CHECK-NEXT: "StateChange":{"variable":"hits","old_value":0,"new_value":1,"location":"sites.c:34:9","access_type":"AtomicRMW"}
// CHECK-NEXT: "kind":{"AsyncSpawn":{"task_id":"[[TASK1:[0-9a-f-]+]]"
// CHECK-NEXT: "kind":{"StateChange":{"variable":"counter","old_value":null,"new_value":0,"location":"sites.c:11","access_type":"Read"}},"metadata":{"thread_id":"[[W1:[0-9]+:[0-9]+]]"
// CHECK-NEXT: "StateChange":{"variable":"counter","old_value":0,"new_value":1,"location":"sites.c:10:5","access_type":"Write"}},"metadata":{"thread_id":"[[W1]]"
// CHECK-NEXT: "StateChange":{"variable":"counter","old_value":null,"new_value":1,
// CHECK-NEXT: "StateChange":{"variable":"counter","old_value":1,"new_value":2,
// CHECK-NEXT: "kind":{"AsyncAwait":{"future_id":"[[TASK1]]"{{.*}}"thread_id":"[[MAIN]]"
// CHECK-NEXT: "kind":{"AsyncSpawn"
// CHECK-NEXT: "StateChange":{"variable":"counter","old_value":null,"new_value":2,{{.*}}"thread_id":"[[W2:[0-9]+:[0-9]+]]"
// CHECK-NEXT: "StateChange":{"variable":"counter","old_value":2,"new_value":3,
// CHECK-NEXT: "StateChange":{"variable":"counter","old_value":null,"new_value":3,
// CHECK-NEXT: "StateChange":{"variable":"counter","old_value":3,"new_value":4,
// CHECK-NEXT: "kind":{"AsyncAwait"
// CHECK-NEXT: "StateChange":{"variable":"counter","old_value":null,"new_value":4,{{.*}}"thread_id":"[[MAIN]]"
//
// Nothing dropped, no race: no exit line, no report.
// ERR-NOT: raceway
// ERR-NOT: WARNING

#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <raceway/abi.h>
#include <raceway/raceway.h>

int counter;
double ratio;
_Bool ready;
void *head;
char pin[8];
long hits;
struct Account { int id; long balance; } alice, bob;

#define SITE(var, type, file, line, col, off, acc, kind, size, flags) \
  {var, type, file, line, col, off, acc, kind, size, flags, 0, {0}}
static const raceway_site w_counter = SITE("counter", 0, "sites.c", 10, 5, 0, RACEWAY_ACCESS_WRITE, RACEWAY_VALUE_SINT, 4, 0);
static const raceway_site r_counter = SITE("counter", 0, "sites.c", 11, 0, 0, RACEWAY_ACCESS_READ, RACEWAY_VALUE_SINT, 4, 0);
static const raceway_site w_balance = SITE("balance", "Account", "bank.c", 20, 3, 8, RACEWAY_ACCESS_WRITE, RACEWAY_VALUE_SINT, 8, RACEWAY_SITE_FIELD);
static const raceway_site w_ratio = SITE("ratio", 0, "sites.c", 30, 1, 0, RACEWAY_ACCESS_WRITE, RACEWAY_VALUE_FLOAT, 8, 0);
static const raceway_site w_ready = SITE("ready", 0, "sites.c", 31, 0, 0, RACEWAY_ACCESS_WRITE, RACEWAY_VALUE_BOOL, 1, 0);
static const raceway_site w_head = SITE("head", 0, "sites.c", 0, 0, 0, RACEWAY_ACCESS_WRITE, RACEWAY_VALUE_PTR, 8, 0);
static const raceway_site w_pin = SITE("pin", 0, "sites.c", 33, 2, 0, RACEWAY_ACCESS_WRITE, RACEWAY_VALUE_NONE, 8, RACEWAY_SITE_REDACT);
static const raceway_site rmw_hits = SITE("hits", 0, "sites.c", 34, 9, 0, RACEWAY_ACCESS_ATOMIC_RMW, RACEWAY_VALUE_SINT, 8, RACEWAY_SITE_TRACKED);

static void *worker(void *arg) {
  (void)arg;
  for (int i = 0; i < 2; i++) {
    int v = counter;
    __raceway_read(&r_counter, &counter, (uint64_t)v);
    __raceway_write(&w_counter, &counter, (uint64_t)(v + 1));
    counter = v + 1;
  }
  return 0;
}

int main(void) {
  raceway_name_object(&alice, "alice");
  __raceway_write(&w_balance, &alice.balance, 100);
  alice.balance = 100;
  __raceway_write(&w_balance, &bob.balance, (uint64_t)-5);
  bob.balance = -5;
  double r = 0.25;
  uint64_t bits;
  memcpy(&bits, &r, 8);
  __raceway_write(&w_ratio, &ratio, bits);
  ratio = r;
  __raceway_write(&w_ready, &ready, 1);
  ready = 1;
  __raceway_write(&w_head, &head, (uint64_t)(uintptr_t)&alice);
  head = &alice;
  __raceway_write(&w_pin, pin, 1234);
  memcpy(pin, "1234", 5);
  __raceway_atomic_pre(&rmw_hits, &hits);
  long old = __atomic_fetch_add(&hits, 1, __ATOMIC_SEQ_CST);
  __raceway_atomic_post(&rmw_hits, &hits, (uint64_t)old, (uint64_t)(old + 1));
  for (int i = 0; i < 2; i++) {
    pthread_t th;
    pthread_create(&th, 0, worker, 0);
    pthread_join(th, 0);
  }
  __raceway_read(&r_counter, &counter, (uint64_t)counter);
  return counter == 4 ? 0 : 1;
}
