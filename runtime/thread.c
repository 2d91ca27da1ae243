/*
 * thread.c - the thread registry: per-thread state behind an
 * initial-exec TLS pointer, dense slots that are never reused, thread
 * names that outlive their threads, spawn/attach/detach and fork.
 */
#include "thread.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "async.h"
#include "config.h"
#include "flusher.h"
#include "names.h"
#include "rawalloc.h"
#include "report.h"
#include "ring.h"

__thread rw_thread *rw_self __attribute__((tls_model("initial-exec")));

/* Slots live in chunks that are allocated once and never freed, so a
 * slot's entry (its name above all) stays valid for the whole run.  The
 * 22-bit limit matches the slot field of event ids (ids.c). */
#define SLOT_CHUNK 1024u
#define SLOT_CHUNKS 4096u
static _Atomic(rw_slot *) chunks[SLOT_CHUNKS];
static _Atomic uint32_t next_slot = 1;
uint32_t rw_pid;

/* Threads that exited, or could not be registered, point here: the hooks
 * see `ignore` and return, and nothing registers them again. */
static rw_thread dead_thread = {.ignore = 1};

static pthread_key_t exit_key;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;

static void on_thread_exit(void *arg) {
  (void)arg;
  rw_thread_detach();
}

static void after_fork_child(void);

static void init_once(void) {
  pthread_key_create(&exit_key, on_thread_exit);
  pthread_atfork(0, 0, after_fork_child);
}

rw_slot *rw_slot_get(uint32_t slot) {
  if (slot == 0 || slot >= SLOT_CHUNK * SLOT_CHUNKS)
    return 0;
  rw_slot *c = atomic_load_explicit(&chunks[slot / SLOT_CHUNK], memory_order_acquire);
  return c ? &c[slot % SLOT_CHUNK] : 0;
}

uint32_t rw_slot_end(void) {
  uint32_t n = atomic_load_explicit(&next_slot, memory_order_acquire);
  return n < SLOT_CHUNK * SLOT_CHUNKS ? n : SLOT_CHUNK * SLOT_CHUNKS;
}

const char *rw_thread_name(uint32_t slot) {
  rw_slot *s = rw_slot_get(slot);
  return s && s->name[0] ? s->name : 0;
}

/* The entry for a new slot, allocating its chunk on first use. */
static rw_slot *slot_entry(uint32_t slot) {
  if (slot >= SLOT_CHUNK * SLOT_CHUNKS)
    return 0;
  _Atomic(rw_slot *) *cp = &chunks[slot / SLOT_CHUNK];
  rw_slot *c = atomic_load_explicit(cp, memory_order_acquire);
  if (!c) {
    rw_slot *fresh = rw_raw_calloc(SLOT_CHUNK, sizeof(rw_slot));
    if (!fresh)
      return 0;
    if (atomic_compare_exchange_strong(cp, &c, fresh))
      c = fresh;
    else
      rw_raw_free(fresh);   /* another thread installed it first */
  }
  return &c[slot % SLOT_CHUNK];
}

static rw_thread *register_self(void) {
  static __thread int registering;
  if (registering)
    return 0;               /* rw_runtime_ensure re-entered us */
  registering = 1;
  rw_runtime_ensure();
  pthread_once(&key_once, init_once);
  rw_thread *t = rw_raw_calloc(1, sizeof *t);
  if (t)
    rw_lsan_ignore(t);
  uint32_t slot = atomic_fetch_add(&next_slot, 1);
  rw_slot *s = t ? slot_entry(slot) : 0;
  if (!s) {
    rw_raw_free(t);
    rw_self = &dead_thread;
    registering = 0;
    return 0;
  }
  t->slot = slot;
  t->os_tid = (uint32_t)syscall(SYS_gettid);
  t->cap.seq = 1;
  memcpy(t->cap.trace_id, rw_process_trace, 16);
  t->cap.ring = rw_ring_create(rw_cfg.pub.max_buffered ? rw_cfg.pub.max_buffered : 65536);
  rw_hb_init(&t->hb, slot);
  t->cap.vc_changed = 1;     /* the first event carries the initial clock */
  snprintf(s->name, sizeof s->name, "%u:%u", (unsigned)rw_pid, (unsigned)t->os_tid);
  s->ring = t->cap.ring;
  atomic_store_explicit(&s->exited, 0, memory_order_release);
  pthread_setspecific(exit_key, t);
  rw_self = t;
  registering = 0;
  return t;
}

