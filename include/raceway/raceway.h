/*
 * raceway/raceway.h - Raceway for C: public API.
 *
 * Most programs need nothing from this header: annotate shared state and
 * compile with -fpass-plugin=RacewayPass.so, and libraceway records every
 * access, lock, thread and atomic by itself, configured from RACEWAY_*
 * environment variables.  This header adds:
 *
 *   - RACEWAY_TRACKED / RACEWAY_REDACTED: declare tracked state with readable
 *     names even without -g;
 *   - raceway_name_object / raceway_name_lock: give objects and locks names
 *     that reports and the server show ("alice.balance", "accounts_lock");
 *   - raceway_init: explicit configuration instead of the environment;
 *   - the manual capture calls the other Raceway SDKs have (state changes,
 *     locks, async, HTTP, errors, custom events) for things the compiler
 *     cannot see;
 *   - request-scoped traces and W3C traceparent / raceway-clock propagation
 *     for HTTP services;
 *   - raceway_flush / raceway_shutdown.
 *
 * Thread safety: every function may be called from any thread at any time,
 * before or after initialisation.  No function blocks on the network except
 * raceway_flush and raceway_shutdown, which wait at most their timeout.
 * Strings passed in are copied (or, for names, interned); the caller keeps
 * ownership.  Usable from C (gcc or clang) and C++.
 */
#ifndef RACEWAY_RACEWAY_H
#define RACEWAY_RACEWAY_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RACEWAY_VERSION_MAJOR 0
#define RACEWAY_VERSION_MINOR 1
#define RACEWAY_VERSION_PATCH 0
#define RACEWAY_VERSION_STRING "0.1.0"

/* ------------------------------------------------------------------------
 * Declaring tracked state
 *
 *   RACEWAY_TRACKED(long, counter);              // a global
 *   struct Account {
 *     int id;
 *     RACEWAY_TRACKED(long, balance);            // a field
 *     RACEWAY_REDACTED(char, pin[8]);            // tracked, values never sent
 *   };
 *
 * These expand to __attribute__((annotate("raceway:<name>[,redact]"))),
 * which the pass reads, so names need no debug info; the plain
 * __attribute__((annotate("raceway"))) works too and takes the name from
 * debug info (-g), else from the annotation's source line.  Bit-fields
 * cannot be annotated (clang drops the attribute; the pass warns): annotate
 * the object that holds them.  Accepted annotation strings:
 *   "raceway"  "raceway:<name>"  "raceway:redact"  "raceway:<name>,redact"
 * Anything else that starts with "raceway" is diagnosed by the pass.  Under
 * clang without the plugin the attribute is harmless; under a compiler
 * without the annotate attribute (gcc) the macros expand to the plain
 * declaration, so -Wall -Wextra -Werror builds stay clean.  State can also
 * be tracked without touching its declaration: see -raceway-tracklist.
 * ---------------------------------------------------------------------- */
#if defined(__has_attribute)
#if __has_attribute(annotate)
#define RACEWAY_ANNOTATE_(text) __attribute__((annotate(text)))
#endif
#endif
#if !defined(RACEWAY_ANNOTATE_) && defined(__clang__)
#define RACEWAY_ANNOTATE_(text) __attribute__((annotate(text)))
#endif
#ifndef RACEWAY_ANNOTATE_
/* gcc has no annotate attribute (it would warn, breaking -Werror builds):
 * the state is declared plainly and the macros add nothing. */
