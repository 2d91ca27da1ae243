/* emit.c N [SLEEP_MS [FLUSH_MS]] - record N Custom events, optionally
 * sleep (the flusher works meanwhile), optionally raceway_flush, and exit:
 * the transport tests' event source. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <raceway/raceway.h>

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 10;
  int sleep_ms = argc > 2 ? atoi(argv[2]) : 0;
  int flush_ms = argc > 3 ? atoi(argv[3]) : -1;
  for (int i = 0; i < n; i++) {
    char data[32];
    snprintf(data, sizeof data, "{\"i\":%d}", i);
    raceway_capture_custom("tick", data);
  }
  if (sleep_ms > 0)
    usleep((useconds_t)sleep_ms * 1000);
  if (flush_ms >= 0)
    printf("flush=%d\n", raceway_flush((unsigned)flush_ms));
  raceway_stats st;
  raceway_get_stats(&st);
  printf("produced=%llu\n", (unsigned long long)st.produced);
  return 0;
}
