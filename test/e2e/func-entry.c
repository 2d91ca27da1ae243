// Opt-in function tracking end to end: a function annotated "raceway" and
// functions selected with -raceway-functions=<glob> give one FunctionCall
// per call, with function_name, module (file stem), file, line (of the
// definition) and args as a JSON object {name: value} of the scalar
// arguments: integers as numbers, double as a number, pointers as
// "0x<hex>" strings, _Bool as true/false; a struct passed by value is left
// out.  A function neither annotated nor selected gives no event.
// Negative int/short and float arguments: see func-entry-args.c.
// (-mllvm needs -fplugin= as well as -fpass-plugin=: see README.)
//
// RUN: %rwcc -g -O1 -fplugin=%plugin -mllvm -raceway-functions='bank_*' %s -o %t %rwlibs
// RUN: rm -f %t.jsonl
// RUN: env RACEWAY_OUTPUT=%t.jsonl %t > %t.out
// RUN: %python %srcroot/test/tools/check_events.py --canonical %t.jsonl
// RUN: %python %srcroot/test/tools/check_chains.py --expect-threads 1 --expect-roots 1 %t.jsonl
// RUN: grep -o '"kind":{"FunctionCall":{.*}},"metadata"' %t.jsonl > %t.calls
// RUN: cat %t.out %t.calls | FileCheck %s
// RUN: grep -c FunctionCall %t.jsonl | FileCheck %s --check-prefix=COUNT
// Without the option only the annotated function is tracked.
// RUN: %rwcc -g -O1 %s -o %t.noopt %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.noopt.jsonl %t.noopt
// RUN: grep -o '"function_name":"[a-z_]*"' %t.noopt.jsonl | FileCheck %s --check-prefix=NOOPT
//
// CHECK: buf=[[BUF:0x[0-9a-f]+]]
// COUNT: {{^}}4{{$}}
// NOOPT:      "function_name":"annotated"
// NOOPT-NEXT: "function_name":"annotated"
// NOOPT-NOT:  "function_name"

#include <stdio.h>
#include <raceway/raceway.h>

RACEWAY_TRACKED(long, total);
struct Big { long a[4]; };
static char buf[4];

__attribute__((annotate("raceway")))
int annotated(int a, double d, char *p) {   // CHECK-NEXT: "kind":{"FunctionCall":{"function_name":"annotated","module":"func-entry","args":{"a":7,"d":2.5,"p":"[[BUF]]"},"file":"{{(.*/)?}}func-entry.c","line":[[#@LINE]]}},"metadata"
  total += a;                                // CHECK-NEXT: "kind":{"FunctionCall":{"function_name":"annotated","module":"func-entry","args":{"a":3,"d":-0.125,"p":"0x0"},"file":"{{(.*/)?}}func-entry.c","line":[[#@LINE-1]]}},"metadata"
  return a + (int)d + (p != 0);
}

long bank_deposit(long amount, unsigned n, _Bool b, char c) {
  // CHECK-NEXT: "kind":{"FunctionCall":{"function_name":"bank_deposit","module":"func-entry","args":{"amount":-42,"n":4000000000,"b":true,"c":65},"file":"{{(.*/)?}}func-entry.c","line":[[#@LINE-1]]}},"metadata"
  total += amount;
  return total + n + b + c;
}

long bank_big(struct Big s, long k) {
  // CHECK-NEXT: "kind":{"FunctionCall":{"function_name":"bank_big","module":"func-entry","args":{"k":11},"file":"{{(.*/)?}}func-entry.c","line":[[#@LINE-1]]}},"metadata"
  return s.a[0] + k;
}

long other(long x) {   /* neither annotated nor selected */
  total += x;
  return total;
}

int main(void) {
  struct Big big = {{1, 2, 3, 4}};
  printf("buf=%p\n", (void *)buf);
  int r = annotated(7, 2.5, buf);
  r += annotated(3, -0.125, 0);
  r += (int)bank_deposit(-42, 4000000000u, 1, 'A');
  r += (int)bank_big(big, 11);
  r += (int)other(9);
  return r == 0;
}
