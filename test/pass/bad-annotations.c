// Malformed "raceway..." annotations get one warning each (not one per
// access), are ignored, and compilation succeeds; other annotations are
// ignored silently.
// RUN: %clang -O0 -fpass-plugin=%plugin -S -emit-llvm -o %t.ll %s 2> %t.err
// RUN: FileCheck %s --check-prefix=WARN < %t.err
// RUN: FileCheck %s --check-prefix=IR < %t.ll

// WARN-DAG: warning: {{.*}}bad-annotations.c:[[#@LINE+1]]: ignoring malformed raceway annotation "raceway:"; expected "raceway" or "raceway:<name>[,redact]"
int empty __attribute__((annotate("raceway:")));
// WARN-DAG: warning: {{.*}}bad-annotations.c:[[#@LINE+1]]: ignoring malformed raceway annotation "racewayx"
int suffix __attribute__((annotate("racewayx")));
// WARN-DAG: warning: {{.*}}bad-annotations.c:[[#@LINE+1]]: ignoring malformed raceway annotation "raceway:a b"
int space __attribute__((annotate("raceway:a b")));
// WARN-DAG: warning: {{.*}}bad-annotations.c:[[#@LINE+1]]: ignoring malformed raceway annotation "raceway:a,b"
int twonames __attribute__((annotate("raceway:a,b")));
int other __attribute__((annotate("something-else")));
long good __attribute__((annotate("raceway:good,redact")));

struct S {
  // WARN-DAG: warning: {{.*}}bad-annotations.c:[[#@LINE+1]]: ignoring malformed raceway annotation "raceway:,redact"
  int f __attribute__((annotate("raceway:,redact")));
};
// WARN-NOT: warning:
// WARN: 5 warnings generated.

void use(struct S *s) {
  empty = suffix = space = twonames = other = 1;
  s->f = 1;
  s->f = 2;
  good = 3;
}
// Only the valid annotation is tracked.
// IR-LABEL: @use(
// IR-NOT: call void @__raceway_write
// IR: call void @__raceway_write(ptr @{{.*}}, ptr @good, i64 3)
// IR-NOT: call void @__raceway_write
// IR: ret void
