/*
 * bench/soak_stubs.c - the Raceway API calls the banking demo makes, doing
 * nothing: linked into bench/soak.sh's plain (uninstrumented) build of the
 * demo, which has no libraceway and no pass.
 */
#include <raceway/raceway.h>
#include <stdlib.h>
#include <string.h>

void raceway_name_object(const void *base, const char *name) {
  (void)base;
  (void)name;
}

void raceway_name_lock(const void *lock, const char *name) {
  (void)lock;
  (void)name;
}

void raceway_http_request_begin(const char *method, const char *url,
                                const char *traceparent,
                                const char *raceway_clock) {
  (void)method;
  (void)url;
  (void)traceparent;
  (void)raceway_clock;
}

void raceway_http_request_end(unsigned status) { (void)status; }

int raceway_propagation_headers(char *traceparent_line, size_t tp_len,
                                char *clock_line, size_t clock_len) {
  (void)traceparent_line;
  (void)tp_len;
  (void)clock_line;
  (void)clock_len;
  return -1; /* no trace: the demo sends no headers */
}

unsigned raceway_race_count(void) { return 0; }

char *raceway_race_report_json(void) { return strdup("{\"races\":[]}"); }

void raceway_get_stats(raceway_stats *out) { memset(out, 0, sizeof *out); }

void raceway_shutdown(void) {}
