/*
 * clock.h - event timestamps (runtime/clock.c).
 *
 * Producers store a raw reading; the flusher converts it to UTC
 * nanoseconds and RFC 3339 text.  On x86-64 with an invariant TSC
 * (constant_tsc + nonstop_tsc) the raw reading is rdtsc (~10 ns measured
 * here, against ~23 ns for the clock_gettime(CLOCK_REALTIME) vDSO call), and
 * it is mapped to wall time by a line through two (tsc, realtime) samples
 * taken at start and refreshed by the flusher.  Elsewhere the raw reading
 * is CLOCK_REALTIME nanoseconds.
 */
#ifndef RW_CLOCK_H
#define RW_CLOCK_H

#include <stdint.h>
#include <time.h>
#if defined(__x86_64__)
#include <x86intrin.h>
#endif

extern int rw_clock_tsc;   /* 1: raw readings are TSC ticks */

/* Nanoseconds of clock id (CLOCK_REALTIME, _MONOTONIC, _THREAD_CPUTIME_ID). */
static inline uint64_t rw_clock_ns(clockid_t id) {
  struct timespec ts;
  clock_gettime(id, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* Nanoseconds as a timespec (a relative timeout or an absolute time). */
static inline struct timespec rw_clock_timespec(uint64_t ns) {
  struct timespec ts = {(time_t)(ns / 1000000000ull), (long)(ns % 1000000000ull)};
  return ts;
}

static inline uint64_t rw_clock_realtime_ns(void) { return rw_clock_ns(CLOCK_REALTIME); }

/* Monotonic nanoseconds, for deadlines and durations. */
static inline uint64_t rw_clock_mono_ns(void) { return rw_clock_ns(CLOCK_MONOTONIC); }

static inline uint64_t rw_clock_now(void) {
#if defined(__x86_64__)
  if (__builtin_expect(rw_clock_tsc, 1))
    return __rdtsc();
#endif
  return rw_clock_realtime_ns();
}

/* Choose the clock source and take the first calibration sample. */
void rw_clock_init(void);
/* Refresh the calibration (flusher, before converting a batch). */
void rw_clock_calibrate(void);
/* Raw reading -> nanoseconds since the Unix epoch, UTC. */
uint64_t rw_clock_to_ns(uint64_t raw);
/* "YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ" (30 chars + NUL). */
void rw_clock_format(uint64_t ns, char out[31]);

#endif
