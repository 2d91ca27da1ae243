/*
 * api.c - the public C API (include/raceway/raceway.h) except traces and
 * HTTP (trace.c) and start/stop (rt/lifecycle.c): names, manual events,
 * the async task API, manual locks, errors, custom events, flushing and
 * statistics.
 *
 * Every entry point is a no-op before the runtime can start and after
 * shutdown, and marks the thread in_runtime while it works so the
 * interceptors ignore the runtime's own locks and allocations.
 */
#include "api/api.h"

#include <cjson/cJSON.h>
#include <execinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture/capture.h"
#include "common/config.h"
#include "common/export.h"
#include "common/ids.h"
#include "common/intern.h"
#include "common/label.h"
#include "common/names.h"
#include "common/uuid.h"
#include "common/wire.h"
#include "detect/detector.h"
#include "hb/async.h"
#include "hb/sync.h"
#include "rt/lifecycle.h"
#include "transport/flusher.h"

rw_thread *rw_api_enter(void) {
  if (!rw_lifecycle_ensure())
    return 0;
  rw_thread *t = rw_thread_current();
  if (!t || t->ignore || t->in_runtime)
    return 0;
  t->in_runtime = 1;
  rw_sync_note_access();    /* the event carries this thread's clock: edges matter */
  return t;
}

/* api_enter for a call naming a task: NULL too when task_id is not a
 * UUID (the call is ignored).  The parsed id goes to `id`. */
static rw_thread *api_enter_task(const char *task_id, uint8_t id[16]) {
  if (!task_id || rw_uuid_parse(task_id, id) != 0)
    return 0;
  return rw_api_enter();
}

/* ---- names ---- */

RW_EXPORT void raceway_name_object(const void *base, const char *name) {
  rw_names_set(RW_NAMES_OBJECT, (uintptr_t)base, name);
}

RW_EXPORT void raceway_name_lock(const void *lock, const char *name) {
  rw_names_set(RW_NAMES_LOCK, (uintptr_t)lock, name);
}

/* ---- manual capture ---- */

/* The caller's code address as a location, when the caller gave none. */
static const char *caller_location(const char *given, const void *pc,
                                   char *buf, size_t len) {
  if (given)
    return given;
  rw_label_pc(pc, buf, len);
  return buf;
}

RW_EXPORT void raceway_capture_state_change(const char *variable,
                                            const char *old_json,
                                            const char *new_json,
                                            const char *location,
                                            raceway_access_type access) {
  const void *pc = __builtin_return_address(0);
  rw_thread *t = rw_api_enter();
  if (!t)
    return;
  char where[256];
  rw_value ov = {RW_VALUE_JSON, 0, old_json != 0, 0, old_json};
  rw_value nv = {RW_VALUE_JSON, 0, new_json != 0, 0, new_json};
  rw_buf b = {0};
  rw_wire_state_change(&b, variable, &ov, &nv,
                       caller_location(location, pc, where, sizeof where),
                       (unsigned)access <= RACEWAY_ATOMIC_RMW ? (unsigned)access : 0);
  rw_capture_json_owned(&t->cap, rw_buf_take(&b));
  rw_api_leave(t);
}

RW_EXPORT void raceway_capture_function_call(const char *function_name,
                                             const char *module,
                                             const char *file, unsigned line,
                                             const char *args_json) {
  rw_thread *t = rw_api_enter();
  if (!t)
    return;
  rw_buf b = {0};
  rw_wire_function_call(&b, function_name, module, args_json, file, line);
  rw_capture_json_owned(&t->cap, rw_buf_take(&b));
  rw_api_leave(t);
}

RW_EXPORT void raceway_async_spawn(char task_id[RACEWAY_TASK_ID_LEN],
                                   const char *spawned_by) {
  const void *pc = __builtin_return_address(0);
  uint8_t id[16];
  rw_thread *t = rw_api_enter();
  if (!t) {
    rw_ids_random_uuid(id);            /* still a usable handle */
    rw_uuid_format(id, task_id);
    return;
  }
  rw_loc loc = {0, spawned_by ? 0 : pc, spawned_by ? rw_intern(spawned_by) : 0};
  rw_capture_spawn(&t->cap, loc, id);
  rw_async_spawned(&t->hb, id);
  rw_uuid_format(id, task_id);
  rw_api_leave(t);
}

