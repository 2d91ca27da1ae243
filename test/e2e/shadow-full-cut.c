// The "shadow table full" line names the setting to raise.  The default
// RACEWAY_MAX_SHADOW (1048576) is cut silently at start to half of what
// RACEWAY_MAX_MEMORY has (131072 addresses with the default 128 MiB), so
// the line said "RACEWAY_MAX_SHADOW" when only RACEWAY_MAX_MEMORY gives
// more (lz4 in whole-file mode, docs/real-projects.md); a RACEWAY_MAX_SHADOW
// that fits is still the one named.
//
// UNSUPPORTED: sanitize
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_SEND=none RACEWAY_MAX_MEMORY=16 %t 2> %t.cut
// RUN: FileCheck --check-prefix=CUT %s < %t.cut
// RUN: env RACEWAY_SEND=none RACEWAY_MAX_SHADOW=4096 %t 2> %t.set
// RUN: FileCheck --check-prefix=SET %s < %t.set
// CUT: Raceway: shadow table full ({{[0-9]+}} addresses: RACEWAY_MAX_SHADOW=1048576, cut to half of RACEWAY_MAX_MEMORY; raise that); new addresses are not checked for races while it is (an address counts until its memory is freed)
// SET: Raceway: shadow table full (4096 addresses, RACEWAY_MAX_SHADOW); new addresses are not checked for races while it is (an address counts until its memory is freed)
#include <pthread.h>

#define N 200000
__attribute__((annotate("raceway"))) static long big[N];

static void *fill(void *arg) {
  (void)arg;
  for (int i = 0; i < N; i++)
    big[i] = i;
  return 0;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, fill, 0);
  pthread_join(t, 0);
  return (int)(big[N - 1] != N - 1);
}
