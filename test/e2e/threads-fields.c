// Two threads on two objects: two thread_ids besides main's, fields named
// "<instance>.<field>" after raceway_name_object, "<Type>@0x<base>.<field>"
// otherwise; spawn and join link the threads' chains.
//
// RUN: %rwcc -g -O1 %s %rwlibs -o %t
// RUN: rm -f %t.jsonl
// RUN: env RACEWAY_OUTPUT=%t.jsonl %t
// RUN: %python %srcroot/test/tools/check_events.py --canonical %t.jsonl
// RUN: %python %srcroot/test/tools/check_chains.py --expect-threads 3 --expect-roots 1 %t.jsonl
// RUN: grep '"variable":"alice.balance"' %t.jsonl | count 6
// RUN: grep -E '"variable":"Account@0x[0-9a-f]+.balance"' %t.jsonl | count 6
// RUN: FileCheck %s < %t.jsonl
//
// CHECK-DAG: "AsyncSpawn"{{.*}}"thread_id":"[[MAIN:[0-9]+:[0-9]+]]"
// CHECK-DAG: "variable":"alice.balance","old_value":100,"new_value":110,"location":"{{.*}}threads-fields.c:{{[0-9]+}}:{{[0-9]+}}","access_type":"Write"}},"metadata":{"thread_id":"[[T1:[0-9]+:[0-9]+]]"
// CHECK-DAG: "variable":"Account@0x{{[0-9a-f]+}}.balance","old_value":200,"new_value":210,{{.*}}"thread_id":"[[T2:[0-9]+:[0-9]+]]"
// CHECK-DAG: "AsyncAwait"{{.*}}"thread_id":"[[MAIN]]"

#include <pthread.h>
#include <raceway/raceway.h>

struct Account {
  int id;
  RACEWAY_TRACKED(long, balance);
};
struct Account alice = {1, 100}, bob = {2, 200};

static void *deposit(void *arg) {
  struct Account *a = arg;
  for (int i = 0; i < 3; i++)
    a->balance += 10;
  return 0;
}

int main(void) {
  raceway_name_object(&alice, "alice");
  pthread_t t1, t2;
  pthread_create(&t1, 0, deposit, &alice);
  pthread_create(&t2, 0, deposit, &bob);
  pthread_join(t1, 0);
  pthread_join(t2, 0);
  return 0;
}
