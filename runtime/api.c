/*
 * api.c - the public C API (include/raceway/raceway.h) except traces and
 * HTTP (trace.c), and the runtime's life cycle: start from the environment
 * (library constructor or first use), explicit raceway_init, shutdown at
 * exit with one line of counts.
 *
 * Every entry point is a no-op before the runtime can start and after
 * shutdown, and marks the thread in_runtime while it works so the
 * interceptors ignore the runtime's own locks and allocations.
 */
#include <cjson/cJSON.h>
#include <execinfo.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "async.h"
#include "capture.h"
#include "clock.h"
#include "config.h"
#include "detector.h"
#include "encode.h"
#include "export.h"
#include "flusher.h"
#include "names.h"
#include "sink.h"
#include "sync.h"
#include "thread.h"
#include "trace_context.h"

_Atomic int rw_capture_on;

enum { ST_NONE, ST_STARTING, ST_AUTO, ST_EXPLICIT, ST_DOWN };
static _Atomic int state = ST_NONE;
static __thread int starting_here;

void rw_exit_handler(void) { raceway_shutdown(); }

static void start(const raceway_config *cfg, int explicit_init) {
  starting_here = 1;
  rw_config_load(&rw_cfg, cfg);
  /* libcurl/OpenSSL global init here, before `started` (its locks are not
   * the program's) and not first on the flusher while the program exits. */
  if (rw_cfg.pub.enabled && rw_cfg.send != RW_SEND_NONE && !rw_cfg.pub.output_path)
    rw_sink_http_init();
  rw_pid = (uint32_t)getpid();
  rw_clock_init();
  rw_ids_init();
  rw_cfg.started = 1;
  rw_detector_init();
  atomic_store(&rw_capture_on, rw_cfg.pub.enabled && rw_cfg.send != RW_SEND_NONE);
  atexit(rw_exit_handler);
  if (rw_cfg.pub.debug)
    fprintf(stderr, "raceway: started (%s %s, service %s)\n",
            rw_cfg.pub.output_path ? "writing" : "sending to",
            rw_cfg.pub.output_path ? rw_cfg.pub.output_path : rw_cfg.pub.endpoint,
            rw_cfg.pub.service_name);
  atomic_store(&state, explicit_init ? ST_EXPLICIT : ST_AUTO);
  starting_here = 0;
}

int rw_runtime_ensure(void) {
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
    rw_flusher_start();
  return atomic_load(&rw_capture_on);
}

__attribute__((constructor)) static void auto_init(void) { rw_runtime_ensure(); }
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
  rw_cfg.started = 1;
  atomic_store(&rw_capture_on, rw_cfg.pub.enabled && rw_cfg.send != RW_SEND_NONE);
  atomic_store(&state, ST_EXPLICIT);
  if (t)
    t->in_runtime = 0;
  if (atomic_load(&rw_capture_on))
    rw_flusher_start();
  return 0;
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
  rw_detector_finish();             /* may still record race events */
  atomic_store(&rw_capture_on, 0);
  rw_flusher_stop(rw_cfg.pub.shutdown_timeout_ms);
  raceway_stats st;
  uint64_t full, rejected, undeliverable;
  rw_flusher_stats(&st, &full, &rejected, &undeliverable);
  /* delivered + dropped + filtered == produced; "filtered" only appears
   * in RACEWAY_SEND=races mode. */
  if (st.dropped || rw_cfg.pub.debug) {
    fprintf(stderr, "raceway: %llu events: %llu delivered, %llu dropped "
            "(buffer full: %llu, rejected: %llu, undeliverable: %llu)",
            (unsigned long long)st.produced, (unsigned long long)st.delivered,
            (unsigned long long)st.dropped, (unsigned long long)full,
            (unsigned long long)rejected, (unsigned long long)undeliverable);
    if (rw_cfg.send == RW_SEND_RACES || st.filtered)
      fprintf(stderr, ", %llu filtered", (unsigned long long)st.filtered);
    fprintf(stderr, "\n");
  }
  if (t)
    t->in_runtime = 0;
  if (rw_cfg.pub.exitcode && rw_detector_race_count() > 0) {
    fflush(0);
    _exit(rw_cfg.pub.exitcode);
  }
}

/* The calling thread when it may record: started, capturing, not a
 * runtime thread, not re-entered.  Sets in_runtime; api_leave clears it. */
static rw_thread *api_enter(void) {
  if (!rw_runtime_ensure())
    return 0;
  rw_thread *t = rw_thread_current();
  if (!t || t->ignore || t->in_runtime)
    return 0;
  t->in_runtime = 1;
  return t;
}
static void api_leave(rw_thread *t) { t->in_runtime = 0; }

