/*
 * report.c - deduplicated race records and their reports.
 *
 * Races are keyed by (unordered site pair, object base), so a race between
 * the same two lines on alice.balance and on bob.balance are two races,
 * and a racy loop that hits the same pair a million times is one race with
 * a count.  Records and lock sets are kept in tables behind one spin lock;
 * this is the path of races found, not of accesses.  Memory is bounded:
 * past MAX_RACES distinct races, further ones are counted, not kept.
 */
#include "report.h"

#include <cjson/cJSON.h>
#include <inttypes.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "names.h"
#include "rawalloc.h"
#include "thread.h"

#define MAX_RACES 4096
#define RACE_BUCKETS 1024
#define MAX_LOCKSETS 1024           /* ids 1..MAX_LOCKSETS-1 */
#define LOCKSET_UNKNOWN MAX_LOCKSETS /* locks held, but the table is full */
#define NAME_LEN 192
#define EMIT_BATCH 8

typedef struct race {
  struct race *next;
  const raceway_site *site_lo, *site_hi;   /* the key: ordered pair ... */
  uintptr_t base;                          /* ... and the object        */
  uintptr_t addr;
  char variable[NAME_LEN];
  rw_access_info cur, prev;                /* first occurrence          */
  uint64_t count;
  int emitted;
} race;

typedef struct lockset {
  uint32_t n;
  struct rw_held held[RW_MAX_HELD];
} lockset;

static atomic_flag lock = ATOMIC_FLAG_INIT;
static race *buckets[RACE_BUCKETS];
static race *order[MAX_RACES];             /* in order found, for printing */
static unsigned nraces;
static uint64_t dropped_races;             /* distinct races past MAX_RACES */
static atomic_uint pending;                /* races whose event is not out */
static lockset locksets[MAX_LOCKSETS];
static uint32_t nlocksets = 1;             /* id 0 = none */

static void lock_table(void) {
  while (atomic_flag_test_and_set_explicit(&lock, memory_order_acquire))
    sched_yield();
}

static void unlock_table(void) {
  atomic_flag_clear_explicit(&lock, memory_order_release);
}

void rw_report_after_fork(void) { atomic_flag_clear(&lock); }

/* ---- lock sets ---- */

static int same_set(const lockset *s, const struct rw_hb *hb) {
  if (s->n != hb->nheld)
    return 0;
  for (uint32_t i = 0; i < s->n; i++)
    if (s->held[i].addr != hb->held[i].addr || s->held[i].gen != hb->held[i].gen ||
        s->held[i].shared != hb->held[i].shared || s->held[i].kind != hb->held[i].kind)
      return 0;
  return 1;
}

/* Linear search: lock sets are few, and this runs only when a thread's
 * set changed since its last tracked access. */
uint32_t rw_lockset_intern(struct rw_hb *hb) {
  if (hb->lockset != RW_LOCKSET_STALE)
    return hb->lockset;
  uint32_t id = 0;
  if (hb->nheld) {
    lock_table();
    for (uint32_t i = 1; i < nlocksets; i++)
      if (same_set(&locksets[i], hb)) {
        id = i;
        break;
      }
    if (!id && nlocksets < MAX_LOCKSETS) {
      id = nlocksets++;
      locksets[id].n = hb->nheld;
      memcpy(locksets[id].held, hb->held, hb->nheld * sizeof hb->held[0]);
    } else if (!id) {
      id = LOCKSET_UNKNOWN;      /* never "none" when locks are held */
    }
    unlock_table();
  }
  hb->lockset = id;
  return id;
}

/* ---- names ---- */

/* The lock's id as its events spell it; the text report adds " (read)"
 * for a shared hold, which the id alone does not show. */
static void lock_label(const struct rw_held *h, int mark_shared, char *buf, size_t len) {
  rw_lock_id(h->addr, h->gen, h->kind, buf, len);
  size_t n = strlen(buf);
  if (mark_shared && h->shared && n < len)
    snprintf(buf + n, len - n, " (read)");
}

static void thread_label(uint32_t slot, char *buf, size_t len) {
  const char *name = rw_thread_name(slot);
  if (name)
    snprintf(buf, len, "%s", name);
  else
    snprintf(buf, len, "slot %u", slot);
}

static void location(const raceway_site *s, int with_column, char *buf, size_t len) {
  if (!s || !s->file)
    snprintf(buf, len, "<unknown>");
  else if (with_column && s->column)
    snprintf(buf, len, "%s:%u:%u", s->file, s->line, s->column);
  else
    snprintf(buf, len, "%s:%u", s->file, s->line);
}

