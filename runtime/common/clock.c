/*
 * clock.c - TSC calibration and RFC 3339 formatting of event timestamps.
 * See clock.h for why the hot path reads the TSC.
 */
#include "common/clock.h"

#include <stdio.h>
#include <string.h>

#include "common/json.h"

int rw_clock_tsc;

/* Calibration line: ns = base_ns + (raw - base_raw) * num / den.  Written
 * by the flusher (or at init), read by the flusher: no concurrency. */
static uint64_t base_raw, base_ns, last_raw, last_ns;

static int cpu_has_invariant_tsc(void) {
#if defined(__x86_64__)
  FILE *f = fopen("/proc/cpuinfo", "r");
  if (!f)
    return 0;
  char line[4096];
  int ok = 0;
  while (fgets(line, sizeof line, f)) {
    if (strncmp(line, "flags", 5) == 0) {
      ok = strstr(line, " constant_tsc") && strstr(line, " nonstop_tsc");
      break;
    }
  }
  fclose(f);
  return ok;
#else
  return 0;
#endif
}

/* One (tsc, realtime) pair, bracketed tightly so the pair is coherent. */
static void sample(uint64_t *raw, uint64_t *ns) {
#if defined(__x86_64__)
  uint64_t a = __rdtsc();
  *ns = rw_clock_realtime_ns();
  uint64_t b = __rdtsc();
  *raw = a + (b - a) / 2;
#else
  *raw = *ns = rw_clock_realtime_ns();
#endif
}

void rw_clock_init(void) {
  rw_clock_tsc = cpu_has_invariant_tsc();
  sample(&base_raw, &base_ns);
  last_raw = base_raw;
  last_ns = base_ns;
}

void rw_clock_calibrate(void) {
  if (!rw_clock_tsc)
    return;
  uint64_t raw, ns;
  sample(&raw, &ns);
  /* A short baseline makes a poor slope: wait until 1 ms has passed
   * (happens at most once, for programs that exit at once). */
  while (ns - base_ns < 1000000 && ns >= base_ns)
    sample(&raw, &ns);
  if (raw > base_raw && ns > base_ns) {
    last_raw = raw;
    last_ns = ns;
  }
}

uint64_t rw_clock_to_ns(uint64_t raw) {
  if (!rw_clock_tsc)
    return raw;
  if (last_raw <= base_raw)
    rw_clock_calibrate();
  double slope = (double)(last_ns - base_ns) / (double)(last_raw - base_raw);
  /* Relative offsets only: an absolute ns count does not fit a double's
   * 53-bit mantissa. */
  double d = ((double)(int64_t)(raw - base_raw)) * slope;
  return base_ns + (uint64_t)(int64_t)d;
}

/* The date-and-seconds prefix changes once a second: cache it (only the
 * flusher formats, so a static cache is safe). */
static time_t cached_secs = -1;
static char cached_prefix[21];

void rw_clock_format(uint64_t ns, char out[31]) {
  time_t secs = (time_t)(ns / 1000000000ull);
  if (secs != cached_secs) {
    struct tm tm;
    gmtime_r(&secs, &tm);
    snprintf(cached_prefix, sizeof cached_prefix, "%04d-%02d-%02dT%02d:%02d:%02d.",
             tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
             tm.tm_min, tm.tm_sec);
    cached_secs = secs;
  }
  memcpy(out, cached_prefix, 20);
  rw_json_digits(ns % 1000000000ull, out + 20, 9);
  out[29] = 'Z';
  out[30] = 0;
}