rw_thread *rw_thread_current(void) {
  rw_thread *t = rw_self;
  return t ? t : register_self();
}

rw_thread *rw_thread_attach(rw_spawn *sp) {
  rw_thread *t = rw_self;
  if (!t || t == &dead_thread)
    t = register_self();
  if (!t || !sp)
    return t;
  if (sp->start_vc.n) {
    rw_vc_join(&t->hb.vc, &sp->start_vc);
    t->cap.vc_changed = 1;
  }
  rw_vc_free(&sp->start_vc);
  if (sp->spawn_seq) {
    /* The first event descends from the AsyncSpawn; the flusher holds it
     * back until that event was encoded. */
    t->cap.parent_slot = sp->parent_slot;
    t->cap.parent_seq = sp->spawn_seq;
  }
  return t;
}

void rw_thread_detach(void) {
  rw_thread *t = rw_self;
  if (!t || t == &dead_thread)
    return;
  rw_self = &dead_thread;
  pthread_setspecific(exit_key, 0);
  rw_slot *s = rw_slot_get(t->slot);
  rw_hb_destroy(&t->hb);
  rw_raw_free(t->cap.trace_ctx);
  if (s)
    atomic_store_explicit(&s->exited, 1, memory_order_release);
  rw_raw_free(t);
  rw_flusher_kick();   /* let the flusher send and retire the ring */
}

void rw_thread_ignore_self(void) {
  rw_thread *t = rw_thread_current();
  if (t)
    t->ignore = 1;
}

/*
 * fork child: only the calling thread survives.  The other threads' slots
 * are marked gone and their rings (copies of the parent's buffered events,
 * which the parent sends) are dropped by rw_flusher_after_fork; this
 * thread keeps its slot (its clock is indexed by it), gets a new name and
 * an empty ring, and its next event starts a new root: ids change with the
 * new random part, so its old parent ids mean nothing here.
 */
static void after_fork_child(void) {
  rw_thread *t = rw_self;
  uint8_t trace[16];
  memcpy(trace, rw_process_trace, 16);   /* the child stays in the run's trace */
  rw_pid = (uint32_t)getpid();
  rw_ids_init();
  memcpy(rw_process_trace, trace, 16);
  /* Only this thread survives the fork: a lock another thread held then
   * would never be released.  Release them all before anything below
   * (free() is intercepted) can take one. */
  rw_names_after_fork();
  rw_sync_after_fork();
  rw_report_after_fork();
  rw_async_after_fork();
  uint32_t end = rw_slot_end();
  for (uint32_t i = 1; i < end; i++) {
    rw_slot *s = rw_slot_get(i);
    if (s && (!t || t == &dead_thread || i != t->slot))
      atomic_store(&s->exited, 1);
  }
  rw_flusher_after_fork();
  if (!t || t == &dead_thread)
    return;
  rw_slot *s = rw_slot_get(t->slot);
  t->os_tid = (uint32_t)syscall(SYS_gettid);
  t->cap.ring = rw_ring_create(rw_cfg.pub.max_buffered ? rw_cfg.pub.max_buffered : 65536);
  memcpy(t->cap.trace_id, rw_process_trace, 16);
  t->cap.trace_changed = 1;
  t->cap.trace_root = 1;
  t->cap.parent_seq = 0;
  t->cap.vc_changed = 1;
  if (s) {
    snprintf(s->name, sizeof s->name, "%u:%u", (unsigned)rw_pid, (unsigned)t->os_tid);
    s->ring = t->cap.ring;
    atomic_store(&s->exited, 0);
  }
}
