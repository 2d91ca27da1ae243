// A request trace started from a raceway-clock header carries the
// incoming clock in every event's causality_vector (wire spec 5.4): the
// own "<service>#<instance>" component first, then the caller's
// components, after this thread's own entries; back in the process trace
// they are gone again.
//
// RUN: %clang %rwinc -g -O1 %s %rwlibs -o %t
// RUN: rm -f %t.jsonl
// RUN: env RACEWAY_OUTPUT=%t.jsonl RACEWAY_SERVICE_NAME=cart RACEWAY_INSTANCE_ID=c1 %t "v1;$(printf '%%s' '{"trace_id":"0af76519-16cd-43dd-8448-eb211c80319c","span_id":"b7ad6b7169203331","parent_span_id":null,"service":"gateway","instance":"g1","clock":[["gateway#g1",5],["auth#a7",2]]}' | base64 -w0 | tr '+/' '-_' | tr -d '=')"
// RUN: %python %srcroot/test/tools/check_events.py %t.jsonl
// RUN: %python %srcroot/test/tools/check_chains.py %t.jsonl
// RUN: FileCheck %s < %t.jsonl
//
// CHECK: "Custom":{"name":"before"{{.*}}"causality_vector":{{\[\["[0-9]+:[0-9]+",[0-9]+\]\]}},"lock_set"
// CHECK-NEXT: "trace_id":"0af76519-16cd-43dd-8448-eb211c80319c",{{.*}}"HttpRequest"{{.*}}"causality_vector":{{\[\["[0-9]+:[0-9]+",[0-9]+\],\["cart#c1",0\],\["gateway#g1",5\],\["auth#a7",2\],\["[0-9a-f-]{36}",2\]\]}},
// CHECK-NEXT: "trace_id":"0af76519-16cd-43dd-8448-eb211c80319c",{{.*}}"Custom":{"name":"inside"{{.*}}"causality_vector":{{\[\["[0-9]+:[0-9]+",[0-9]+\],\["cart#c1",0\],\["gateway#g1",5\],\["auth#a7",2\],\["[0-9a-f-]{36}",2\]\]}},
// CHECK-NEXT: "HttpResponse"{{.*}}{{\["auth#a7",2\],\["[0-9a-f-]{36}",2\]\]}},
// The trace components (docs/real-server.md): inside the request, the
// thread's own trace up to its first event; after it, the request trace
// (the server's number of its last event, plus one), so the server orders them.
// CHECK-NEXT: "Custom":{"name":"after"{{.*}}"causality_vector":{{\[\["[0-9]+:[0-9]+",[0-9]+\],\["0af76519-16cd-43dd-8448-eb211c80319c",4\]\]}},"lock_set"
#include <raceway/raceway.h>

int main(int argc, char **argv) {
  if (argc < 2)
    return 2;
  raceway_capture_custom("before", "1");
  raceway_http_request_begin("GET", "/cart", 0, argv[1]);
  raceway_capture_custom("inside", "2");
  raceway_http_request_end(200);
  raceway_capture_custom("after", "3");
  return 0;
}
