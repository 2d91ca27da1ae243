/*
 * escape_loop.c - cost of a tracked access reached through a pointer that
 * was passed to another function (issue #16), against the same access
 * made directly, and what a run-time range check would cost instead.
 *
 *   escape_loop MODE ITERS      MODE: direct | call | untracked | heap
 *
 * direct: counter++ in the loop (one read, one write per iteration).
 * call: bump(&counter), a noinline helper that does *p += 1; the pass
 *   clones bump for &counter (bump.raceway.1) and instruments the clone.
 * untracked: bump(&plain): the original bump, which the pass leaves alone.
 * heap: bump(h), h a heap block: the same, on memory pages away from any
 *   tracked global (with -raceway-escapes=checked: the inline filter test
 *   only; `untracked` then shows an address on a tracked global's page,
 *   which takes the out-of-line lookup and misses; bench/checked.sh).
 *
 * Built with -DRANGE_CHECK and without the pass, bump first checks its
 * pointer against the bounds of the tracked memory (two loads, a subtract,
 * a compare and a branch: the least a registry check could cost, one
 * range; a real registry of many ranges costs more) before calling a stub
 * hook: the figure for `untracked` is then what the run-time check design
 * would add to every access through a pointer parameter of untracked
 * memory, which cloning does not add.
 *
 * Measured with callgrind (instructions, deterministic): runs of N and 2N
 * iterations, the difference divided by 2N accesses.  Prints nothing;
 * exits 1 if the count is wrong.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define TRACKED __attribute__((annotate("raceway")))

static TRACKED long counter;
static long plain;

#ifdef RANGE_CHECK
/* The registry of the run-time check design, reduced to one range;
 * external, so the optimiser cannot fold what it holds into the check. */
uintptr_t tracked_lo, tracked_len;
static long hook_calls;
__attribute__((noinline)) static void hook_stub(void *p) {
  (void)p;
  hook_calls++;
  __asm__ volatile("" ::: "memory");
}
#define CHECK(p)                                                              \
  do {                                                                        \
    if ((uintptr_t)(p) - tracked_lo < tracked_len)                            \
      hook_stub(p);                                                           \
  } while (0)
#else
#define CHECK(p) ((void)0)
#endif

__attribute__((noinline)) static void bump(long *p) {
  CHECK(p);
  long v = *p;
  CHECK(p);
  *p = v + 1;
}

int main(int argc, char **argv) {
  if (argc < 3)
    return 2;
  long n = atol(argv[2]);
#ifdef RANGE_CHECK
  tracked_lo = (uintptr_t)&counter;
  tracked_len = sizeof counter;
#endif
  if (!strcmp(argv[1], "direct")) {
    for (long i = 0; i < n; i++) {
      counter++;
      __asm__ volatile("" ::: "memory");
    }
  } else if (!strcmp(argv[1], "call")) {
    for (long i = 0; i < n; i++)
      bump(&counter);
  } else if (!strcmp(argv[1], "untracked")) {
    for (long i = 0; i < n; i++)
      bump(&plain);
  } else if (!strcmp(argv[1], "heap")) {
    long *h = calloc(1, sizeof *h);
    if (!h)
      return 2;
    for (long i = 0; i < n; i++)
      bump(h);
    plain = *h;
    free(h);
  } else {
    return 2;
  }
  return counter + plain == n ? 0 : 1; /* a broken build fails */
}
