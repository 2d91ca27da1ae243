/*
 * report.c - the race report from the race table (racetab.c): the text
 * report (stderr), the JSON report (RACEWAY_REPORT, raceway_race_report_json)
 * and the data of the race_detected events.  Formatting only: every race
 * was built, variable name included, when it was found.
 */
#include "detect/report.h"

#include <cjson/cJSON.h>
#include <dlfcn.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "capture/slots.h"
#include "common/config.h"
#include "common/diag.h"
#include "common/ids.h"
#include "common/label.h"
#include "detect/log.h"
#include "detect/shadow.h"
#include "detect/symbolize.h"

/* The lock's id as its events spell it; the text report adds " (read)"
 * for a shared hold, which the id alone does not show. */
static void lock_label(const struct rw_held *h, int mark_shared, char *buf, size_t len) {
  rw_label_lock(h->addr, h->gen, h->kind, buf, len);
  size_t n = strlen(buf);
  if (mark_shared && h->shared && n < len)
    snprintf(buf + n, len - n, " (read)");
}

static void thread_label(const rw_access_info *a, char *buf, size_t len) {
  if (a->thread[0])
    snprintf(buf, len, "%s", a->thread);
  else
    snprintf(buf, len, "(an earlier thread of slot %u)", a->slot);
}

static void location(const raceway_site *s, int with_column, char *buf, size_t len) {
  if (!s || !s->file)
    snprintf(buf, len, "<unknown>");
  else if (!s->line) /* compiled without -g: no line to give */
    snprintf(buf, len, "%s", s->file);
  else if (with_column && s->column)
    snprintf(buf, len, "%s:%u:%u", s->file, s->line, s->column);
  else
    snprintf(buf, len, "%s:%u", s->file, s->line);
}

/* A site the pass knew no line for: its file was compiled without -g. */
static int lacks_line(const rw_access_info *a) {
  return a->site && a->site->file && !a->site->line;
}

int rw_report_module_offset(const void *addr, char *buf, size_t len) {
  Dl_info info;
  if (!addr || !dladdr(addr, &info) || !info.dli_fname)
    return 0;
  const char *mod = strrchr(info.dli_fname, '/');
  mod = mod ? mod + 1 : info.dli_fname;
  uintptr_t off = (uintptr_t)addr - (uintptr_t)info.dli_fbase;
  if (info.dli_sname)
    snprintf(buf, len, "%s (%s+0x%" PRIxPTR ")", info.dli_sname, mod, off);
  else
    snprintf(buf, len, "%s+0x%" PRIxPTR, mod, off);
  return 1;
}

/* Where a free() was called: "free() called from <module>+0x<offset>"
 * (addr2line finds the line), with the function when it is exported. */
static void free_location(const rw_access_info *a, char *buf, size_t len) {
  char where[256];
  if (rw_report_module_offset(a->free_pc, where, sizeof where))
    snprintf(buf, len, "free() called from %s", where);
  else
    snprintf(buf, len, "free()");
}

/* An access's location; a free's is its caller. */
static void access_location(const rw_access_info *a, int with_column, char *buf, size_t len) {
  if (a->is_free)
    free_location(a, buf, len);
  else
    location(a->site, with_column, buf, len);
}

static const char *access_type(const rw_access_info *a) {
  if (a->is_free)
    return "Free";
  if (a->is_atomic && a->is_write && a->site && a->site->access == RACEWAY_ACCESS_ATOMIC_RMW)
    return "AtomicRMW";
  if (a->is_atomic)
    return a->is_write ? "AtomicWrite" : "AtomicRead";
  return a->is_write ? "Write" : "Read";
}

