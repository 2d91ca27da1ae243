/*
 * sink_http.c - POST {endpoint}/events with libcurl (wire spec 1 and 9.2),
 * called through curl_dl.h's table (libcurl is loaded, not linked).
 *
 * One easy handle, reused, so the connection stays alive.  Responses:
 *   200        delivered
 *   206        the server's queue overflowed: slow down.  Its answer
 *              says how many events it queued ("Ingested 7 events, 3
 *              errors"), not which: none queued, the batch is retried as
 *              for a 429 (nothing can be duplicated); some, they count
 *              delivered and the rest rejected, never resent (a resend
 *              would duplicate what got in).  An answer without the
 *              counts: delivered as far as the client can know.
 *   400/413/415/422  a bad batch is never resent unchanged: split it in
 *              halves and send those, at most SPLIT_BUDGET more POSTs per
 *              batch (the rest is counted rejected); a single event
 *              refused is rejected.  After SPLIT_STOP_AFTER batches in a
 *              row were refused whole, batches are no longer split (one
 *              POST each) until one is delivered.
 *   401/403    configuration error (bad or missing key): one stderr line,
 *              dropped
 *   429/5xx/connection errors  back off (100 ms doubling, and at least
 *              the server's Retry-After, seconds or HTTP-date) and retry
 *              the same batch before anything newer; give up after
 *              MAX_TRIES, or at once when the wait would be longer than
 *              BACKOFF_MAX_MS.  Then the circuit breaker opens: the
 *              endpoint is "down", no connection is tried and nothing is
 *              encoded (rw_sink_ops.ready) until a probe is due: after the
 *              Retry-After (capped at RETRY_AFTER_MAX_MS) or a probe
 *              interval doubling from PROBE_FIRST_MS to PROBE_MAX_MS; the
 *              next batch is the probe, and a success closes the breaker.
 * Repeated debug lines are rate-limited (sink.h, rw_sink_note).
 * The API key goes only into the Authorization header, never into logs;
 * messages show the endpoint without its user:password@ part (h->shown).
 * An https endpoint whose RACEWAY_CA_BUNDLE names no readable file sends
 * nothing (said once, at start, by config.c or here), rather than failing
 * every request with a TLS error.
 */
#include "transport/sink.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "common/buf.h"
#include "common/clock.h"
#include "common/diag.h"
#include "transport/curl_dl.h"

#define MAX_TRIES 5                /* 4 waits: 100 + 200 + 400 + 800 ms   */
#define BACKOFF_FIRST_MS 100
#define BACKOFF_MAX_MS 5000       /* longest wait inside one batch's tries */
#define PROBE_FIRST_MS 1000
#define PROBE_MAX_MS 60000
#define RETRY_AFTER_MAX_MS 60000
#define SPLIT_BUDGET 16           /* POSTs of halves per refused batch     */
#define SPLIT_STOP_AFTER 3        /* refused whole in a row: stop splitting */
#define ANSWER_KEEP 256           /* bytes of an answer kept (a 206's counts) */

typedef struct http_sink {
  rw_sink base;
  const rw_curl_dl *cu;   /* libcurl's functions */
  CURL *curl;
  struct curl_slist *headers;
  char *url;
  char *shown;        /* url as printed (rw_config_endpoint_text)      */
  const char *ca_bundle;
  int no_ca;          /* https with an unreadable CA bundle: send nothing */
  int debug;
  int down;           /* breaker open: the last batch gave up             */
  uint64_t probe_at;  /* ... no request before this (CLOCK_MONOTONIC ns)  */
  unsigned probe_ms;  /* ... the current probe interval                   */
  unsigned refused_runs;  /* batches refused whole in a row (4xx)         */
  int reached;        /* the server ever answered or took a request        */
  int told_auth, told_status, told_tls;
  rw_sink_note note_failed, note_refused, note_down, note_queue;
  rw_buf body;
  char answer[ANSWER_KEEP];   /* the head of the last answer's body */
  size_t answer_len;
} http_sink;

/* libcurl's write callback: the answer's head is kept, the rest read and
 * dropped (the server's answers are short envelopes). */
