/*
 * lifecycle.c - the runtime's one owner of start, stop and fork: start
 * from the environment (library constructor or first use), explicit
 * raceway_init, shutdown at exit with one line of counts, and the fork
 * child's reset of every layer.
 */
#include "rt/lifecycle.h"

#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capture/capture.h"
#include "capture/slots.h"
#include "common/budget.h"
#include "common/clock.h"
#include "common/config.h"
#include "common/diag.h"
#include "common/export.h"
#include "common/ialloc.h"
#include "common/ids.h"
#include "common/intern.h"
#include "common/names.h"
#include "detect/detector.h"
#include "detect/log.h"
#include "detect/racetab.h"
#include "detect/report.h"
#include "detect/ranges.h"
#include "hb/async.h"
#include "hb/barrier.h"
#include "hb/lockset.h"
#include "hb/sync.h"
#include "rt/race_events.h"
#include "rt/thread.h"
#include "transport/flusher.h"
#include "transport/sink.h"

enum { ST_NONE, ST_STARTING, ST_AUTO, ST_EXPLICIT, ST_DOWN };
static _Atomic int state = ST_NONE;
static __thread int starting_here;

static void exit_handler(void) { raceway_shutdown(); }

/* libcurl is loaded (transport/curl_dl.h) only when events go to a server,
 * and then here, on the thread that starts the runtime, before `started`
 * (its locks are not the program's).  Not on the flusher: a program that
 * exits while the flusher is still loading it would have libcurl's tree
 * finalized under it (a shared library's atexit handler registered at
 * start runs after the loader's finalizer; SIGSEGV in OpenSSL's init, 1
 * short run in 20).  OpenSSL registers its atexit cleanup in
 * curl_global_init; ours must run first (atexit runs in reverse order) or
 * the exit flush would use a torn-down TLS library. */
static void http_init(void) {
  if (rw_sink_http_load(&rw_cfg))
    atexit(exit_handler);
}

/*
 * fork child: only the calling thread survives.  Every table lock another
 * thread may have held is released first (free() is intercepted and takes
 * some), the detector forgets every recorded access and race, then the
 * other threads' slots are marked gone and the transport
 * drops their buffered copies of the parent's events (the parent sends
 * them); ids change with the new random part, but the child stays in the
 * run's trace.
 */
static void after_fork_child(void) {
  rw_diag_after_fork();
  uint8_t trace[16];
  memcpy(trace, rw_ids_process_trace, 16);
  rw_ids_init();
  memcpy(rw_ids_process_trace, trace, 16);
  rw_intern_after_fork();
  rw_names_after_fork();
  rw_ranges_after_fork();
  rw_sync_after_fork();
  rw_barrier_after_fork();
  rw_lockset_after_fork();
  rw_async_after_fork();
  rw_thread *t = rw_thread_self();
  /* The parent's other threads are gone: their recorded accesses are
   * history, never concurrent with this thread's; the detector and race
   * table start clean (the parent reports its races), and so does this
   * thread's memo, which pointed into the old shadow table. */
  if (t) {
    t->in_runtime = 1;
    memset(&t->memo, 0, sizeof t->memo);
  }
  rw_detector_after_fork();
  if (t)
    t->in_runtime = 0;
  rw_slots_after_fork(t ? t->slot : 0);
  rw_flusher_after_fork();
  rw_thread_after_fork();
}

/* The memory budget from RACEWAY_MAX_MEMORY, brought to what can work:
 * at least 8 MiB (a few rings), at most the machine's memory. */
#define MIN_MEMORY_MIB 8u
static void budget_init(void) {
  uint64_t mib = rw_cfg.max_memory_mib;
  long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
  uint64_t machine = pages > 0 && page > 0 ? (uint64_t)pages * (uint64_t)page >> 20 : 0;
  if (mib < MIN_MEMORY_MIB) {
    fprintf(rw_diag_err(), "Raceway: RACEWAY_MAX_MEMORY=%llu MiB is too small to start; using %u\n",
            (unsigned long long)mib, MIN_MEMORY_MIB);
    mib = MIN_MEMORY_MIB;
  } else if (machine && mib > machine) {
    fprintf(rw_diag_err(), "Raceway: RACEWAY_MAX_MEMORY=%llu MiB is more than this machine has; "
            "using %llu\n", (unsigned long long)mib, (unsigned long long)machine);
    mib = machine;
  }
  rw_budget_init(mib << 20);
}