static const char *access_type(const rw_access_info *a) {
  if (a->is_atomic && a->is_write && a->site && a->site->access == RACEWAY_ACCESS_ATOMIC_RMW)
    return "AtomicRMW";
  if (a->is_atomic)
    return a->is_write ? "AtomicWrite" : "AtomicRead";
  return a->is_write ? "Write" : "Read";
}

static const char *access_word(const rw_access_info *a, int capital) {
  if (a->is_atomic)
    return a->is_write ? (capital ? "Atomic write" : "atomic write")
                       : (capital ? "Atomic read" : "atomic read");
  return a->is_write ? (capital ? "Write" : "write") : (capital ? "Read" : "read");
}

/* Value bits as text per the site's value kind; "" when not printable. */
static void value_text(const raceway_site *s, uint64_t v, char *buf, size_t len) {
  buf[0] = 0;
  if (!s || (s->flags & RACEWAY_SITE_REDACT))
    return;
  unsigned size = s->size;
  switch (s->value_kind) {
  case RACEWAY_VALUE_SINT:
    if (size && size < 8) {
      unsigned shift = 64 - 8 * size;
      v = (uint64_t)((int64_t)(v << shift) >> shift);
    }
    snprintf(buf, len, "%" PRId64, (int64_t)v);
    break;
  case RACEWAY_VALUE_UINT:
    if (size && size < 8)
      v &= (1ull << (8 * size)) - 1;
    snprintf(buf, len, "%" PRIu64, v);
    break;
  case RACEWAY_VALUE_FLOAT:
    if (size == 4) {
      uint32_t b = (uint32_t)v;
      float f;
      memcpy(&f, &b, sizeof f);
      snprintf(buf, len, "%g", (double)f);
    } else {
      double d;
      memcpy(&d, &v, sizeof d);
      snprintf(buf, len, "%g", d);
    }
    break;
  case RACEWAY_VALUE_PTR:
    snprintf(buf, len, "0x%" PRIx64, v);
    break;
  case RACEWAY_VALUE_BOOL:
    snprintf(buf, len, "%s", v ? "true" : "false");
    break;
  default:
    break;
  }
}

/* ---- recording ---- */

static race *find_race(const raceway_site *lo, const raceway_site *hi, uintptr_t base,
                       race ***bucket) {
  uint64_t h = ((uintptr_t)lo ^ ((uintptr_t)hi * 31) ^ (base * 131)) * 0x9E3779B97F4A7C15ull;
  *bucket = &buckets[(h >> 40) % RACE_BUCKETS];
  for (race *r = **bucket; r; r = r->next)
    if (r->site_lo == lo && r->site_hi == hi && r->base == base)
      return r;
  return NULL;
}

static void print_race(FILE *f, const race *r);

void rw_report_race(rw_thread *t, uintptr_t addr, const rw_access_info *cur,
                    const rw_access_info *prev) {
  const raceway_site *a = cur->site, *b = prev->site;
  const raceway_site *lo = (uintptr_t)a < (uintptr_t)b ? a : b;
  const raceway_site *hi = (uintptr_t)a < (uintptr_t)b ? b : a;
  uintptr_t base = cur->site && (cur->site->flags & RACEWAY_SITE_FIELD)
                       ? addr - cur->site->field_offset : 0;
  race **bucket, *fresh = NULL;
  lock_table();
  race *r = find_race(lo, hi, base, &bucket);
  if (r) {
    r->count++;
  } else if (nraces >= MAX_RACES) {
    dropped_races++;
  } else if ((fresh = rw_raw_calloc(1, sizeof *fresh))) {
    fresh->site_lo = lo;
    fresh->site_hi = hi;
    fresh->base = base;
    fresh->addr = addr;
    fresh->cur = *cur;
    fresh->prev = *prev;
    fresh->count = 1;
    rw_variable_name(cur->site, addr, fresh->variable, sizeof fresh->variable);
    fresh->next = *bucket;
    *bucket = fresh;
    order[nraces++] = fresh;
    atomic_fetch_add_explicit(&pending, 1, memory_order_release);
  }
  unlock_table();
  if (fresh && rw_cfg.pub.report_live)
    print_race(stderr, fresh);
}