#define RACEWAY_ANNOTATE_(text)
#endif
#define RACEWAY_TRACKED(type, name) \
  type name RACEWAY_ANNOTATE_("raceway:" #name)
#define RACEWAY_REDACTED(type, name) \
  type name RACEWAY_ANNOTATE_("raceway:" #name ",redact")
#define RACEWAY_TRACK RACEWAY_ANNOTATE_("raceway")

/* ------------------------------------------------------------------------
 * Configuration
 * ---------------------------------------------------------------------- */

/*
 * Every field has an environment variable; raceway_config_init fills the
 * struct with defaults overridden by the environment, and raceway_init
 * validates it.  A bad value is reported once on stderr, naming the field
 * (or variable) and the value, and replaced by its default.
 *
 * field               variable                   default
 * endpoint            RACEWAY_ENDPOINT           http://localhost:8080
 * service_name        RACEWAY_SERVICE_NAME       program name
 * environment         RACEWAY_ENVIRONMENT        development
 * api_key             RACEWAY_API_KEY            none (never printed)
 * instance_id         RACEWAY_INSTANCE_ID        <hostname>-<pid>
 * batch_size          RACEWAY_BATCH_SIZE         100 (1..10000 events)
 * flush_interval_ms   RACEWAY_FLUSH_INTERVAL_MS  1000 (1..600000)
 * enabled             RACEWAY_ENABLED            1 (0: record nothing)
 * debug               RACEWAY_DEBUG              0 (1: diagnostics on stderr)
 * output_path         RACEWAY_OUTPUT             none; set: JSON Lines file
 *                                                instead of HTTP
 * max_buffered        RACEWAY_MAX_BUFFERED       8192 events per thread
 *                                                buffer (power of two)
 * ca_bundle           RACEWAY_CA_BUNDLE          system store (https)
 * send_mode           RACEWAY_SEND               "auto" | "all" | "races" | "none"
 * report_path         RACEWAY_REPORT             none; set: JSON race report
 * report_live         RACEWAY_REPORT_LIVE        0 (1: print races when found)
 * exitcode            RACEWAY_EXITCODE           0 (N: _exit(N) at exit when
 *                                                races were found)
 * detect              RACEWAY_DETECT             1 (0: no local detector)
 * max_shadow          RACEWAY_MAX_SHADOW         1048576 tracked addresses
 * shutdown_timeout_ms RACEWAY_SHUTDOWN_TIMEOUT_MS 5000 (bounded exit flush)
 */
typedef struct raceway_config {
  const char *endpoint;
  const char *service_name;
  const char *environment;
  const char *api_key;
  const char *instance_id;
  unsigned batch_size;
  unsigned flush_interval_ms;
  int enabled;
  int debug;
  const char *output_path;
  unsigned max_buffered;
  const char *ca_bundle;
  const char *send_mode;
  const char *report_path;
  int report_live;
  int exitcode;
  int detect;
  unsigned max_shadow;
  unsigned shutdown_timeout_ms;
} raceway_config;

/* Fill *cfg with defaults, then apply RACEWAY_* environment variables. */
void raceway_config_init(raceway_config *cfg);

/*
 * Start the runtime with *cfg (NULL: from the environment).  Returns 0, or
 * -1 if the runtime was already started (the earlier configuration stays).
 * Without a call the runtime starts itself from the environment before
 * main, so calling this is optional; call it first thing in main to
 * override the environment.  Strings are copied.
 */
int raceway_init(const raceway_config *cfg);

/* ------------------------------------------------------------------------
 * Names
 * ---------------------------------------------------------------------- */

/*
 * Name the object at `base` (the start of a struct with tracked fields):
 * its fields are then reported as "<name>.<field>" instead of
 * "<Struct>@0x<address>.<field>".  The name is copied.  A NULL name removes
 * it; freeing the object removes it too.  Names should be unique.
 */
void raceway_name_object(const void *base, const char *name);

/* Name a lock (any mutex, rwlock, spinlock or mtx_t): lock_id = name. */
void raceway_name_lock(const void *lock, const char *name);

/* ------------------------------------------------------------------------
 * Manual capture (the other SDKs' API), for what the compiler cannot see
 * ---------------------------------------------------------------------- */

/* Access kinds for raceway_capture_state_change. */
typedef enum raceway_access_type {
  RACEWAY_READ = 0,
  RACEWAY_WRITE = 1,
  RACEWAY_ATOMIC_READ = 2,
  RACEWAY_ATOMIC_WRITE = 3,
  RACEWAY_ATOMIC_RMW = 4
} raceway_access_type;

/*
 * old_json / new_json: a JSON value as text ("42", "\"open\"", "null"), or
 * NULL for null.  Invalid JSON is sent as a JSON string of the text.
 * location: "file.c:12" or NULL (the caller's address is used).
 */
void raceway_capture_state_change(const char *variable, const char *old_json,
                                  const char *new_json, const char *location,
                                  raceway_access_type access);

/* FunctionCall event.  args_json: a JSON object/value or NULL ({}). */
void raceway_capture_function_call(const char *function_name,
                                   const char *module, const char *file,
                                   unsigned line, const char *args_json);

/*
 * Async work that the runtime cannot see (thread pools, event loops).
 * raceway_async_spawn returns a task handle (a UUID string in a static
 * per-call buffer of RACEWAY_TASK_ID_LEN bytes written to task_id);
 * the task's thread calls raceway_async_begin(task_id) before running it
 * so its events descend from the spawn; the waiter calls
 * raceway_async_await(task_id) after the task completed.
 * These are also happens-before edges for the local detector, like thread
 * create and join: the task runs after the spawn, and the awaiter runs
 * after the task's end, which the task's thread marks with
 * raceway_async_end(task_id) before it signals completion (beginning
 * another task on that thread ends the previous one too).
 */
#define RACEWAY_TASK_ID_LEN 37
void raceway_async_spawn(char task_id[RACEWAY_TASK_ID_LEN], const char *spawned_by);
void raceway_async_begin(const char *task_id);
void raceway_async_end(const char *task_id);
void raceway_async_await(const char *task_id, const char *awaited_at);

/* Lock events for locks the runtime cannot intercept (custom spinlocks).
 * lock_type: "Mutex", "RwLock-Read", "RwLock-Write", "Spin" or any text.
 * These also create happens-before edges, like a real lock. */
void raceway_lock_acquire(const void *lock, const char *lock_type, const char *location);
void raceway_lock_release(const void *lock, const char *lock_type, const char *location);

/* Error event.  stack_trace: n frames, or NULL to capture this thread's
 * stack with backtrace(). */
void raceway_capture_error(const char *error_type, const char *message,
                           const char *const *stack_trace, size_t n);

/* Custom event.  data_json: any JSON value as text, or NULL for null. */
void raceway_capture_custom(const char *name, const char *data_json);

/* Generic event: kind_json is a complete Raceway `kind` object, e.g.
 * {"DatabaseQuery":{"query":"SELECT 1","database":"main","duration_ms":1}}.
 * Returns 0, or -1 if it is not one JSON object with one key. */
int raceway_capture_event(const char *kind_json);

/* ------------------------------------------------------------------------
 * Traces and HTTP
 * ---------------------------------------------------------------------- */

/*
 * By default a process run is one trace.  A service makes each request its
 * own trace: raceway_trace_begin on the thread that serves the request
 * (with the request's incoming headers, or NULLs for a new trace), and
 * raceway_trace_end when it is done.  Headers are parsed as Raceway's other
 * SDKs do (W3C traceparent; raceway-clock v1, which wins); malformed or
 * hostile values are ignored and a new trace starts.
 */
void raceway_trace_begin(const char *traceparent, const char *raceway_clock);
void raceway_trace_end(void);

/* The current thread's trace id (36-char UUID) into buf (>= 37 bytes). */
void raceway_current_trace_id(char buf[37]);

/*
 * Outgoing propagation headers for a call made from the current trace.
 * Writes "traceparent: ..." and "raceway-clock: ..." header lines (without
 * CRLF) into the two buffers.  Returns 0, or -1 if a buffer is too small
 * (RACEWAY_HEADER_MAX is always enough: the clock carries at most 64
 * entries of at most 127 bytes).
 */
#define RACEWAY_HEADER_MAX 16384
int raceway_propagation_headers(char *traceparent_line, size_t tp_len,
                                char *clock_line, size_t clock_len);

/*
 * HTTP server helpers, for any C HTTP server:
 *   raceway_http_request_begin(method, url, traceparent, raceway_clock)
 *     starts the request's trace on this thread and records HttpRequest;
 *   raceway_http_request_end(status) records HttpResponse with the duration
 *     and ends the trace.
 */
void raceway_http_request_begin(const char *method, const char *url,
                                const char *traceparent,
                                const char *raceway_clock);
void raceway_http_request_end(unsigned status);

/* ------------------------------------------------------------------------
 * Flushing, findings, shutdown
 * ---------------------------------------------------------------------- */

/* Wait until everything captured so far is delivered (or dropped), at most
 * timeout_ms.  Returns 0 if all was delivered in time, -1 otherwise. */
int raceway_flush(unsigned timeout_ms);

/* Number of distinct races the local detector found so far. */
unsigned raceway_race_count(void);

/* The race report so far as a JSON document (malloc'd; free() it), or NULL.
 * Same format as RACEWAY_REPORT. */
char *raceway_race_report_json(void);

/* Accounting since start. */
typedef struct raceway_stats {
  uint64_t produced;      /* events accepted into a buffer              */
  uint64_t delivered;     /* acknowledged by the server / written       */
  uint64_t dropped;       /* lost: buffer full, rejected, undeliverable */
  uint64_t pending;       /* still buffered (in RACEWAY_SEND=races mode
                             also the events held for races)            */
  /* Added after the first four (new fields go at the end): events that
   * RACEWAY_SEND=races chose not to send.  delivered + dropped + filtered
   * + pending == produced. */
  uint64_t filtered;
} raceway_stats;
void raceway_get_stats(raceway_stats *out);

/* Flush (bounded by shutdown_timeout_ms), print the race report and, if
 * anything was lost, one line of counts; stop capturing.  Runs by itself at
 * exit; calling it earlier is allowed, later calls do nothing. */
void raceway_shutdown(void);

#ifdef __cplusplus
}
#endif
#endif /* RACEWAY_RACEWAY_H */
