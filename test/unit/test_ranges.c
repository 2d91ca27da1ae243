/* test_ranges.c - the registry of tracked ranges (runtime/detect/ranges.c):
 * a budget that refuses the table, register and look up, overlap,
 * forgetting a released block, the filter, and the named checked sites. */
#include <pthread.h>
#include <stdatomic.h>

#include "check.h"
#include "common/budget.h"
#include "detect/ranges.h"

static const raceway_site name_a = {.variable = "a", .file = "x.c", .line = 3};
static const raceway_site name_b = {.variable = "b", .file = "x.c", .line = 4};
static const raceway_site field = {.variable = "balance", .type_name = "Account",
                                   .field_offset = 8, .size = 8,
                                   .flags = RACEWAY_SITE_FIELD};
static const raceway_site checked = {.file = "y.c", .line = 10, .column = 5,
                                     .access = RACEWAY_ACCESS_WRITE, .size = 8,
                                     .value_kind = RACEWAY_VALUE_SINT};

static void test_budget_refusal(void) {
  rw_budget_init(1024);   /* less than the table: refused, nothing kept */
  CHECK(rw_ranges_add(0x100000, 8, &name_a) == -1);
  rw_ranges_stats st;
  rw_ranges_get_stats(&st);
  CHECK(st.ranges == 0 && st.refused == 1, "%llu ranges, %llu refused",
        (unsigned long long)st.ranges, (unsigned long long)st.refused);
  CHECK(!rw_ranges_may_hold(0x100000));
  CHECK(rw_ranges_find(0x100000, 0) == 0);
  rw_budget_init(0);
}

static void test_register_lookup(void) {
  CHECK(rw_ranges_add(0x200000, 16, &name_a) == 0);
  CHECK(rw_ranges_add(0x100000, 8, &name_b) == 0);   /* before: kept sorted */
  CHECK(rw_ranges_may_hold(0x200008));
  CHECK(!rw_ranges_may_hold(0x300000));
  uintptr_t base = 0;
  CHECK(rw_ranges_find(0x200000, &base) == &name_a && base == 0x200000);
  CHECK(rw_ranges_find(0x20000f, &base) == &name_a);
  CHECK(rw_ranges_find(0x200010, 0) == 0);          /* one past the end */
  CHECK(rw_ranges_find(0x1fffff, 0) == 0);
  CHECK(rw_ranges_find(0x100004, &base) == &name_b && base == 0x100000);
  CHECK(rw_ranges_find(0x0ff000, 0) == 0);          /* below every range */
}

static void test_overlap(void) {
  CHECK(rw_ranges_add(0x200008, 16, &name_b) == 1);  /* the old one stays */
  CHECK(rw_ranges_add(0x1ffff8, 9, &name_b) == 1);
  CHECK(rw_ranges_find(0x200008, 0) == &name_a);
  CHECK(rw_ranges_add(0x1ffff8, 8, &name_b) == 0);   /* adjacent: fine */
  CHECK(rw_ranges_add(0, 0, &name_b) == -1);
  CHECK(rw_ranges_add(0x400000, RW_RANGES_MAX_SIZE + 1, &name_b) == -1);
}

static void test_forget(void) {
  rw_ranges_forget(0x200010, 64);                     /* nothing there */
  CHECK(rw_ranges_find(0x200000, 0) == &name_a);
  rw_ranges_forget(0x1ffff0, 0x20);                   /* both near 2 MiB */
  CHECK(rw_ranges_find(0x200000, 0) == 0);
  CHECK(rw_ranges_find(0x1ffff8, 0) == 0);
  CHECK(!rw_ranges_may_hold(0x200000));               /* its page left */
  CHECK(rw_ranges_find(0x100000, 0) == &name_b);
  rw_ranges_stats st;
  rw_ranges_get_stats(&st);
  CHECK(st.ranges == 1, "%llu ranges", (unsigned long long)st.ranges);
  CHECK(rw_ranges_add(0x200000, 16, &name_b) == 0);  /* the block reused */
  CHECK(rw_ranges_find(0x200004, 0) == &name_b);
}