/* Given by the program: set in the environment (cfg NULL), or a
 * raceway_config field that is not the default raceway_config_init put
 * there (that default is the settings table's own string). */
static int given(const raceway_config *cfg, enum rw_setting_id id, const char *field) {
  if (!cfg) {
    const char *v = getenv(rw_config_settings[id].name);
    return v && v[0];
  }
  return field && field[0] && field != rw_config_settings[id].def;
}

/* Nowhere to send to: no endpoint and no output file were given, and no
 * RACEWAY_SEND.  A local run wants the race report, not events for (and a
 * warning about) a server at the default endpoint it never asked for. */
static void send_default(const raceway_config *cfg) {
  if (given(cfg, RW_S_RACEWAY_ENDPOINT, cfg ? cfg->endpoint : 0) ||
      given(cfg, RW_S_RACEWAY_SEND, cfg ? cfg->send_mode : 0) || rw_cfg.pub.output_path)
    return;
  rw_cfg.send = RW_SEND_NONE;
  rw_cfg.pub.send_mode = rw_config_settings[RW_S_RACEWAY_SEND].choices[RW_SEND_NONE];
}

static void start(const raceway_config *cfg, int explicit_init) {
  starting_here = 1;
  (void)rw_diag_err();          /* the copy of stderr, before anything prints */
  rw_config_load(&rw_cfg, cfg);
  send_default(cfg);
  rw_log_claim_names();
  rw_log_take_files();
  budget_init();
  if (rw_cfg.pub.enabled && rw_cfg.send != RW_SEND_NONE && !rw_cfg.pub.output_path)
    http_init();
  rw_clock_init();
  rw_ids_init();
  if (rw_cfg.all_lock_events)
    rw_sync_no_lazy_locks();
  rw_cfg.started = 1;
  rw_detector_init();
  rw_capture_set_wake(rw_flusher_kick);
  atomic_store(&rw_capture_on, rw_cfg.pub.enabled && rw_cfg.send != RW_SEND_NONE);
  /* First registered: its prepare runs last, its child handler first
   * (handlers around it may allocate). */
  pthread_atfork(rw_ia_before_fork, rw_ia_after_fork, rw_ia_after_fork);
  pthread_atfork(rw_flusher_before_fork, rw_flusher_after_fork_parent, after_fork_child);
  atexit(exit_handler);
  if (rw_cfg.pub.debug) {
    char shown[2100];   /* the endpoint without user:password@ */
    const char *verb = "sending to",
               *where = rw_config_endpoint_text(rw_cfg.pub.endpoint, shown, sizeof shown);
    if (rw_cfg.send == RW_SEND_NONE)
      verb = "sending", where = "nothing";
    else if (rw_cfg.pub.output_path)
      verb = "writing", where = rw_cfg.pub.output_path;
    fprintf(rw_diag_err(), "raceway: started (%s %s, service %s)\n", verb, where,
            rw_cfg.pub.service_name);
  }
  atomic_store(&state, explicit_init ? ST_EXPLICIT : ST_AUTO);
  starting_here = 0;
}

/* The flusher's thread must be neither recorded as a spawn (the caller is
 * in the runtime while it creates it) nor recorded itself. */
static int start_flusher(void) {
  rw_thread *t = rw_thread_current();
  uint8_t saved = t ? t->in_runtime : 0;
  if (t)
    t->in_runtime = 1;
  int rc = rw_flusher_start(rw_thread_ignore_self);
  if (t)
    t->in_runtime = saved;
  return rc;
}

/* Events wait in the rings but no flusher runs (fork child, after
 * raceway_init): start one. */
static int flusher_needed(void) {
  raceway_stats st;
  rw_flusher_stats(&st, 0, 0, 0);
  return st.pending && !rw_flusher_running();
}

int rw_lifecycle_flush(unsigned timeout_ms) {
  if (!rw_lifecycle_running())
    return 0;
  rw_thread *t = rw_thread_current();
  if (t && t->ignore)
    return -1;   /* the flusher cannot wait for itself */
  if (flusher_needed() && start_flusher() != 0)
    return -1;
  return rw_flusher_wait(timeout_ms);
}

