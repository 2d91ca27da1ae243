// FunctionCall args narrower than 64 bits keep their sign and type: the
// pass sign-extends signed integers and widens float to double, because
// the runtime reads every argument as 8 bytes:
//   int -7 -> "a":-7, short -3 -> "s":-3, float 1.5 -> "f":1.5
//
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: rm -f %t.jsonl
// RUN: env RACEWAY_OUTPUT=%t.jsonl %t
// RUN: grep -o '"args":{[^}]*}' %t.jsonl | FileCheck %s
// CHECK: "args":{"a":-7,"s":-3,"c":-5,"f":1.5,"d":-0.5}

#include <raceway/raceway.h>

__attribute__((annotate("raceway")))
int narrow(int a, short s, signed char c, float f, double d) {
  return a + s + c + (int)f + (int)d;
}

int main(void) { return narrow(-7, -3, -5, 1.5f, -0.5) == 0; }
