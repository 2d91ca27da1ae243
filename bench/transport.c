/*
 * transport.c - how fast the background thread encodes and writes events,
 * and what the application thread feels meanwhile.  Raceway build only.
 *
 *   RACEWAY_OUTPUT=/dev/null transport [EVENTS]        file sink
 *   RACEWAY_ENDPOINT=http://127.0.0.1:P transport      HTTP sink
 *
 * The main thread stores to a tracked global in chunks of 1024 writes
 * (one StateChange event each) and, to stay below the ring's capacity so
 * nothing is dropped, sleeps after each chunk while more than half a ring
 * less a chunk is pending (RACEWAY_MAX_BUFFERED, default 8192).  The
 * clock runs from the first event to the end of raceway_flush(), so the
 * rate is the flusher's sustained rate.  Each chunk is timed on its own:
 * its percentiles show whether the producer ever stalls while the flusher
 * works (a stall would show up as a max far above the median; run with
 * RACEWAY_SEND=none for the same loop with no transport at all).  Prints:
 *
 *   events=N delivered=N dropped=N seconds=S events_per_s=R
 *   chunk_ns_p50=A chunk_ns_p99=B chunk_ns_max=C
 */
#include <raceway/raceway.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define CHUNK 1024

static RACEWAY_TRACKED(long, sink_value);

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

/* Sleep while more than `limit` events wait in the buffers, at most about
 * a second (events held for races, RACEWAY_SEND=auto or races, stay
 * pending). */
static void pace(uint64_t limit) {
  struct timespec pause = {0, 20000};
  for (int i = 0; i < 50000; i++) {
    raceway_stats st;
    raceway_get_stats(&st);
    if (st.pending <= limit)
      return;
    nanosleep(&pause, 0);
  }
}

int main(int argc, char **argv) {
  long events = argc > 1 ? atol(argv[1]) : 2000000;
  if (events < CHUNK) {
    fprintf(stderr, "transport: EVENTS must be >= %d\n", CHUNK);
    return 2;
  }
  const char *mb = getenv("RACEWAY_MAX_BUFFERED");
  uint64_t ring = mb ? strtoull(mb, 0, 10) : 8192;   /* its default */
  long nchunks = events / CHUNK;
  uint64_t *chunk_ns = malloc(nchunks * sizeof *chunk_ns);
  if (!chunk_ns) {
    perror("malloc");
    return 1;
  }
  raceway_stats before, after;
  raceway_get_stats(&before);
  uint64_t t0 = now_ns();
  for (long c = 0; c < nchunks; c++) {
    uint64_t c0 = now_ns();
    for (long i = 0; i < CHUNK; i++)
      sink_value = c * CHUNK + i;
    chunk_ns[c] = now_ns() - c0;
    pace(ring / 2 > CHUNK ? ring / 2 - CHUNK : 0);   /* room for the next chunk */
  }
  if (raceway_flush(120000) != 0)
    fprintf(stderr, "transport: flush timed out\n");
  uint64_t t1 = now_ns();
  raceway_get_stats(&after);
  qsort(chunk_ns, nchunks, sizeof *chunk_ns, cmp_u64);
  double secs = (t1 - t0) / 1e9;
  uint64_t delivered = after.delivered - before.delivered;
  printf("events=%ld delivered=%llu dropped=%llu seconds=%.3f events_per_s=%.0f\n",
         nchunks * CHUNK, (unsigned long long)delivered,
         (unsigned long long)(after.dropped - before.dropped), secs, delivered / secs);
  printf("chunk_ns_p50=%llu chunk_ns_p99=%llu chunk_ns_max=%llu\n",
         (unsigned long long)chunk_ns[nchunks / 2],
         (unsigned long long)chunk_ns[nchunks * 99 / 100],
         (unsigned long long)chunk_ns[nchunks - 1]);
  free(chunk_ns);
  return 0;
}