/* The task this thread is running (raceway_async_begin), ended implicitly
 * by the next begin. */
static __thread struct { int set; uint8_t id[16]; } current_task;

static void end_current_task(rw_thread *t) {
  if (current_task.set)
    rw_async_ended(&t->hb, current_task.id);
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
  rw_async_began(&t->hb, id);
  current_task.set = 1;
  memcpy(current_task.id, id, 16);
  if (rw_ids_task_decode(id, &slot, &seq) == 0) {  /* ours: link the chain */
    t->cap.parent_slot = slot;
    t->cap.parent_seq = seq;
  }
  rw_api_leave(t);
}

RW_EXPORT void raceway_async_end(const char *task_id) {
  uint8_t id[16];
  rw_thread *t = api_enter_task(task_id, id);
  if (!t)
    return;
  if (current_task.set && memcmp(current_task.id, id, 16) == 0)
    current_task.set = 0;
  rw_async_ended(&t->hb, id);
  rw_api_leave(t);
}

RW_EXPORT void raceway_async_await(const char *task_id, const char *awaited_at) {
  const void *pc = __builtin_return_address(0);
  uint8_t id[16];
  rw_thread *t = api_enter_task(task_id, id);
  if (!t)
    return;
  rw_loc loc = {0, awaited_at ? 0 : pc, awaited_at ? rw_intern(awaited_at) : 0};
  rw_async_awaited(&t->hb, id);
  rw_capture_await(&t->cap, id, 0, 0, loc);
  rw_api_leave(t);
}

static int is_shared_type(const char *type) {
  return type && strcmp(type, "RwLock-Read") == 0;
}

/* The edge and the Lock event in the order the wire wants: the acquire
 * event after acquiring, the release event before releasing.  `pc` is the
 * exported function's caller, the location when none is given. */
static void api_lock(int acquire, const void *lock, const char *lock_type,
                     const char *location, const void *pc) {
  rw_thread *t = rw_api_enter();
  if (!t)
    return;
  uintptr_t a = (uintptr_t)lock;
  rw_capture_settle(&t->cap);
  if (acquire)
    rw_sync_acquire(&t->hb, a, is_shared_type(lock_type), RW_LOCK_MANUAL);
  rw_loc loc = {0, location ? 0 : pc, location ? rw_intern(location) : 0};
  rw_capture_lock(&t->cap, acquire, a, rw_sync_generation(a), RW_LOCK_MANUAL,
               rw_intern(lock_type ? lock_type : "Mutex"), loc);
  if (!acquire)
    rw_sync_release(&t->hb, a, is_shared_type(lock_type));
  rw_api_leave(t);
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
  rw_thread *t = rw_api_enter();
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
  rw_wire_error(&b, error_type, message, stack_trace, n);
  free(own);
  rw_capture_json_owned(&t->cap, rw_buf_take(&b));
  rw_api_leave(t);
}

RW_EXPORT void raceway_capture_custom(const char *name, const char *data_json) {
  rw_thread *t = rw_api_enter();
  if (!t)
    return;
  rw_capture_custom(&t->cap, name, data_json);
  rw_api_leave(t);
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
  rw_thread *t = rw_api_enter();
  if (!t)
    return 0;
  rw_buf b = {0};
  if (rw_json_value_text(&b, kind_json) == 0)
    rw_capture_json_owned(&t->cap, rw_buf_take(&b));
  else
    rw_buf_free(&b);
  rw_api_leave(t);
  return 0;
}

/* ---- findings, flushing, stats ---- */

RW_EXPORT int raceway_flush(unsigned timeout_ms) {
  return rw_lifecycle_flush(timeout_ms);
}

RW_EXPORT unsigned raceway_race_count(void) {
  return rw_lifecycle_started() ? rw_detector_race_count() : 0;
}

RW_EXPORT char *raceway_race_report_json(void) {
  return rw_lifecycle_started() ? rw_detector_report_json() : 0;
}

RW_EXPORT void raceway_get_stats(raceway_stats *out) {
  if (!out)
    return;
  memset(out, 0, sizeof *out);
  if (rw_lifecycle_started())
    rw_flusher_stats(out, 0, 0, 0);
}

