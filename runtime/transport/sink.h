/*
 * sink.h - where encoded batches go: a JSON Lines file (sink_file.c) or
 * the Raceway server over HTTP (sink_http.c); the interface both
 * implement, and the choice between them (sink.c).  Sinks run on the flusher
 * thread only; they may block it (retries, backoff) but never an
 * application thread.
 */
#ifndef RW_SINK_H
#define RW_SINK_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include "common/config.h"

/* n encoded events: event i is data[off[i] .. off[i+1]).
 *
 * A sink that makes events visible piece by piece (the file sink: whole
 * lines, a few KB at a time) commits each piece, so the exit line never
 * counts a line that is not in the file, nor misses one that is:
 * commit_begin() returns 0 once shutdown closed the accounting (write
 * nothing more), else the sink writes the piece (without waiting) and
 * calls commit_end(k) with the k events it made visible, counted as
 * delivered there and then; they go into the result's `committed` too. */
typedef struct rw_batch {
  const char *data;
  const size_t *off;
  uint32_t n;
  int (*commit_begin)(void);
  void (*commit_end)(uint64_t delivered);
} rw_batch;

/* Outcome of one batch; delivered + rejected + undeliverable == n. */
typedef struct rw_sink_result {
  uint64_t delivered;
  uint64_t committed;      /* of delivered: counted by commit_end already */
  uint64_t rejected;       /* the server refused them (4xx), or its full
                              queue dropped them (206 with its counts)  */
  uint64_t undeliverable;  /* gave up: unreachable, 401, deadline        */
  int slow_down;           /* server asked for less (206)               */
  int lost_unknown;        /* a 206 that did not say how many it dropped:
                              counted delivered, but some may be gone   */
} rw_sink_result;

typedef struct rw_sink rw_sink;
typedef struct rw_sink_ops {
  void (*send)(rw_sink *s, const rw_batch *b, rw_sink_result *out);
  void (*close)(rw_sink *s);
  /* 1 when a batch sent now would be tried; 0 while the sink knows it
   * cannot deliver (HTTP: the endpoint is down or asked us to wait; file:
   * a FIFO with no reader).  Then the flusher does not even encode:
   * events are dropped and counted undeliverable.  May retry an open. */
  int (*ready)(rw_sink *s);
  int fork_safe;   /* a fork child may keep using it (file: yes; HTTP: a
                      connection shared with the parent, no)          */
} rw_sink_ops;

struct rw_sink {
  const rw_sink_ops *ops;
};

/* The sink the configuration asks for: the output file, else HTTP.  NULL
 * (with one stderr line) when it cannot work at all.  truncate: start the
 * file afresh (the process that started the runtime; a fork child
 * appends to its parent's file). */
rw_sink *rw_sink_open(const rw_config *cfg, int truncate);
/* The two kinds (sink_file.c, sink_http.c).  The HTTP sink calls libcurl
 * through curl_dl.h; NULL when libcurl could not be loaded (said once). */
rw_sink *rw_sink_file_open(const char *path, int truncate);
rw_sink *rw_sink_http_open(const rw_config *cfg);
/* Load libcurl (cfg->libcurl, curl_dl.h) and run its global init, once:
 * 1 if it is loaded.  Not thread-safe: rt/lifecycle.c calls it at start. */
int rw_sink_http_load(const rw_config *cfg);

/* Shutdown deadline (CLOCK_MONOTONIC ns, common/clock.h) after which sinks
 * stop retrying; 0 while running.  Set by the flusher, read by sinks
 * between tries. */
extern _Atomic uint64_t rw_sink_deadline_ns;

/* Milliseconds until the shutdown deadline, capped at cap_ms (cap_ms
 * while there is none; 0 once it passed). */
unsigned rw_sink_ms_left(unsigned cap_ms);
/* Sleep ms (on the flusher), in steps that watch the shutdown deadline.
 * 0, or -1 once the deadline passed. */
int rw_sink_sleep(unsigned ms);

/* Repeated diagnostics, rate-limited: at most one line a second per
 * kind; the ones held back are counted and said with the next line
 * ("... (and N more like this)") or at close (rw_sink_note_end). */
typedef struct rw_sink_note {
  uint64_t last_ns;
  uint64_t more;         /* held back since the last line printed */
  int printed;
} rw_sink_note;
/* 1 if a line may be printed now (*more: how many were held back before
 * it, to mention); 0 if this one is held back (counted). */
int rw_sink_note_ok(rw_sink_note *n, uint64_t *more);
/* Say how many were held back since the last line, if any:
 * "raceway: <what>: N more like this". */
void rw_sink_note_end(rw_sink_note *n, const char *what);

#endif