static size_t keep_answer(char *p, size_t size, size_t n, void *u) {
  http_sink *h = u;
  size_t len = size * n, room = sizeof h->answer - 1 - h->answer_len;
  size_t k = len < room ? len : room;
  memcpy(h->answer + h->answer_len, p, k);
  h->answer_len += k;
  h->answer[h->answer_len] = 0;
  return len;
}

/* " (and N more like this)" after a rate-limited line, or "". */
static const char *more_text(uint64_t more) {
  static char buf[64];
  if (!more)
    return "";
  snprintf(buf, sizeof buf, " (and %llu more like this)", (unsigned long long)more);
  return buf;
}

/* post()'s result when the server's certificate could not be verified:
 * a configuration error (wrong host, self-signed without
 * RACEWAY_CA_BUNDLE), never retried, never sent unverified. */
#define ST_TLS (-1)
/* ... because RACEWAY_CA_BUNDLE could not be loaded as a CA file. */
#define ST_CA_FILE (-2)

static int is_tls_verify_error(CURLcode rc) {
  return rc == CURLE_PEER_FAILED_VERIFICATION || rc == CURLE_SSL_CACERT_BADFILE ||
         rc == CURLE_SSL_ISSUER_ERROR || rc == CURLE_SSL_CERTPROBLEM;
}

/* POST events [lo, hi) of b.  Returns the HTTP status, 0 for a transport
 * error (no response), or ST_TLS. */
static long post(http_sink *h, const rw_batch *b, uint32_t lo, uint32_t hi) {
  rw_buf *body = &h->body;
  body->len = 0;
  rw_buf_puts(body, "{\"events\":[");
  for (uint32_t i = lo; i < hi; i++) {
    if (i > lo)
      rw_buf_putc(body, ',');
    rw_buf_put(body, b->data + b->off[i], b->off[i + 1] - b->off[i]);
  }
  rw_buf_puts(body, "]}");
  if (body->oom) {
    body->oom = 0;
    return 0;
  }
  const rw_curl_dl *cu = h->cu;
  unsigned timeout = rw_sink_ms_left(10000);
  cu->easy_setopt(h->curl, CURLOPT_TIMEOUT_MS, (long)(timeout ? timeout : 1));
  cu->easy_setopt(h->curl, CURLOPT_POSTFIELDS, body->p);
  cu->easy_setopt(h->curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body->len);
  h->answer_len = 0;
  h->answer[0] = 0;
  CURLcode rc = cu->easy_perform(h->curl);
  if (rc != CURLE_OK) {
    if (rc == CURLE_SSL_CACERT_BADFILE)
      return ST_CA_FILE;
    if (is_tls_verify_error(rc))
      return ST_TLS;
    /* The server took the request but hung up: alive, worth retrying. */
    h->reached |= rc == CURLE_GOT_NOTHING || rc == CURLE_SEND_ERROR ||
                  rc == CURLE_RECV_ERROR;
    uint64_t more;
    if (h->debug && rw_sink_note_ok(&h->note_failed, &more))
      fprintf(rw_diag_err(), "raceway: POST %s failed: %s%s\n", h->shown,
              cu->easy_strerror(rc), more_text(more));
    return 0;
  }
  long status = 0;
  cu->easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE, &status);
  return status;
}

/* The server's Retry-After (seconds or an HTTP-date; libcurl parses
 * both) in ms, capped at RETRY_AFTER_MAX_MS; -1 if it sent none. */
static long retry_after_ms(http_sink *h, long status) {
  curl_off_t s = -1;
  if (status != 429 && status != 503)
    return -1;
  if (h->cu->easy_getinfo(h->curl, CURLINFO_RETRY_AFTER, &s) != CURLE_OK || s < 0)
    return -1;
  return s > RETRY_AFTER_MAX_MS / 1000 ? RETRY_AFTER_MAX_MS : (long)s * 1000;
}

/* Give up on the endpoint for now: no request (and no encoding) until
 * the probe is due, after the server's Retry-After if it sent one, and at
 * least the probe interval, which doubles while probes fail. */