static const char *access_word(const rw_access_info *a, int capital) {
  if (a->is_free)
    return capital ? "Free" : "free";
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

/* ---- call stacks ---- */

/* One frame of a stack as the printers see it. */
typedef struct frame {
  const char *function, *file, *module;
  uint32_t line, column;
  uintptr_t pc, offset;
} frame;

typedef void (*frame_fn)(void *ctx, int index, const frame *fr);

/* The frames of one side of r: the current access's unwound stack, the
 * previous access's own frame (its pc).  A pc's inlined frames come
 * first; the innermost frame of the access pc falls back to the site's
 * location.  Stops at main and at the runtime's own frames (a thread's
 * start). */
static void each_frame(const rw_race *r, int previous, frame_fn fn, void *ctx) {
  const rw_access_info *a = previous ? &r->prev : &r->cur;
  uintptr_t one = (uintptr_t)a->pc;
  const uintptr_t *pcs = previous ? &one : r->cur_stack;
  uint32_t n = previous ? one != 0 : r->cur_depth;
  int index = 0;
  for (uint32_t i = 0; i < n && rw_cfg.stacks; i++) {
    rw_symbolize_pc sym;
    rw_symbolize_get(pcs[i], &sym);
    if (sym.runtime && i > 0)
      return;
    for (int k = 0; k < sym.n; k++) {
      frame fr = {sym.f[k].function, sym.f[k].file, sym.module, sym.f[k].line,
                  sym.f[k].column, pcs[i], sym.offset};
      if (i == 0 && k == 0 && !fr.file && !a->is_free && a->site && a->site->file) {
        fr.file = a->site->file;
        fr.line = a->site->line;
        fr.column = a->site->column;
      }
      fn(ctx, index++, &fr);
      if (fr.function && strcmp(fr.function, "main") == 0)
        return;
    }
  }
}

static void print_frame(void *ctx, int index, const frame *fr) {
  FILE *f = ctx;
  fprintf(f, "    #%d %s", index, fr->function ? fr->function : "<unknown>");
  if (fr->file && !fr->line)
    fprintf(f, " %s", fr->file);
  else if (fr->file && fr->column)
    fprintf(f, " %s:%u:%u", fr->file, fr->line, fr->column);
  else if (fr->file)
    fprintf(f, " %s:%u", fr->file, fr->line);
  if (fr->module)
    fprintf(f, " (%s+0x%" PRIxPTR ")", fr->module, fr->offset);
  fprintf(f, "\n");
}

static void json_frame(void *ctx, int index, const frame *fr) {
  (void)index;
  cJSON *o = cJSON_CreateObject();
  char pc[32];
  if (!o)
    return;
  cJSON_AddItemToObject(o, "function", fr->function ? cJSON_CreateString(fr->function)
                                                    : cJSON_CreateNull());
  cJSON_AddItemToObject(o, "file", fr->file ? cJSON_CreateString(fr->file) : cJSON_CreateNull());
  cJSON_AddNumberToObject(o, "line", fr->line);
  snprintf(pc, sizeof pc, "0x%" PRIxPTR, fr->pc);
  cJSON_AddStringToObject(o, "pc", pc);
  if (fr->module) {
    cJSON_AddStringToObject(o, "module", fr->module);
    snprintf(pc, sizeof pc, "0x%" PRIxPTR, fr->offset);
    cJSON_AddStringToObject(o, "offset", pc);
  }
  cJSON_AddItemToArray((cJSON *)ctx, o);
}

/* Look up, in one symbolizer run, every pc of the races [from, to) of the
 * table (caller does not hold its lock), or of r alone. */
static void symbolize_races(const rw_race *only) {
  if (!rw_cfg.stacks)
    return;
  rw_racetab_lock();
  unsigned n = only ? 1 : rw_racetab_size();
  if (n == 0) {                 /* no race: nothing to look up at exit */
    rw_racetab_unlock();
    return;
  }
  uintptr_t *pcs = malloc((size_t)n * (RW_RACE_STACK + 1) * sizeof *pcs);
  size_t k = 0;
  for (unsigned i = 0; pcs && i < n; i++) {
    const rw_race *r = only ? only : rw_racetab_at(i);
    for (uint32_t d = 0; d < r->cur_depth; d++)
      pcs[k++] = r->cur_stack[d];
    if (r->prev.pc)
      pcs[k++] = (uintptr_t)r->prev.pc;
  }
  rw_racetab_unlock();
  if (pcs)
    rw_symbolize_batch(pcs, k);
  free(pcs);
}

/* ---- race_detected ---- */

char *rw_report_event_json(const rw_race *r) {
  char id1[37], id2[37], loc1[256], loc2[256];
  rw_ids_event(r->prev.slot, r->prev.seq, id1);
  rw_ids_event(r->cur.slot, r->cur.seq, id2);
  access_location(&r->prev, 1, loc1, sizeof loc1);   /* as events spell it */
  access_location(&r->cur, 1, loc2, sizeof loc2);
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

/* ---- text report ---- */

static void print_locks(FILE *f, const rw_race_locks *ls) {
  fprintf(f, "    locks held: ");
  if (ls->unknown) {
    fprintf(f, "some (not listed: the lock-set table ran out of memory, RACEWAY_MAX_MEMORY)\n");
    return;
  }
  if (ls->n == 0) {
    fprintf(f, "none\n");
    return;
  }
  for (uint32_t i = 0; i < ls->n; i++) {
    char name[160];
    lock_label(&ls->held[i], 1, name, sizeof name);
    fprintf(f, "%s%s", i ? ", " : "", name);
  }
  fprintf(f, "\n");
}

static void print_access(FILE *f, const rw_race *r, int previous) {
  const rw_access_info *a = previous ? &r->prev : &r->cur;
  const rw_race_locks *locks = previous ? &r->prev_locks : &r->cur_locks;
  char thread[64], loc[256], v1[64], v2[64];
  thread_label(a, thread, sizeof thread);
  access_location(a, 1, loc, sizeof loc);
  const char *word = access_word(a, !previous);
  fprintf(f, "  %s%s of %" PRIu64 " bytes by thread %s at %s", previous ? "Previous " : "",
          word, a->is_free ? a->free_len : a->size, thread, loc);
  if (a->is_free) {
    fprintf(f, "\n");
    print_locks(f, locks);
    each_frame(r, previous, print_frame, f);
    return;
  }
  value_text(a->site, a->old_value, v1, sizeof v1);
  value_text(a->site, a->new_value, v2, sizeof v2);
  if (a->site && (a->site->flags & RACEWAY_SITE_REDACT))
    fprintf(f, " (values redacted)");
  else if (a->is_write && v1[0] && a->new_unknown)   /* printed live, before it ran */
    fprintf(f, " (old %s)", v1);
  else if (a->is_write && v1[0] && v2[0])
    fprintf(f, " (old %s, new %s)", v1, v2);
  else if (v2[0])
    fprintf(f, " (value %s)", v2);
  fprintf(f, "\n");
  print_locks(f, locks);
  each_frame(r, previous, print_frame, f);
}

/* Locks both sides held, which can only be shared (read) holds or locks
 * whose releases did not order the accesses; 1 if any. */
static int common_locks(const rw_race *r, char *buf, size_t len) {
  buf[0] = 0;
  const rw_race_locks *a = &r->cur_locks, *b = &r->prev_locks;
  size_t used = 0;
  for (uint32_t i = 0; i < a->n; i++)
    for (uint32_t j = 0; j < b->n; j++)
      if (a->held[i].addr == b->held[j].addr && used < len) {
        char name[160];
        lock_label(&a->held[i], 1, name, sizeof name);
        used += snprintf(buf + used, len - used, "%s%s", used ? ", " : "", name);
      }
  return used > 0;
}

void rw_report_print_race(FILE *f, const rw_race *r) {
  char t1[64], t2[64], l1[256], l2[256], common[256];
  fprintf(f, "==================\n");
  fprintf(f, "WARNING: Raceway: data race on %s\n", r->variable);
  print_access(f, r, 0);
  print_access(f, r, 1);
  thread_label(&r->cur, t1, sizeof t1);
  thread_label(&r->prev, t2, sizeof t2);
  access_location(&r->cur, 0, l1, sizeof l1);
  access_location(&r->prev, 0, l2, sizeof l2);
  if (common_locks(r, common, sizeof common))
    fprintf(f, "  Both held %s, but not exclusively, and no happens-before:", common);
  else
    fprintf(f, "  No common lock and no happens-before:");
  fprintf(f, " thread %s %s %s at %s without\n  ordering after thread %s's %s at %s.\n", t1,
          r->cur.is_free ? "freed" : r->cur.is_write ? "wrote" : "read", r->variable, l1, t2, access_word(&r->prev, 0),
          l2);
  if (r->count > 1)
    fprintf(f, "  Seen %" PRIu64 " times.\n", r->count);
  fprintf(f, "==================\n");
}

/* Caller holds the table lock. */
static unsigned count_variables(void) {
  unsigned n = 0, size = rw_racetab_size();
  for (unsigned i = 0; i < size; i++) {
    unsigned j = 0;
    while (j < i && strcmp(rw_racetab_at(j)->variable, rw_racetab_at(i)->variable) != 0)
      j++;
    n += j == i;
  }
  return n;
}

/* A race printed when it was found, seen again since: its count, which
 * that print could not show. */
static void print_seen_again(FILE *f, const rw_race *r) {
  char l1[256], l2[256];
  access_location(&r->cur, 0, l1, sizeof l1);
  access_location(&r->prev, 0, l2, sizeof l2);
  fprintf(f, "Raceway: the race on %s at %s and %s (printed above) was seen %" PRIu64
          " times\n", r->variable, l1, l2, r->count);
}

void rw_report_live(FILE *f, const rw_race *r) {
  symbolize_races(r);
  rw_report_print_race(f, r);
  fflush(f);
  rw_racetab_mark_printed(r);
}

void rw_report_print(FILE *f) {
  symbolize_races(NULL);
  rw_racetab_lock();
  unsigned nraces = rw_racetab_size(), printed = 0;
  uint64_t occurrences = 0, dropped_races = rw_racetab_not_kept();
  int no_lines = 0;
  for (unsigned i = 0; i < nraces; i++) {
    const rw_race *r = rw_racetab_at(i);
    no_lines |= lacks_line(&r->cur) || lacks_line(&r->prev);
    if (!r->printed)
      rw_report_print_race(f, r);
    else if (r->count > 1)
      print_seen_again(f, r);
    printed += r->printed != 0;
    occurrences += r->count;
  }
  if (nraces) {
    unsigned vars = count_variables();
    fprintf(f, "Raceway: %u data race%s (%" PRIu64 " occurrence%s) on %u variable%s", nraces,
            nraces == 1 ? "" : "s", occurrences, occurrences == 1 ? "" : "s", vars,
            vars == 1 ? "" : "s");
    if (printed == nraces)
      fprintf(f, ", %s printed above as found\n", nraces == 1 ? "it was" : "all");
    else if (printed)
      fprintf(f, ", %u of them printed above as found\n", printed);
    else
      fprintf(f, "\n");
  }
  if (no_lines)
    fprintf(f, "Raceway: some accesses above have no line: their files were compiled "
               "without -g, which also leaves struct members unnamed (fieldN); add -g\n");
  if (dropped_races)
    fprintf(f, "Raceway: %" PRIu64 " more distinct races were not kept (limit %d)\n",
            dropped_races, RW_RACETAB_MAX);
  rw_racetab_unlock();
}

/* ---- JSON report ---- */

static cJSON *access_json(const rw_race *r, int previous) {
  const rw_access_info *a = previous ? &r->prev : &r->cur;
  const rw_race_locks *ls = previous ? &r->prev_locks : &r->cur_locks;
  char buf[256];
  cJSON *o = cJSON_CreateObject();
  if (!o)
    return NULL;
  thread_label(a, buf, sizeof buf);
  cJSON_AddStringToObject(o, "thread", buf);
  access_location(a, 1, buf, sizeof buf);
  cJSON_AddStringToObject(o, "location", buf);
  cJSON_AddStringToObject(o, "access", access_type(a));
  cJSON_AddNumberToObject(o, "size", a->is_free ? (double)a->free_len : a->size);
  rw_ids_event(a->slot, a->seq, buf);
  cJSON_AddStringToObject(o, "event_id", buf);
  value_text(a->is_free ? NULL : a->site, a->old_value, buf, sizeof buf);
  if (a->is_write && buf[0])
    cJSON_AddStringToObject(o, "old_value", buf);
  value_text(a->is_free || a->new_unknown ? NULL : a->site, a->new_value, buf, sizeof buf);
  if (buf[0])
    cJSON_AddStringToObject(o, a->is_write ? "new_value" : "value", buf);
  cJSON *locks = cJSON_AddArrayToObject(o, "locks_held");
  if (ls->unknown)   /* held, but not listed */
    cJSON_AddBoolToObject(o, "locks_held_unknown", 1);
  for (uint32_t i = 0; locks && i < ls->n; i++) {
    lock_label(&ls->held[i], 0, buf, sizeof buf);
    cJSON_AddItemToArray(locks, cJSON_CreateString(buf));
  }
  cJSON *stack = cJSON_CreateArray();
  if (stack)
    each_frame(r, previous, json_frame, stack);
  if (stack && cJSON_GetArraySize(stack) > 0)
    cJSON_AddItemToObject(o, "stack", stack);
  else
    cJSON_Delete(stack);
  return o;
}

char *rw_report_json(void) {
  cJSON *root = cJSON_CreateObject();
  if (!root)
    return NULL;
  cJSON *list = cJSON_AddArrayToObject(root, "races");
  uint64_t occurrences = 0;
  symbolize_races(NULL);
  rw_racetab_lock();
  unsigned nraces = rw_racetab_size();
  for (unsigned i = 0; i < nraces && list; i++) {
    const rw_race *r = rw_racetab_at(i);
    cJSON *o = cJSON_CreateObject();
    if (!o)
      break;
    cJSON_AddStringToObject(o, "variable", r->variable);
    cJSON_AddNumberToObject(o, "occurrences", (double)r->count);
    cJSON_AddItemToObject(o, "access", access_json(r, 0));
    cJSON_AddItemToObject(o, "previous", access_json(r, 1));
    cJSON_AddItemToArray(list, o);
    occurrences += r->count;
  }
  cJSON_AddNumberToObject(root, "race_count", nraces);
  cJSON_AddNumberToObject(root, "occurrences", (double)occurrences);
  cJSON_AddNumberToObject(root, "variables", count_variables());
  cJSON_AddNumberToObject(root, "races_not_kept", (double)rw_racetab_not_kept());
  rw_shadow_stats st;
  rw_shadow_get_stats(&st);
  cJSON_AddNumberToObject(root, "accesses_dropped", (double)st.lost);
  cJSON_AddNumberToObject(root, "addresses_with_dropped_accesses", (double)st.lost_cells);
  rw_racetab_unlock();
  char *text = cJSON_Print(root);
  cJSON_Delete(root);
  return text;
}

void rw_report_write_json(void) {
  char *json = rw_report_json();
  if (!json)
    fprintf(rw_diag_err(), "Raceway: no memory for the race report's JSON\n");
  else
    rw_log_write_report(json);
  free(json);
}

/* The shadow table's exit lines: accesses not checked for want of room,
 * and accesses dropped from a cell's history. */
void rw_report_print_shadow(FILE *log) {
  rw_shadow_stats st;
  rw_shadow_get_stats(&st);
  if (st.untracked)
    fprintf(log, "Raceway: %llu accesses to new addresses were not checked "
                 "(shadow table full at %zu addresses, or crowded)\n",
            (unsigned long long)st.untracked, st.capacity);
  if (st.lost) {
    /* Where the address lives says what it is: pigz's threads all read
     * zlib's version string, in libz's read-only data. */
    char where[300] = "";
    if (rw_report_module_offset((const void *)st.lost_first, where + 2, sizeof where - 2))
      memcpy(where, ", ", 2);
    fprintf(log, "Raceway: %llu accesses were dropped from the history of %llu "
                 "addresses (first %s%s0x%llx%s) that held %d unordered accesses at once; "
                 "races with them may be missed\n",
            (unsigned long long)st.lost, (unsigned long long)st.lost_cells,
            st.lost_variable ? st.lost_variable : "", st.lost_variable ? " at " : "",
            (unsigned long long)st.lost_first, where, RW_SHADOW_ALL);
  }
}

/* How close a run came to the table's capacity: the peak of live
 * addresses says whether RACEWAY_MAX_SHADOW (or the budget) is the limit
 * a long run will meet. */
void rw_report_describe_shadow(FILE *log) {
  rw_shadow_stats st;
  rw_shadow_get_stats(&st);
  fprintf(log, "; shadow addresses: %zu live, peak %zu of %zu", st.used, st.peak, st.capacity);
}
