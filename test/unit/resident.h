/* resident.h - how many pages of a range are in memory, for the unit
 * tests that check what the runtime maps (test_ring, test_ialloc). */
#ifndef RW_TEST_RESIDENT_H
#define RW_TEST_RESIDENT_H

#include <stddef.h>
#include <sys/mman.h>
#include <unistd.h>

/* Pages of [p, p + bytes) resident now (p page-aligned; mincore, in
 * pieces, with no allocation that could disturb an allocator under test);
 * pieces it cannot tell about count as not resident. */
static inline size_t resident_count(const void *p, size_t bytes) {
  size_t ps = (size_t)sysconf(_SC_PAGESIZE), pages = (bytes + ps - 1) / ps, in = 0;
  unsigned char vec[256];
  for (size_t done = 0; done < pages; done += sizeof vec) {
    size_t n = pages - done < sizeof vec ? pages - done : sizeof vec;
    if (mincore((char *)p + done * ps, n * ps, vec) == 0)
      for (size_t i = 0; i < n; i++)
        in += vec[i] & 1;
  }
  return in;
}

#endif