int rw_lifecycle_running(void) {
  int s = atomic_load(&state);
  return s == ST_AUTO || s == ST_EXPLICIT;
}

int rw_lifecycle_started(void) { return atomic_load(&state) >= ST_AUTO; }

int rw_lifecycle_ensure(void) {
  int s = atomic_load(&state);
  while (s < ST_AUTO) {
    if (starting_here)
      return 0;                       /* re-entered while starting */
    if (s == ST_NONE && atomic_compare_exchange_strong(&state, &s, ST_STARTING)) {
      start(0, 0);
      break;
    }
    sched_yield();                    /* another thread is starting it */
    s = atomic_load(&state);
  }
  if (atomic_load(&rw_capture_on))
    start_flusher();
  return atomic_load(&rw_capture_on);
}

rw_thread *rw_lifecycle_thread_slow(void) {
  static __thread int registering;
  if (registering)
    return 0;               /* rw_lifecycle_ensure re-entered us */
  registering = 1;
  rw_lifecycle_ensure();
  rw_thread *t = rw_thread_current();
  registering = 0;
  return t;
}

__attribute__((constructor)) static void auto_init(void) { rw_lifecycle_ensure(); }
__attribute__((destructor)) static void auto_fini(void) { raceway_shutdown(); }

/* The environment's configuration after raceway_init replaced it. */
static rw_config replaced;

RW_EXPORT int raceway_init(const raceway_config *cfg) {
  int s = ST_NONE;
  if (atomic_compare_exchange_strong(&state, &s, ST_STARTING)) {
    start(cfg, 1);
    return 0;
  }
  if (s != ST_AUTO || !atomic_compare_exchange_strong(&state, &s, ST_STARTING))
    return -1;
  /* Started from the environment before main: the program's own
   * configuration replaces it.  Threads keep their buffers; the flusher is
   * stopped first (it reads rw_cfg) and restarts with a sink for the new
   * configuration.  The old strings are not freed, other threads may still
   * be reading them; `replaced` keeps them reachable (one set, once). */
  rw_thread *t = rw_thread_current();
  if (t)
    t->in_runtime = 1;
  if (rw_flusher_quiesce(rw_cfg.pub.shutdown_timeout_ms) != 0) {
    atomic_store(&state, ST_AUTO);   /* flusher still busy: keep the old */
    if (t)
      t->in_runtime = 0;
    return -1;
  }
  replaced = rw_cfg;
  rw_config_load(&rw_cfg, cfg);
  send_default(cfg);
  rw_log_claim_names();
  rw_log_take_files();
  if (rw_cfg.pub.enabled && rw_cfg.send != RW_SEND_NONE && !rw_cfg.pub.output_path)
    http_init();
  if (rw_cfg.all_lock_events)
    rw_sync_no_lazy_locks();
  rw_cfg.started = 1;
  atomic_store(&rw_capture_on, rw_cfg.pub.enabled && rw_cfg.send != RW_SEND_NONE);
  atomic_store(&state, ST_EXPLICIT);
  if (t)
    t->in_runtime = 0;
  if (atomic_load(&rw_capture_on))
    start_flusher();
  return 0;
}

/* The exit flush will take noticeable time: many events buffered (a file
 * takes about a million a second), or an HTTP server (about a thousand a
 * second) with more than a few seconds' worth.  One line with what is left
 * and the deadline, so a program that seems to hang at exit says why. */
#define PROGRESS_EVENTS 100000u
#define PROGRESS_EVENTS_HTTP 10000u
static void exit_progress(void) {
  raceway_stats st;
  rw_flusher_stats(&st, 0, 0, 0);
  int http = !rw_cfg.pub.output_path;
  if (rw_cfg.send == RW_SEND_NONE || !rw_cfg.pub.shutdown_timeout_ms ||
      st.pending <= (http ? PROGRESS_EVENTS_HTTP : PROGRESS_EVENTS))
    return;
  char shown[2100];
  fprintf(rw_log_file(), "raceway: sending %llu buffered events to %s before exit, for at most "
          "%u ms (RACEWAY_SHUTDOWN_TIMEOUT_MS)\n", (unsigned long long)st.pending,
          http ? rw_config_endpoint_text(rw_cfg.pub.endpoint, shown, sizeof shown)
               : rw_cfg.pub.output_path,
          rw_cfg.pub.shutdown_timeout_ms);
}

