// The manual API (raceway.h): state changes with JSON values, function
// calls, errors, custom and generic events, manual locks with lock_set,
// async tasks, and a request trace with HttpRequest/HttpResponse that
// starts a new root in the caller's trace with its span id (a plain W3C
// traceparent gives no upstream span), then returns to the process trace.
//
// RUN: %clang %rwinc -g -O1 %s %rwlibs -o %t
// RUN: rm -f %t.jsonl
// RUN: env RACEWAY_OUTPUT=%t.jsonl RACEWAY_INSTANCE_ID=inst-1 %t > %t.out
// RUN: %python %srcroot/test/tools/check_events.py --canonical %t.jsonl
// RUN: %python %srcroot/test/tools/check_chains.py --expect-roots 2 %t.jsonl
// RUN: FileCheck %s < %t.jsonl
// RUN: FileCheck --check-prefix=OUT %s < %t.out
//
// No metadata.instance_id: the server would name its clock component after
// it in every trace (docs/real-server.md).
// CHECK-NOT: "instance_id"
// CHECK: "parent_id":null,{{.*}}"StateChange":{"variable":"cart.total","old_value":{"n":1},"new_value":"not json","location":"shop.c:7","access_type":"Write"}},"metadata":{{.*}}"tags":{"sdk_language":"c"}}
// CHECK-NEXT: "StateChange":{"variable":"cart.items","old_value":null,"new_value":[1,2],"location":"{{[^"]*}}+0x{{[0-9a-f]+[^"]*}}","access_type":"AtomicRMW"}
// CHECK-NEXT: "FunctionCall":{"function_name":"checkout","module":"shop","args":{"n":3},"file":"shop.c","line":40}
// CHECK-NEXT: "LockAcquire":{"lock_id":"cart_lock","lock_type":"Mutex","location":"shop.c:50"}},{{.*}}"lock_set":[]}
// CHECK-NEXT: "Custom":{"name":"inside","data":{"q\u0001":true}}},{{.*}}"lock_set":["cart_lock"]}
// CHECK-NEXT: "LockRelease":{"lock_id":"cart_lock","lock_type":"Mutex","location":"shop.c:52"}},{{.*}}"lock_set":["cart_lock"]}
// CHECK-NEXT: "DatabaseQuery":{"query":"SELECT 1","database":"main","duration_ms":1}},{{.*}}"lock_set":[]}
// CHECK-NEXT: "Error":{"error_type":"E","message":"m�","stack_trace":["a","b"]}}
// CHECK-NEXT: "Error":{"error_type":"Backtrace","message":"","stack_trace":["{{.*}}"
// CHECK-NEXT: "AsyncSpawn":{"task_id":"[[TASK:[0-9a-f-]+]]","spawned_by":"pool.c:3"}
// CHECK-NEXT: "trace_id":"0af76519-16cd-43dd-8448-eb211c80319c","parent_id":null,{{.*}}"HttpRequest":{"method":"GET","url":"/items","headers":{}}},"metadata":{{.*}}"tags":{"sdk_language":"c"},"distributed_span_id":"b7ad6b7169203331"}
// CHECK-NEXT: "trace_id":"0af76519-16cd-43dd-8448-eb211c80319c",{{.*}}"HttpResponse":{"status":200,"headers":{},"duration_ms":{{[0-9]+}}}},"metadata":{{.*}}"distributed_span_id":"b7ad6b7169203331"
// CHECK-NOT: upstream_span_id
// CHECK-NEXT: "AsyncAwait":{"future_id":"[[TASK]]","awaited_at":"pool.c:9"}},"metadata":{"thread_id":{{"[^"]*"}},"process_id":{{[0-9]+}},"service_name":{{"[^"]*"}},"environment":"development","tags":{"sdk_language":"c"}},
//
// OUT: bad kind -1 -1 -1
// OUT: trace 0af7651916cd43dd8448eb211c80319c
// OUT: headers 0

#include <stdio.h>
#include <string.h>
#include <raceway/raceway.h>

int lock_word;

int main(void) {
  raceway_capture_state_change("cart.total", "{\"n\": 1}", "not json", "shop.c:7", RACEWAY_WRITE);
  raceway_capture_state_change("cart.items", NULL, "[1,2]", NULL, RACEWAY_ATOMIC_RMW);
  raceway_capture_function_call("checkout", "shop", "shop.c", 40, "{\"n\":3}");
  raceway_name_lock(&lock_word, "cart_lock");
  raceway_lock_acquire(&lock_word, "Mutex", "shop.c:50");
  raceway_capture_custom("inside", "{\"q\\u0001\": true}");
  raceway_lock_release(&lock_word, "Mutex", "shop.c:52");
  raceway_capture_event("{\"DatabaseQuery\":{\"query\":\"SELECT 1\",\"database\":\"main\",\"duration_ms\":1}}");
  printf("bad kind %d %d %d\n", raceway_capture_event("{\"Nope\":{}}"),
         raceway_capture_event("{\"Custom\":{},\"Error\":{}}"), raceway_capture_event("[1]"));
  const char *frames[] = {"a", "b"};
  raceway_capture_error("E", "m\xff", frames, 2);
  raceway_capture_error("Backtrace", "", NULL, 0);
  char task[RACEWAY_TASK_ID_LEN];
  raceway_async_spawn(task, "pool.c:3");
  raceway_http_request_begin("GET", "/items",
                             "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", NULL);
  char id[37];
  raceway_current_trace_id(id);
  char tp[RACEWAY_HEADER_MAX], clk[RACEWAY_HEADER_MAX];
  int rc = raceway_propagation_headers(tp, sizeof tp, clk, sizeof clk);
  raceway_http_request_end(200);
  raceway_async_await(task, "pool.c:9");
  char hex[33];
  int j = 0;
  for (int i = 0; id[i]; i++)
    if (id[i] != '-')
      hex[j++] = id[i];
  hex[j] = 0;
  printf("trace %s\nheaders %d\n", hex, rc);
  return 0;
}
