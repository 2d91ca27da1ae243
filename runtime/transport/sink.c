/*
 * sink.c - the choice of sink, the shutdown deadline sinks honour, and
 * the rate limit of their repeated diagnostics.
 */
#include "transport/sink.h"

#include <stdio.h>
#include <time.h>

#include "common/clock.h"
#include "common/diag.h"

_Atomic uint64_t rw_sink_deadline_ns;

rw_sink *rw_sink_open(const rw_config *cfg, int truncate) {
  if (cfg->pub.output_path)
    return rw_sink_file_open(cfg->pub.output_path, truncate);
  return rw_sink_http_open(cfg);
}

unsigned rw_sink_ms_left(unsigned cap_ms) {
  uint64_t deadline = atomic_load(&rw_sink_deadline_ns);
  if (!deadline)
    return cap_ms;
  uint64_t now = rw_clock_mono_ns();
  if (now >= deadline)
    return 0;
  uint64_t left = (deadline - now) / 1000000ull;
  return left < cap_ms ? (unsigned)left : cap_ms;
}

int rw_sink_sleep(unsigned ms) {
  uint64_t until = rw_clock_mono_ns() + (uint64_t)ms * 1000000ull;
  for (;;) {
    uint64_t now = rw_clock_mono_ns(), deadline = atomic_load(&rw_sink_deadline_ns);
    if (deadline && now >= deadline)
      return -1;
    if (now >= until)
      return 0;
    uint64_t step = until - now;
    if (step > 10000000ull)
      step = 10000000ull;     /* 10 ms steps: see the deadline come */
    struct timespec ts = {0, (long)step};
    nanosleep(&ts, 0);
  }
}

#define NOTE_INTERVAL_NS 1000000000ull

int rw_sink_note_ok(rw_sink_note *n, uint64_t *more) {
  uint64_t now = rw_clock_mono_ns();
  if (n->printed && now - n->last_ns < NOTE_INTERVAL_NS) {
    n->more++;
    return 0;
  }
  *more = n->more;
  n->more = 0;
  n->last_ns = now;
  n->printed = 1;
  return 1;
}

void rw_sink_note_end(rw_sink_note *n, const char *what) {
  if (n->more)
    fprintf(rw_diag_err(), "raceway: %s: %llu more like this\n", what,
            (unsigned long long)n->more);
  n->more = 0;
}