/* Why threads took new slots, how often an ended thread's ring waited
 * behind a newer thread of its slot, and how many ended threads were
 * presumed leaked (capture/slots.h). */
static void print_new_slots(FILE *log) {
  rw_slots_stats ss;
  rw_slots_get_stats(&ss);
  fprintf(log, "; new slots: %llu none free, %llu no start clock, %llu not joined, "
          "%llu not joined of the 64 oldest free, %llu being swept, "
          "%llu with their rings waiting at the cap; "
          "rings waiting: %llu behind another, peak %u; threads presumed leaked: %llu",
          (unsigned long long)ss.made[RW_SLOT_NEW_EMPTY],
          (unsigned long long)ss.made[RW_SLOT_NEW_NO_START],
          (unsigned long long)ss.made[RW_SLOT_NEW_UNJOINED],
          (unsigned long long)ss.made[RW_SLOT_NEW_UNSEEN],
          (unsigned long long)ss.made[RW_SLOT_NEW_SWEEPING],
          (unsigned long long)ss.made[RW_SLOT_NEW_BEHIND], (unsigned long long)ss.waited,
          (unsigned)ss.waiting_peak, (unsigned long long)ss.leaked);
}

RW_EXPORT void raceway_shutdown(void) {
  int s = atomic_load(&state);
  if (s != ST_AUTO && s != ST_EXPLICIT)
    return;
  if (!atomic_compare_exchange_strong(&state, &s, ST_DOWN))
    return;
  rw_thread *t = rw_thread_current();
  if (t)
    t->in_runtime = 1;
  if (t && !t->ignore)
    rw_race_events_emit(t, 1);      /* the last race_detected events */
  rw_detector_finish();
  atomic_store(&rw_capture_on, 0);
  if (flusher_needed())
    start_flusher();
  exit_progress();
  rw_flusher_stop(rw_cfg.pub.shutdown_timeout_ms);
  raceway_stats st;
  uint64_t full, rejected, undeliverable;
  rw_flusher_stats(&st, &full, &rejected, &undeliverable);
  /* delivered + dropped + filtered == produced; "filtered" only appears
   * in RACEWAY_SEND=races mode. */
  if (st.dropped || rw_cfg.pub.debug) {
    FILE *log = rw_log_file();
    fprintf(log, "raceway: %llu events: %llu delivered, %llu dropped "
            "(buffer full: %llu, rejected: %llu, undeliverable: %llu)",
            (unsigned long long)st.produced, (unsigned long long)st.delivered,
            (unsigned long long)st.dropped, (unsigned long long)full,
            (unsigned long long)rejected, (unsigned long long)undeliverable);
    if (rw_cfg.send == RW_SEND_RACES || st.filtered)
      fprintf(log, ", %llu filtered", (unsigned long long)st.filtered);
    if (rw_cfg.pub.debug) {     /* the budget's parts: use/peak, refusals */
      char mem[512];
      rw_budget_describe(mem, sizeof mem);
      fprintf(log, "; %s", mem);
      /* Slots grow with the threads alive, not with all ever created. */
      fprintf(log, "; slots: %u, rings given up: %llu, sweeps: %llu",
              (unsigned)(rw_slots_end() - 1), (unsigned long long)rw_slots_given_up(),
              (unsigned long long)rw_slots_sweeps());
      print_new_slots(log);
      rw_report_describe_shadow(log);
      rw_ia_stats ia;   /* the runtime's own allocator (common/ialloc.h) */
      rw_ia_get_stats(&ia);
      fprintf(log, "; internal KiB mapped/live/kept: %llu/%llu/%llu",
              (unsigned long long)(ia.mapped >> 10), (unsigned long long)(ia.live >> 10),
              (unsigned long long)(ia.kept >> 10));
    }
    fprintf(log, "\n");
  }
  if (t)
    t->in_runtime = 0;
  if (rw_cfg.pub.exitcode && rw_detector_race_count() > 0) {
    fflush(0);
    _exit(rw_cfg.pub.exitcode);
  }
}
