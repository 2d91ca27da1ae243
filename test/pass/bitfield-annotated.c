// clang drops annotate on a bit-field, so the pass cannot track one: it
// warns (read from the source, with or without -g, also in a quoted
// include) instead of tracking nothing in silence.
// RUN: %clang -O0 -fpass-plugin=%plugin %rwinc -S -emit-llvm -o /dev/null %s 2>&1 | FileCheck %s
// RUN: %clang -g -O0 -fpass-plugin=%plugin %rwinc -S -emit-llvm -o /dev/null %s 2>&1 | FileCheck %s
// CHECK: bitfield-annotated.c:[[#@LINE+6]]: raceway annotation on bit-field 'ready' is ignored
// CHECK: bitfield-annotated.c:[[#@LINE+7]]: raceway annotation on bit-field 'mode' is ignored
// CHECK-NOT: raceway annotation on bit-field
// CHECK-NOT: warning:
#include <raceway/raceway.h>
struct Flags {
  unsigned ready : 1 RACEWAY_TRACK;
  unsigned busy : 1; /* not annotated */
  unsigned mode : 2 __attribute__((annotate("raceway:mode")));
  RACEWAY_TRACKED(int, count); /* a full field: tracked, no warning */
};
struct Flags flags;
int get(void) { return flags.count + flags.ready; }