static void breaker_open(http_sink *h, long retry_after) {
  uint64_t more;
  if (!h->down) {
    h->probe_ms = PROBE_FIRST_MS;
    if (h->debug && rw_sink_note_ok(&h->note_down, &more))
      fprintf(rw_diag_err(), "raceway: cannot deliver events to %s; dropping them "
              "until it answers%s\n", h->shown, more_text(more));
  } else {
    h->probe_ms = h->probe_ms * 2 > PROBE_MAX_MS ? PROBE_MAX_MS : h->probe_ms * 2;
  }
  unsigned ms = retry_after > (long)h->probe_ms ? (unsigned)retry_after : h->probe_ms;
  h->down = 1;
  h->probe_at = rw_clock_mono_ns() + (uint64_t)ms * 1000000ull;
}

static void breaker_close(http_sink *h) {
  if (h->down && h->debug)
    fprintf(rw_diag_err(), "raceway: %s answers again\n", h->shown);
  h->down = 0;
  h->probe_ms = 0;
}

static int http_ready(rw_sink *s) {
  http_sink *h = (http_sink *)s;
  return !h->no_ca && (!h->down || rw_clock_mono_ns() >= h->probe_at);
}

static int is_client_error(long st) {
  return st == 400 || st == 413 || st == 415 || st == 422;
}
/* 206 here: the server's queue was full and took none of the batch. */
static int is_retryable(long st) { return st == 0 || st == 206 || st == 429 || st >= 500; }

/* Statuses that are not retried and say so once: a configuration error
 * (TLS, CA file, key) or an answer that is not the Raceway server's.  1 if
 * st was one of them (the events are undeliverable). */
static int config_error(http_sink *h, long st) {
  if (st == ST_CA_FILE) {
    if (!h->told_tls++)
      fprintf(rw_diag_err(), "raceway: %s: RACEWAY_CA_BUNDLE could not be loaded as "
              "a CA file; events are dropped\n", h->shown);
  } else if (st == ST_TLS) {
    if (!h->told_tls++)
      fprintf(rw_diag_err(), "raceway: %s: TLS certificate verification failed; "
              "set RACEWAY_CA_BUNDLE to the server's CA file; events are "
              "dropped\n", h->shown);
  } else if (st == 401 || st == 403) {
    if (!h->told_auth++)
      fprintf(rw_diag_err(), "raceway: %s refused the API key (HTTP %ld): "
              "configuration error; events are dropped\n", h->shown, st);
  } else if (!is_retryable(st)) {
    if (!h->told_status++)
      fprintf(rw_diag_err(), "raceway: %s answered HTTP %ld; check RACEWAY_ENDPOINT; "
              "events are dropped\n", h->shown, st);
  } else {
    return 0;
  }
  return 1;
}

static void send_range(http_sink *h, const rw_batch *b, uint32_t lo,
                       uint32_t hi, rw_sink_result *out, unsigned *budget);

/* How many of the n events a 206 says the server queued: its envelope's
 * data is "Ingested S events, E errors" (wire spec 1.5), S + E == n, E > 0;
 * -1 when the answer does not say that. */
static long queued_of(const http_sink *h, uint32_t n) {
  cJSON *j = cJSON_ParseWithLength(h->answer, h->answer_len);
  const cJSON *d = cJSON_GetObjectItemCaseSensitive(j, "data");
  unsigned s, e;
  long r = -1;
  if (cJSON_IsString(d) && sscanf(d->valuestring, "Ingested %u events, %u errors", &s, &e) == 2 &&
      e > 0 && (uint64_t)s + e == n)
    r = (long)s;
  cJSON_Delete(j);
  return r;
}

/* A 206 for [lo, hi): 1 if settled (the counts it gave, or, without them,
 * all delivered as far as we can know); 0 when the server queued none:
 * retry the batch. */
