/*
 * test_detector_kinds.c - how the detector reads an access (detector.h,
 * detector.c): the bytes of its cell it covers, and the meta word's kind
 * bits of each access kind, checked through the races it reports.
 */
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "detector_env.h"
#include "detect/detector.h"
#include "hb/sync.h"

static void touch(fake_thread *t, const raceway_site *s, const void *addr) {
  rw_detector_access(&t->hb, &t->memo, t->seq++, s, (uintptr_t)addr, s->access, 1, 1, NULL);
}

/* The byte mask against its definition, for every offset in the cell and
 * every size a site can give (0: unknown, the rest of the cell). */
static void test_byte_masks(void) {
  for (unsigned off = 0; off < 8; off++)
    for (unsigned size = 0; size < 256; size++) {
      unsigned want = 0;
      for (unsigned b = off; b < 8 && (size == 0 || b < off + size); b++)
        want |= 1u << b;
      CHECK(rw_detector_byte_mask(0x1000 + off, size) == want);
    }
}

#define SITE(name, line, acc) \
  static const raceway_site name = {"kinds", NULL, "k.c", line, 5, 0, acc, RACEWAY_VALUE_SINT, 8, 0, 0, {0}}
SITE(rmw, 10, RACEWAY_ACCESS_ATOMIC_RMW);
SITE(aread, 11, RACEWAY_ACCESS_ATOMIC_READ);
SITE(awrite, 12, RACEWAY_ACCESS_ATOMIC_WRITE);
SITE(read1, 13, RACEWAY_ACCESS_READ);
SITE(read2, 14, RACEWAY_ACCESS_READ);
SITE(write1, 15, RACEWAY_ACCESS_WRITE);

/* Each access kind's meta bits: an atomic RMW is an atomic write;
 * atomics conflict only with plain accesses, reads only with writes.  A
 * wrong kind table fails here. */
static void test_access_kinds(fake_thread *t1, fake_thread *t2) {
  static long v[3];
  unsigned before = rw_detector_race_count();
  touch(t1, &rmw, &v[0]);
  touch(t2, &aread, &v[0]);
  touch(t2, &awrite, &v[0]);
  CHECK(rw_detector_race_count() == before);       /* atomic with atomic */
  touch(t2, &read1, &v[0]);
  CHECK(rw_detector_race_count() == before + 1);   /* RMW writes: plain read races */
  touch(t1, &read1, &v[1]);
  touch(t2, &read2, &v[1]);
  CHECK(rw_detector_race_count() == before + 1);   /* read with read */
  touch(t2, &write1, &v[1]);
  CHECK(rw_detector_race_count() == before + 2);   /* write with t1's read */
  touch(t1, &aread, &v[2]);
  touch(t2, &read2, &v[2]);
  CHECK(rw_detector_race_count() == before + 2);   /* atomic read with plain read */
  touch(t2, &write1, &v[2]);
  CHECK(rw_detector_race_count() == before + 3);   /* plain write with atomic read */
}

int main(void) {
  detector_env();
  fake_thread *t1 = thread_new(1), *t2 = thread_new(2);
  test_byte_masks();
  test_access_kinds(t1, t2);
  rw_sync_hb_destroy(&t1->hb);
  rw_sync_hb_destroy(&t2->hb);
  free(t1);
  free(t2);
  return check_summary("test_detector_kinds");
}
