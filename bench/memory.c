/*
 * memory.c - memory per buffered event and per tracked location.
 * Raceway build only; compiled with -I runtime for sizeof(rw_rec).
 *
 *   RACEWAY_MAX_BUFFERED=2097152 RACEWAY_FLUSH_INTERVAL_MS=600000 \
 *   RACEWAY_OUTPUT=/dev/null memory events 1000000
 *       RSS growth while 1M events sit in this thread's ring (the ring
 *       is only kicked at half full, 1,048,576, so nothing drains);
 *   RACEWAY_SEND=none memory shadow 500000
 *       RSS growth of the detector's shadow table when N distinct
 *       8-byte addresses are accessed once each (the array itself is
 *       touched before the first measurement).
 *
 * Prints: what=... n=N rss_growth_bytes=B bytes_per_item=X sizeof_rec=S
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture/ring.h"

static long tracked_cell_dummy;

struct cell {
  __attribute__((annotate("raceway"))) long v;
};

static __attribute__((annotate("raceway"))) long event_target;

static long rss_bytes(void) {
  long pages = 0, resident = 0;
  FILE *f = fopen("/proc/self/statm", "r");
  if (!f || fscanf(f, "%ld %ld", &pages, &resident) != 2)
    resident = -1;
  if (f)
    fclose(f);
  return resident * 4096;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s events|shadow N\n", argv[0]);
    return 2;
  }
  long n = atol(argv[2]);
  int events = strcmp(argv[1], "events") == 0;
  struct cell *cells = 0;
  if (!events) {
    cells = malloc((size_t)n * sizeof *cells);
    if (!cells)
      return 1;
    memset(cells, 0, (size_t)n * sizeof *cells);
  }
  event_target = 0;      /* first event: maps the ring's first page */
  long before = rss_bytes();
  for (long i = 0; i < n; i++) {
    if (events)
      event_target = i;
    else
      cells[i].v = i;
  }
  long after = rss_bytes();
  tracked_cell_dummy = cells ? cells[n - 1].v : event_target;
  printf("what=%s n=%ld rss_growth_bytes=%ld bytes_per_item=%.1f sizeof_rec=%zu\n",
         argv[1], n, after - before, (double)(after - before) / n, sizeof(rw_rec));
  free(cells);
  return 0;
}