/* api_enter for a call naming a task: NULL too when task_id is not a
 * UUID (the call is ignored).  The parsed id goes to `id`. */
static rw_thread *api_enter_task(const char *task_id, uint8_t id[16]) {
  if (!task_id || rw_uuid_parse(task_id, id) != 0)
    return 0;
  return api_enter();
}

/* ---- names ---- */

RW_EXPORT void raceway_name_object(const void *base, const char *name) {
  rw_name_set(RW_NAMES_OBJECT, (uintptr_t)base, name);
}

RW_EXPORT void raceway_name_lock(const void *lock, const char *name) {
  rw_name_set(RW_NAMES_LOCK, (uintptr_t)lock, name);
}

/* ---- manual capture ---- */

/* The caller's code address as a location, when the caller gave none. */
static const char *caller_location(const char *given, const void *pc,
                                   char *buf, size_t len) {
  if (given)
    return given;
  rw_pc_describe(pc, buf, len);
  return buf;
}

RW_EXPORT void raceway_capture_state_change(const char *variable,
                                            const char *old_json,
                                            const char *new_json,
                                            const char *location,
                                            raceway_access_type access) {
  const void *pc = __builtin_return_address(0);
  rw_thread *t = api_enter();
  if (!t)
    return;
  char where[256];
  rw_value ov = {RW_VALUE_JSON, 0, old_json != 0, 0, old_json};
  rw_value nv = {RW_VALUE_JSON, 0, new_json != 0, 0, new_json};
  rw_buf b = {0};
  rw_kind_state_change(&b, variable, &ov, &nv,
                       caller_location(location, pc, where, sizeof where),
                       (unsigned)access <= RACEWAY_ATOMIC_RMW ? (unsigned)access : 0);
  rw_emit_json_owned(t, rw_buf_take(&b));
  api_leave(t);
}

RW_EXPORT void raceway_capture_function_call(const char *function_name,
                                             const char *module,
                                             const char *file, unsigned line,
                                             const char *args_json) {
  rw_thread *t = api_enter();
  if (!t)
    return;
  rw_buf b = {0};
  rw_kind_function_call(&b, function_name, module, args_json, file, line);
  rw_emit_json_owned(t, rw_buf_take(&b));
  api_leave(t);
}

RW_EXPORT void raceway_async_spawn(char task_id[RACEWAY_TASK_ID_LEN],
                                   const char *spawned_by) {
  const void *pc = __builtin_return_address(0);
  uint8_t id[16];
  rw_thread *t = api_enter();
  if (!t) {
    rw_random_uuid(id);            /* still a usable handle */
    rw_uuid_format(id, task_id);
    return;
  }
  rw_spawn sp;
  memset(&sp, 0, sizeof sp);
  rw_loc loc = {0, spawned_by ? 0 : pc, spawned_by ? rw_intern(spawned_by) : 0};
  rw_emit_spawn(t, &sp, loc);
  rw_async_spawned(t, sp.task_id);
  rw_uuid_format(sp.task_id, task_id);
  api_leave(t);
}

/* The task this thread is running (raceway_async_begin), ended implicitly
 * by the next begin. */
static __thread struct { int set; uint8_t id[16]; } current_task;

static void end_current_task(rw_thread *t) {
  if (current_task.set)
    rw_async_ended(t, current_task.id);
  current_task.set = 0;
}

RW_EXPORT void raceway_async_begin(const char *task_id) {
  uint8_t id[16];
  uint32_t slot;
  uint64_t seq;
  rw_thread *t = api_enter_task(task_id, id);
  if (!t)
    return;
  end_current_task(t);
  rw_async_began(t, id);
  current_task.set = 1;
  memcpy(current_task.id, id, 16);
  if (rw_task_id_decode(id, &slot, &seq) == 0) {  /* ours: link the chain */
    t->cap.parent_slot = slot;
    t->cap.parent_seq = seq;
  }
  api_leave(t);
}

RW_EXPORT void raceway_async_end(const char *task_id) {
  uint8_t id[16];
  rw_thread *t = api_enter_task(task_id, id);
  if (!t)
    return;
  if (current_task.set && memcmp(current_task.id, id, 16) == 0)
    current_task.set = 0;
  rw_async_ended(t, id);
  api_leave(t);
}

RW_EXPORT void raceway_async_await(const char *task_id, const char *awaited_at) {
  const void *pc = __builtin_return_address(0);
  uint8_t id[16];
  rw_thread *t = api_enter_task(task_id, id);
  if (!t)
    return;
  rw_loc loc = {0, awaited_at ? 0 : pc, awaited_at ? rw_intern(awaited_at) : 0};
  rw_async_awaited(t, id);
  rw_emit_await(t, id, 0, 0, loc);
  api_leave(t);
}

