/* emit.c N [FLUSH_MS] - record N Custom events, optionally raceway_flush
 * (waiting at most FLUSH_MS for delivery), and exit: the transport tests'
 * event source.  It never sleeps: a test that needs the server to change
 * state meanwhile synchronises on something it can see (collector.py
 * --listen-after). */
#include <stdio.h>
#include <stdlib.h>
#include <raceway/raceway.h>

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 10;
  int flush_ms = argc > 2 ? atoi(argv[2]) : -1;
  for (int i = 0; i < n; i++) {
    char data[32];
    snprintf(data, sizeof data, "{\"i\":%d}", i);
    raceway_capture_custom("tick", data);
  }
  if (flush_ms >= 0)
    printf("flush=%d\n", raceway_flush((unsigned)flush_ms));
  raceway_stats st;
  raceway_get_stats(&st);
  printf("produced=%llu\n", (unsigned long long)st.produced);
  return 0;
}
