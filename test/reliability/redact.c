// State annotated "raceway:redact" (a global, and a struct field through
// RACEWAY_REDACTED) is still tracked, so its races are found and reported,
// but its values never leave the process: events carry null old/new
// values, and neither the printed report, the JSON report nor the events
// contain the value.  The unredacted control variable shows the value
// does get through otherwise.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %rwcc -g -O0 %s %rwlibs -o %t/redact
// RUN: env RACEWAY_OUTPUT=%t/events.jsonl RACEWAY_REPORT=%t/report.json RACEWAY_REPORT_LIVE=1 \
// RUN:   %t/redact > %t/stdout.txt 2> %t/stderr.txt
// RUN: %python %srcroot/test/tools/check_events.py %t/events.jsonl
// Races on all three are found:
// RUN: FileCheck %s --check-prefix=REPORT < %t/stderr.txt
// REPORT-DAG: data race on secret_code
// REPORT-DAG: data race on vault.pin
// REPORT-DAG: data race on control
// RUN: FileCheck %s --check-prefix=JSON < %t/report.json
// JSON-DAG: "secret_code"
// JSON-DAG: "vault.pin"
// Redacted events are there, with null values only:
// RUN: grep -c '"variable":"secret_code","old_value":null,"new_value":null,' %t/events.jsonl | FileCheck %s --check-prefix=SOME
// RUN: grep -c '"variable":"vault.pin","old_value":null,"new_value":null,' %t/events.jsonl | FileCheck %s --check-prefix=SOME
// RUN: grep '"StateChange":{"variable":"secret_code"' %t/events.jsonl | not grep -v '"old_value":null,"new_value":null,'
// RUN: grep '"StateChange":{"variable":"vault.pin"' %t/events.jsonl | not grep -v '"old_value":null,"new_value":null,'
// SOME: {{^[1-9][0-9]*$}}
// The secret values appear nowhere; the control value does:
// RUN: not grep -e 987654321 -e 123456789 %t/events.jsonl %t/report.json %t/stderr.txt %t/stdout.txt
// RUN: grep -q 555555 %t/events.jsonl
// RUN: grep -q 555555 %t/stderr.txt

#include <pthread.h>
#include <raceway/raceway.h>

long secret_code __attribute__((annotate("raceway:redact")));
long control __attribute__((annotate("raceway")));

struct vault {
  int id;
  RACEWAY_REDACTED(long, pin);
};
static struct vault vault;

static void *writer(void *arg) {
  secret_code = 987654321;
  vault.pin = 123456789;
  control = 555555;
  return arg;
}

int main(void) {
  raceway_name_object(&vault, "vault");
  pthread_t a, b;
  pthread_create(&a, 0, writer, 0);
  pthread_create(&b, 0, writer, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return 0;
}