/* Custom event data; the caller holds the table lock. */
static char *event_json(const race *r) {
  char id1[37], id2[37], loc1[256], loc2[256];
  rw_event_id(r->prev.slot, r->prev.seq, id1);
  rw_event_id(r->cur.slot, r->cur.seq, id2);
  location(r->prev.site, 1, loc1, sizeof loc1);   /* as events spell it */
  location(r->cur.site, 1, loc2, sizeof loc2);
  cJSON *o = cJSON_CreateObject();
  if (!o)
    return NULL;
  cJSON_AddStringToObject(o, "variable", r->variable);
  cJSON_AddStringToObject(o, "first_event_id", id1);
  cJSON_AddStringToObject(o, "second_event_id", id2);
  cJSON_AddStringToObject(o, "first_location", loc1);
  cJSON_AddStringToObject(o, "second_location", loc2);
  cJSON_AddStringToObject(o, "first_access", access_type(&r->prev));
  cJSON_AddStringToObject(o, "second_access", access_type(&r->cur));
  char *text = cJSON_PrintUnformatted(o);
  cJSON_Delete(o);
  return text;
}

void rw_report_emit_pending(rw_thread *t) {
  if (!atomic_load_explicit(&pending, memory_order_acquire))
    return;
  char *data[EMIT_BATCH];
  unsigned n = 0;
  lock_table();
  for (unsigned i = 0; i < nraces && n < EMIT_BATCH; i++) {
    race *r = order[i];
    if (r->emitted)
      continue;
    r->emitted = 1;
    atomic_fetch_sub_explicit(&pending, 1, memory_order_relaxed);
    data[n++] = event_json(r);
  }
  unlock_table();
  for (unsigned i = 0; i < n; i++) {
    if (data[i])
      rw_emit_custom(t, "race_detected", data[i]);
    free(data[i]);
  }
}

unsigned rw_report_count(void) {
  lock_table();
  unsigned n = nraces + (unsigned)dropped_races;
  unlock_table();
  return n;
}

/* ---- text report ---- */

static void print_locks(FILE *f, uint32_t id) {
  fprintf(f, "    locks held: ");
  if (id == LOCKSET_UNKNOWN) {
    fprintf(f, "some (not listed: more than %d distinct lock sets)\n", MAX_LOCKSETS - 1);
    return;
  }
  if (id == 0 || id >= MAX_LOCKSETS || locksets[id].n == 0) {
    fprintf(f, "none\n");
    return;
  }
  for (uint32_t i = 0; i < locksets[id].n; i++) {
    char name[160];
    lock_label(&locksets[id].held[i], 1, name, sizeof name);
    fprintf(f, "%s%s", i ? ", " : "", name);
  }
  fprintf(f, "\n");
}

static void print_access(FILE *f, const rw_access_info *a, int previous) {
  char thread[64], loc[256], v1[64], v2[64];
  thread_label(a->slot, thread, sizeof thread);
  location(a->site, 1, loc, sizeof loc);
  const char *word = access_word(a, !previous);
  fprintf(f, "  %s%s of %u bytes by thread %s at %s", previous ? "Previous " : "", word,
          a->size, thread, loc);
  value_text(a->site, a->old_value, v1, sizeof v1);
  value_text(a->site, a->new_value, v2, sizeof v2);
  if (a->site && (a->site->flags & RACEWAY_SITE_REDACT))
    fprintf(f, " (values redacted)");
  else if (a->is_write && v1[0] && v2[0])
    fprintf(f, " (old %s, new %s)", v1, v2);
  else if (v2[0])
    fprintf(f, " (value %s)", v2);
  fprintf(f, "\n");
  print_locks(f, a->lockset);
}

/* Locks both sides held, which can only be shared (read) holds or locks
 * whose releases did not order the accesses; 1 if any. */
static int common_locks(const race *r, char *buf, size_t len) {
  buf[0] = 0;
  uint32_t a = r->cur.lockset, b = r->prev.lockset;
  if (!a || !b || a >= MAX_LOCKSETS || b >= MAX_LOCKSETS)
    return 0;
  size_t used = 0;
  for (uint32_t i = 0; i < locksets[a].n; i++)
    for (uint32_t j = 0; j < locksets[b].n; j++)
      if (locksets[a].held[i].addr == locksets[b].held[j].addr && used < len) {
        char name[160];
        lock_label(&locksets[a].held[i], 1, name, sizeof name);
        used += snprintf(buf + used, len - used, "%s%s", used ? ", " : "", name);
      }
  return used > 0;
}

static void print_race(FILE *f, const race *r) {
  char t1[64], t2[64], l1[256], l2[256], common[256];
  fprintf(f, "==================\n");
  fprintf(f, "WARNING: Raceway: data race on %s\n", r->variable);
  print_access(f, &r->cur, 0);
  print_access(f, &r->prev, 1);
  thread_label(r->cur.slot, t1, sizeof t1);
  thread_label(r->prev.slot, t2, sizeof t2);
  location(r->cur.site, 0, l1, sizeof l1);
  location(r->prev.site, 0, l2, sizeof l2);
  if (common_locks(r, common, sizeof common))
    fprintf(f, "  Both held %s, but not exclusively, and no happens-before:", common);
  else
    fprintf(f, "  No common lock and no happens-before:");
  fprintf(f, " thread %s %s %s at %s without\n  ordering after thread %s's %s at %s.\n", t1,
          r->cur.is_write ? "wrote" : "read", r->variable, l1, t2, access_word(&r->prev, 0),
          l2);
  if (r->count > 1)
    fprintf(f, "  Seen %" PRIu64 " times.\n", r->count);
  fprintf(f, "==================\n");
}

