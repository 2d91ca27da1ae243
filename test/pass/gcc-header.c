// raceway.h compiles cleanly with gcc and g++ under -Werror (the annotate
// attribute is clang's: under gcc the macros add nothing), and under clang
// still gives the annotations the pass reads.
// REQUIRES: gcc, g++
// RUN: gcc -std=c11 -Wall -Wextra -Werror -pedantic %rwinc -c %s -o %t.gcc.o
// RUN: gcc -std=gnu99 -Wall -Wextra -Werror %rwinc -c %s -o %t.gnu99.o
// RUN: g++ -x c++ -std=c++17 -Wall -Wextra -Werror %rwinc -c %s -o %t.gxx.o
// RUN: g++ -x c++ -std=c++11 -Wall -Werror %rwinc -c %s -o %t.gxx11.o
// RUN: %clang -Wall -Wextra -Werror %rwinc -S -emit-llvm %s -o - | FileCheck %s
// RUN: %clang -x c++ -Wall -Wextra -Werror %rwinc -S -emit-llvm %s -o - | FileCheck %s
// RUN: gcc -Wall -Werror %rwinc -E %s | FileCheck --check-prefix=GCC %s
// GCC-NOT: annotate
// CHECK-DAG: c"raceway:counter\00"
// CHECK-DAG: c"raceway:grid[4]\00"
// CHECK-DAG: c"raceway:balance\00"
// CHECK-DAG: c"raceway:pin[8],redact\00"
// CHECK-DAG: c"raceway\00"
#include <raceway/raceway.h>

RACEWAY_TRACKED(long, counter);
RACEWAY_TRACKED(int, grid[4]);
RACEWAY_REDACTED(char, secret[16]);
int plain RACEWAY_TRACK;

struct Account {
  int id;
  RACEWAY_TRACKED(long, balance);
  RACEWAY_REDACTED(char, pin[8]);
  long limit RACEWAY_TRACK;
};

RACEWAY_TRACK int touch(struct Account *a);
int touch(struct Account *a) {
  static RACEWAY_TRACKED(int, hits);
  hits++;
  counter += a->balance + a->limit;
  grid[1] = a->pin[0] + secret[0] + plain;
  return hits;
}