static int is_shared_type(const char *type) {
  return type && strcmp(type, "RwLock-Read") == 0;
}

/* The edge and the Lock event in the order the wire wants: the acquire
 * event after acquiring, the release event before releasing.  `pc` is the
 * exported function's caller, the location when none is given. */
static void api_lock(int acquire, const void *lock, const char *lock_type,
                     const char *location, const void *pc) {
  rw_thread *t = api_enter();
  if (!t)
    return;
  uintptr_t a = (uintptr_t)lock;
  if (acquire)
    rw_sync_acquire(t, a, is_shared_type(lock_type), RW_LOCK_MANUAL);
  rw_loc loc = {0, location ? 0 : pc, location ? rw_intern(location) : 0};
  rw_emit_lock(t, acquire, a, rw_sync_generation(a), RW_LOCK_MANUAL,
               rw_intern(lock_type ? lock_type : "Mutex"), loc);
  if (!acquire)
    rw_sync_release(t, a, is_shared_type(lock_type));
  api_leave(t);
}

RW_EXPORT void raceway_lock_acquire(const void *lock, const char *lock_type,
                                    const char *location) {
  api_lock(1, lock, lock_type, location, __builtin_return_address(0));
}

RW_EXPORT void raceway_lock_release(const void *lock, const char *lock_type,
                                    const char *location) {
  api_lock(0, lock, lock_type, location, __builtin_return_address(0));
}

RW_EXPORT void raceway_capture_error(const char *error_type, const char *message,
                                     const char *const *stack_trace, size_t n) {
  rw_thread *t = api_enter();
  if (!t)
    return;
  char **own = 0;
  if (!stack_trace) {
    void *frames[64];
    int got = backtrace(frames, 64);
    own = got > 0 ? backtrace_symbols(frames + 1, got - 1) : 0;  /* skip us */
    stack_trace = (const char *const *)own;
    n = own ? (size_t)(got - 1) : 0;
  }
  rw_buf b = {0};
  rw_kind_error(&b, error_type, message, stack_trace, n);
  free(own);
  rw_emit_json_owned(t, rw_buf_take(&b));
  api_leave(t);
}

RW_EXPORT void raceway_capture_custom(const char *name, const char *data_json) {
  rw_thread *t = api_enter();
  if (!t)
    return;
  rw_emit_custom(t, name, data_json);
  api_leave(t);
}

/* The kinds the server's EventKind accepts (wire spec 2.3). */
static int known_kind(const char *name) {
  static const char *const kinds[] = {
      "FunctionCall", "AsyncSpawn", "AsyncAwait", "StateChange", "LockAcquire",
      "LockRelease", "MemoryFence", "HttpRequest", "HttpResponse",
      "DatabaseQuery", "DatabaseResult", "Error", "Custom"};
  for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
    if (strcmp(name, kinds[i]) == 0)
      return 1;
  return 0;
}

RW_EXPORT int raceway_capture_event(const char *kind_json) {
  if (!kind_json)
    return -1;
  cJSON *j = cJSON_Parse(kind_json);
  int ok = j && cJSON_IsObject(j) && j->child && !j->child->next &&
           j->child->string && known_kind(j->child->string);
  cJSON_Delete(j);
  if (!ok)
    return -1;
  rw_thread *t = api_enter();
  if (!t)
    return 0;
  rw_buf b = {0};
  if (rw_json_value_text(&b, kind_json) == 0)
    rw_emit_json_owned(t, rw_buf_take(&b));
  else
    rw_buf_free(&b);
  api_leave(t);
  return 0;
}

/* ---- findings, flushing, stats ---- */

RW_EXPORT int raceway_flush(unsigned timeout_ms) {
  int s = atomic_load(&state);
  if (s != ST_AUTO && s != ST_EXPLICIT)
    return 0;
  rw_thread *t = rw_thread_current();
  if (t && t->ignore)
    return -1;   /* the flusher cannot wait for itself */
  return rw_flusher_wait(timeout_ms);
}

RW_EXPORT unsigned raceway_race_count(void) {
  return atomic_load(&state) >= ST_AUTO ? rw_detector_race_count() : 0;
}

RW_EXPORT char *raceway_race_report_json(void) {
  return atomic_load(&state) >= ST_AUTO ? rw_detector_report_json() : 0;
}

RW_EXPORT void raceway_get_stats(raceway_stats *out) {
  if (!out)
    return;
  memset(out, 0, sizeof *out);
  if (atomic_load(&state) >= ST_AUTO)
    rw_flusher_stats(out, 0, 0, 0);
}