static unsigned count_variables(void) {
  unsigned n = 0;
  for (unsigned i = 0; i < nraces; i++) {
    unsigned j = 0;
    while (j < i && strcmp(order[j]->variable, order[i]->variable) != 0)
      j++;
    n += j == i;
  }
  return n;
}

void rw_report_print(FILE *f) {
  lock_table();
  uint64_t occurrences = 0;
  for (unsigned i = 0; i < nraces; i++) {
    print_race(f, order[i]);
    occurrences += order[i]->count;
  }
  if (nraces) {
    unsigned vars = count_variables();
    fprintf(f, "Raceway: %u data race%s (%" PRIu64 " occurrence%s) on %u variable%s\n", nraces,
            nraces == 1 ? "" : "s", occurrences, occurrences == 1 ? "" : "s", vars,
            vars == 1 ? "" : "s");
  }
  if (dropped_races)
    fprintf(f, "Raceway: %" PRIu64 " more distinct races were not kept (limit %d)\n",
            dropped_races, MAX_RACES);
  unlock_table();
}

/* ---- JSON report ---- */

static cJSON *access_json(const rw_access_info *a) {
  char buf[256];
  cJSON *o = cJSON_CreateObject();
  if (!o)
    return NULL;
  thread_label(a->slot, buf, sizeof buf);
  cJSON_AddStringToObject(o, "thread", buf);
  location(a->site, 1, buf, sizeof buf);
  cJSON_AddStringToObject(o, "location", buf);
  cJSON_AddStringToObject(o, "access", access_type(a));
  cJSON_AddNumberToObject(o, "size", a->size);
  rw_event_id(a->slot, a->seq, buf);
  cJSON_AddStringToObject(o, "event_id", buf);
  value_text(a->site, a->old_value, buf, sizeof buf);
  if (a->is_write && buf[0])
    cJSON_AddStringToObject(o, "old_value", buf);
  value_text(a->site, a->new_value, buf, sizeof buf);
  if (buf[0])
    cJSON_AddStringToObject(o, a->is_write ? "new_value" : "value", buf);
  cJSON *locks = cJSON_AddArrayToObject(o, "locks_held");
  if (a->lockset == LOCKSET_UNKNOWN)   /* held, but not listed */
    cJSON_AddBoolToObject(o, "locks_held_unknown", 1);
  if (locks && a->lockset && a->lockset < MAX_LOCKSETS)
    for (uint32_t i = 0; i < locksets[a->lockset].n; i++) {
      lock_label(&locksets[a->lockset].held[i], 0, buf, sizeof buf);
      cJSON_AddItemToArray(locks, cJSON_CreateString(buf));
    }
  return o;
}

char *rw_report_json(void) {
  cJSON *root = cJSON_CreateObject();
  if (!root)
    return NULL;
  cJSON *list = cJSON_AddArrayToObject(root, "races");
  uint64_t occurrences = 0;
  lock_table();
  for (unsigned i = 0; i < nraces && list; i++) {
    const race *r = order[i];
    cJSON *o = cJSON_CreateObject();
    if (!o)
      break;
    cJSON_AddStringToObject(o, "variable", r->variable);
    cJSON_AddNumberToObject(o, "occurrences", (double)r->count);
    cJSON_AddItemToObject(o, "access", access_json(&r->cur));
    cJSON_AddItemToObject(o, "previous", access_json(&r->prev));
    cJSON_AddItemToArray(list, o);
    occurrences += r->count;
  }
  cJSON_AddNumberToObject(root, "race_count", nraces);
  cJSON_AddNumberToObject(root, "occurrences", (double)occurrences);
  cJSON_AddNumberToObject(root, "variables", count_variables());
  cJSON_AddNumberToObject(root, "races_not_kept", (double)dropped_races);
  unlock_table();
  char *text = cJSON_Print(root);
  cJSON_Delete(root);
  return text;
}

void rw_report_reset(void) {
  lock_table();
  for (unsigned i = 0; i < nraces; i++)
    rw_raw_free(order[i]);
  memset(buckets, 0, sizeof buckets);
  nraces = 0;
  dropped_races = 0;
  nlocksets = 1;
  atomic_store(&pending, 0);
  unlock_table();
}