/* The checked site named by the range holding addr, as the hooks do. */
static const raceway_site *named(uintptr_t addr) {
  uintptr_t base = 0;
  const raceway_site *name = rw_ranges_find(addr, &base);
  return name ? rw_ranges_site(&checked, name, base, addr) : 0;
}

static void test_named_sites(void) {
  CHECK(named(0x500000) == 0);
  const raceway_site *s = named(0x100000);
  CHECK(s && s->variable == name_b.variable && s->line == 10 && s->column == 5 &&
        s->access == RACEWAY_ACCESS_WRITE && s->file == checked.file);
  CHECK(named(0x100000) == s);     /* made once */
  /* A field's object base is addr - field_offset, wherever in it. */
  CHECK(rw_ranges_add(0x600008, 8, &field) == 0);
  const raceway_site *f = named(0x60000c);
  CHECK(f && (f->flags & RACEWAY_SITE_FIELD) && f->field_offset == 12 &&
        f->type_name == field.type_name);
}

static void test_note(void) {
  rw_ranges_memo memo = {0, 0};
  rw_ranges_note(&field, 0x700008, &memo);            /* inactive: nothing */
  CHECK(rw_ranges_find(0x700008, 0) == 0);
  __raceway_register_ranges(0, 0);                    /* a checked module */
  rw_ranges_note(&field, 0x700008, &memo);
  CHECK(rw_ranges_find(0x70000f, 0) == &field);
  CHECK(memo.addr == 0x700008);
  rw_ranges_note(&name_a, 0x700008, &memo);           /* already held */
  CHECK(rw_ranges_find(0x700008, 0) == &field);
  /* Freed: the memo is stale, the next access registers it again. */
  rw_ranges_forget(0x700000, 64);
  CHECK(rw_ranges_find(0x700008, 0) == 0);
  rw_ranges_note(&field, 0x700008, &memo);
  CHECK(rw_ranges_find(0x700008, 0) == &field);
}

/* Readers racing a writer that registers and forgets ranges never see a
 * range's name on an address outside it, nor another range's name: each
 * address below has one possible name, the one its slot k was added with. */
#define CONC_BASE 0x10000000u
#define CONC_SLOTS 512
#define CONC_ROUNDS 100
static raceway_site conc_names[CONC_SLOTS];
static atomic_int conc_done, conc_wrong;

static void *conc_reader(void *arg) {
  unsigned x = (unsigned)(uintptr_t)arg;
  while (!atomic_load(&conc_done)) {
    x = x * 1103515245u + 12345u;
    unsigned k = (x >> 8) % CONC_SLOTS, off = x % 64;
    uintptr_t base = 0;
    const raceway_site *n = rw_ranges_find(CONC_BASE + k * 64u + off, &base);
    if (n && (off >= 16 || n != &conc_names[k] || base != CONC_BASE + k * 64u))
      atomic_fetch_add(&conc_wrong, 1);
  }
  return 0;
}

static void test_concurrent(void) {
  pthread_t r[2];
  for (int i = 0; i < 2; i++)
    pthread_create(&r[i], 0, conc_reader, (void *)(uintptr_t)(i + 1));
  /* Added from the top down and forgotten one by one from the bottom up:
   * every change moves the entries a reader may be searching. */
  for (int round = 0; round < CONC_ROUNDS; round++) {
    for (unsigned k = CONC_SLOTS; k-- > 0;)
      rw_ranges_add(CONC_BASE + k * 64u, 16, &conc_names[k]);
    for (unsigned k = 0; k < CONC_SLOTS; k++)
      rw_ranges_forget(CONC_BASE + k * 64u, 64);
  }
  atomic_store(&conc_done, 1);
  for (int i = 0; i < 2; i++)
    pthread_join(r[i], 0);
  CHECK(atomic_load(&conc_wrong) == 0, "%d wrong lookups", atomic_load(&conc_wrong));
  CHECK(rw_ranges_find(CONC_BASE, 0) == 0);
}

int main(void) {
  test_budget_refusal();
  test_register_lookup();
  test_overlap();
  test_forget();
  test_named_sites();
  test_note();
  test_concurrent();
  return check_summary("test_ranges");
}
