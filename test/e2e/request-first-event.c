// A request that is the first thing a new thread records (a pool thread's
// first connection): its HttpRequest is the root of the request's trace
// (parent_id null, the whole vector), not a child of the thread's spawn in
// the process trace.  The server lists a trace only from a root: it
// answered "Trace not found" for such requests (the banking demo, the
// first request of each pool thread).
//
// RUN: %clang %rwinc -g -O1 %s %rwlibs -o %t
// RUN: rm -f %t.jsonl
// RUN: env RACEWAY_OUTPUT=%t.jsonl RACEWAY_SEND=all %t
// RUN: %python %srcroot/test/tools/check_events.py %t.jsonl
// RUN: %python %srcroot/test/tools/check_chains.py --expect-roots 2 %t.jsonl
// RUN: FileCheck %s < %t.jsonl
//
// The spawner's clock comes with it, and its trace's component: the
// request is ordered after the spawn on the server too.
// CHECK: "trace_id":"[[MAIN:[0-9a-f-]+]]","parent_id":null,{{.*}}"AsyncSpawn"
// CHECK-NEXT: "trace_id":"[[REQ:[0-9a-f-]+]]","parent_id":null,{{.*}}"HttpRequest"{{.*}}"causality_vector":{{\[\["[0-9]+:[0-9]+",1\],\["[0-9]+:[0-9]+",1\],\["}}[[MAIN]]",2]]
// CHECK-NEXT: "trace_id":"[[REQ]]","parent_id":"{{.*}}"HttpResponse"
#include <pthread.h>
#include <raceway/raceway.h>

static void *serve(void *arg) {
  (void)arg;
  raceway_http_request_begin("GET", "/first", 0, 0);
  raceway_http_request_end(200);
  return 0;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, serve, 0);
  pthread_join(t, 0);
  return 0;
}
