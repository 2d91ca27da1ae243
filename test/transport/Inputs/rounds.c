/* rounds.c ROUNDS PER FLUSH_MS [PACE_MS] - ROUNDS times: record PER Custom
 * events, then raceway_flush(FLUSH_MS) (wait at most that long for them to
 * be delivered or dropped), then pause PACE_MS.  A run of many batches
 * spread over time (the pause paces the load; nothing waits on it): the
 * transport tests count the requests a failing server gets during it.
 * Prints "flushed=<rounds that settled>". */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <raceway/raceway.h>

int main(int argc, char **argv) {
  int rounds = argc > 1 ? atoi(argv[1]) : 10;
  int per = argc > 2 ? atoi(argv[2]) : 100;
  int flush_ms = argc > 3 ? atoi(argv[3]) : 50;
  int pace_ms = argc > 4 ? atoi(argv[4]) : 0;
  int settled = 0;
  for (int r = 0; r < rounds; r++) {
    for (int i = 0; i < per; i++) {
      char data[48];
      snprintf(data, sizeof data, "{\"round\":%d,\"i\":%d}", r, i);
      raceway_capture_custom("tick", data);
    }
    settled += raceway_flush((unsigned)flush_ms) == 0;
    struct timespec ts = {pace_ms / 1000, (long)(pace_ms % 1000) * 1000000L};
    if (pace_ms)
      nanosleep(&ts, 0);
  }
  printf("flushed=%d\n", settled);
  return 0;
}