static int partial(http_sink *h, uint32_t lo, uint32_t hi, rw_sink_result *out) {
  long queued = queued_of(h, hi - lo);
  uint64_t more;
  out->slow_down = 1;
  if (queued >= 0 && h->debug && rw_sink_note_ok(&h->note_queue, &more))
    fprintf(rw_diag_err(), "raceway: the server's queue was full: it dropped %lu of %u "
            "events (HTTP 206)%s%s\n", (unsigned long)(hi - lo - (uint64_t)queued), hi - lo,
            queued ? "" : "; sending them again", more_text(more));
  if (queued == 0)
    return 0;
  breaker_close(h);
  if (queued < 0) {
    out->delivered += hi - lo;
    out->lost_unknown = 1;
  } else {
    out->delivered += (uint64_t)queued;
    out->rejected += hi - lo - (uint64_t)queued;
  }
  return 1;
}

/* The server refused [lo, hi) (4xx): a bad batch is never resent
 * unchanged.  Split it in halves while the batch's budget lasts and
 * splitting is still worth it; else the range is rejected. */
static void refused(http_sink *h, const rw_batch *b, uint32_t lo, uint32_t hi,
                    long st, rw_sink_result *out, unsigned *budget) {
  if (hi - lo > 1 && *budget >= 2 && h->refused_runs < SPLIT_STOP_AFTER) {
    uint32_t mid = lo + (hi - lo) / 2;
    *budget -= 2;
    send_range(h, b, lo, mid, out, budget);
    send_range(h, b, mid, hi, out, budget);
    return;
  }
  out->rejected += hi - lo;
  uint64_t more;
  if (h->debug && rw_sink_note_ok(&h->note_refused, &more))
    fprintf(rw_diag_err(), "raceway: the server refused %u event%s (HTTP %ld)%s\n",
            hi - lo, hi - lo == 1 ? "" : "s", st, more_text(more));
}

/* Deliver [lo, hi) with retries (the same batch before anything newer);
 * splits on client errors (recursion depth is log2(batch size)). */
static void send_range(http_sink *h, const rw_batch *b, uint32_t lo,
                       uint32_t hi, rw_sink_result *out, unsigned *budget) {
  unsigned delay = BACKOFF_FIRST_MS;
  for (int tries = 1;; tries++) {
    /* Past the shutdown deadline a request could not finish anyway. */
    if (rw_sink_ms_left(1) == 0) {
      out->undeliverable += hi - lo;
      return;
    }
    long st = post(h, b, lo, hi);
    if (st == 206 && partial(h, lo, hi, out))
      return;
    if (st >= 200 && st < 300 && st != 206) {
      out->delivered += hi - lo;
      breaker_close(h);
      return;
    }
    if (is_client_error(st)) {
      refused(h, b, lo, hi, st, out, budget);
      return;
    }
    if (config_error(h, st)) {
      out->undeliverable += hi - lo;
      return;
    }
    /* At shutdown a server that never answered is not waited for; one
     * that answers 429/5xx is alive and gets its retries until the
     * deadline.  A probe that fails gets no retries. */
    h->reached |= st != 0;
    long ra = retry_after_ms(h, st);
    unsigned wait = ra > (long)delay ? (unsigned)ra : delay;
    int quit = atomic_load(&rw_sink_deadline_ns) && !h->reached;
    if (h->down || quit || tries >= MAX_TRIES || wait > BACKOFF_MAX_MS ||
        rw_sink_sleep(wait) != 0) {
      breaker_open(h, ra);
      out->undeliverable += hi - lo;
      return;
    }
    delay = delay * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : delay * 2;
  }
}

static void http_send(rw_sink *s, const rw_batch *b, rw_sink_result *out) {
  http_sink *h = (http_sink *)s;
  memset(out, 0, sizeof *out);
  if (h->no_ca || !b->n) {
    out->undeliverable = b->n;    /* never sent, never sent unverified */
    return;
  }
  if (h->down && rw_clock_mono_ns() < h->probe_at) {
    out->undeliverable = b->n;    /* breaker open: no connection at all */
    return;
  }
  unsigned budget = SPLIT_BUDGET;
  send_range(h, b, 0, b->n, out, &budget);
  if (out->delivered)
    h->refused_runs = 0;
  else if (out->rejected == b->n)
    h->refused_runs++;
}

