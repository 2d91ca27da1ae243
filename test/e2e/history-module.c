// The exit line about accesses dropped from a full history names the first
// such address's variable and where it lives, module and offset: in pigz every compression
// thread reads zlib's version string, in libz's read-only data, and the bare
// address did not say so (docs/real-projects.md).  Here 24 threads read one
// tracked global, none ordered with another, so its cell holds 16 reads and
// drops the other 8.
//
// UNSUPPORTED: sanitize
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_SEND=none %t 2> %t.err
// RUN: FileCheck %s < %t.err
// CHECK: Raceway: {{[0-9]+}} accesses were dropped from the history of 1 addresses (first setting at 0x{{[0-9a-f]+}}, history-module.c.tmp+0x{{[0-9a-f]+}}) that held 16 unordered accesses at once
#include <pthread.h>
#include <raceway/raceway.h>

RACEWAY_TRACKED(long, setting);

static void *reader(void *arg) {
  return (void *)(setting + (long)arg);
}

int main(void) {
  pthread_t t[24];
  setting = 42; // before the threads: every read is ordered after it
  for (long i = 0; i < 24; i++)
    pthread_create(&t[i], 0, reader, (void *)i);
  for (int i = 0; i < 24; i++)
    pthread_join(t[i], 0);
  return 0;
}