static void http_close(rw_sink *s) {
  http_sink *h = (http_sink *)s;
  rw_sink_note_end(&h->note_failed, "POST failed");
  rw_sink_note_end(&h->note_refused, "the server refused events");
  rw_sink_note_end(&h->note_queue, "the server's queue dropped events");
  rw_sink_note_end(&h->note_down, "cannot deliver events");
  h->cu->easy_cleanup(h->curl);
  h->cu->slist_free_all(h->headers);
  rw_buf_free(&h->body);
  free(h->url);
  free(h->shown);
  free(h);
}

static const rw_sink_ops http_ops = {http_send, http_close, http_ready, 0};

/* An https endpoint with a RACEWAY_CA_BUNDLE that names no readable file
 * sends nothing.  config.c said so at start; a file that went away since
 * is said here, once per sink. */
static void check_ca_bundle(http_sink *h, const rw_config *cfg) {
  const char *why = 0, *ca = cfg->pub.ca_bundle;
  char e[RW_ECHO_SIZE];
  if (!ca || strncmp(cfg->pub.endpoint, "https://", 8) != 0)
    return;
  if (cfg->ca_bundle_unreadable) {
    h->no_ca = 1;
  } else if (!rw_config_file_readable(ca, &why)) {
    h->no_ca = 1;
    fprintf(rw_diag_err(), "raceway: RACEWAY_CA_BUNDLE='%s': %s; nothing is sent to "
            "%s\n", rw_config_echo(ca, e, sizeof e), why, h->shown);
  }
}

int rw_sink_http_load(const rw_config *cfg) {
  return rw_curl_dl_load(cfg->libcurl) != NULL;
}

rw_sink *rw_sink_http_open(const rw_config *cfg) {
  const rw_curl_dl *cu = rw_curl_dl_load(cfg->libcurl);
  if (!cu)
    return 0;
  http_sink *h = calloc(1, sizeof *h);
  if (!h)
    return 0;
  h->cu = cu;
  size_t n = strlen(cfg->pub.endpoint) + sizeof "/events";
  h->url = malloc(n);
  h->shown = malloc(n);
  h->curl = cu->easy_init();
  if (!h->url || !h->shown || !h->curl) {
    http_close(&h->base);
    return 0;
  }
  snprintf(h->url, n, "%s/events", cfg->pub.endpoint);
  rw_config_endpoint_text(h->url, h->shown, n);
  check_ca_bundle(h, cfg);
  h->debug = cfg->pub.debug;
  h->base.ops = &http_ops;
  struct curl_slist *l = 0;
  l = cu->slist_append(l, "Content-Type: application/json");
  l = cu->slist_append(l, "X-Raceway-Internal: true");
  l = cu->slist_append(l, "Expect:");   /* no 100-continue round trip */
  if (cfg->pub.api_key) {
    size_t kn = strlen(cfg->pub.api_key) + 32;
    char *line = malloc(kn);
    if (line) {
      snprintf(line, kn, "Authorization: Bearer %s", cfg->pub.api_key);
      l = cu->slist_append(l, line);
      memset(line, 0, kn);
      free(line);
    }
  }
  h->headers = l;
  CURL *c = h->curl;
  cu->easy_setopt(c, CURLOPT_URL, h->url);
  cu->easy_setopt(c, CURLOPT_HTTPHEADER, l);
  cu->easy_setopt(c, CURLOPT_POST, 1L);
  cu->easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  cu->easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, 2000L);
  cu->easy_setopt(c, CURLOPT_TIMEOUT_MS, 10000L);
  cu->easy_setopt(c, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);
  cu->easy_setopt(c, CURLOPT_WRITEFUNCTION, keep_answer);
  cu->easy_setopt(c, CURLOPT_WRITEDATA, h);
  cu->easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
  cu->easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
  if (cfg->pub.ca_bundle)
    cu->easy_setopt(c, CURLOPT_CAINFO, cfg->pub.ca_bundle);
  return &h->base;
}
