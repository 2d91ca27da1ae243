/*
 * pagecost.c - what a page of new memory costs this machine (issue #14):
 * the first write to each page of a fresh anonymous mapping, the same
 * with MAP_POPULATE (the mmap call and then the first write), a second
 * write to pages already written, and munmap.  The runtime's rings,
 * allocator and tables are sized and reused by these figures (README,
 * Performance; bench/RESULTS.md, "Page faults on this VM").
 *
 *   pagecost [MiB] [ROUNDS]        defaults: 16 MiB, 5 rounds
 *
 * Plain C, no Raceway, one thread.  Each figure is the median over ROUNDS
 * of the CPU time (user+sys, which is where a guest's page faults and the
 * hypervisor's share of them are charged) per 4 KiB page:
 *   fresh=..  populate_mmap=..  populate_write=..  rewrite=..  munmap=..  (ns)
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cpu_median.h"

#define MAX_ROUNDS 64

enum { FRESH, POP_MMAP, POP_WRITE, REWRITE, UNMAP, NFIG };
static const char *names[NFIG] = {"fresh", "populate_mmap", "populate_write", "rewrite",
                                  "munmap"};

static void write_pages(volatile char *p, size_t bytes, size_t page, char v) {
  for (size_t i = 0; i < bytes; i += page)
    p[i] = v;
}

/* One round: every figure once, per page, into f[]; 0, or -1. */
static int round_once(size_t bytes, size_t page, double f[NFIG]) {
  double n = (double)(bytes / page), t0 = cpu_ns();
  char *p = mmap(0, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED)
    return -1;
  write_pages(p, bytes, page, 1);
  double t2 = cpu_ns();
  write_pages(p + 64, bytes - 64, page, 2);
  double t3 = cpu_ns();
  munmap(p, bytes);
  double t4 = cpu_ns();
  f[FRESH] = (t2 - t0) / n;   /* its mmap call is a few ns a page */
  f[REWRITE] = (t3 - t2) / n;
  f[UNMAP] = (t4 - t3) / n;
  t0 = cpu_ns();
  p = mmap(0, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
  if (p == MAP_FAILED)
    return -1;
  double t1 = cpu_ns();
  write_pages(p, bytes, page, 1);
  t2 = cpu_ns();
  munmap(p, bytes);
  f[POP_MMAP] = (t1 - t0) / n;
  f[POP_WRITE] = (t2 - t1) / n;
  return 0;
}

int main(int argc, char **argv) {
  long mib = argc > 1 ? atol(argv[1]) : 16, rounds = argc > 2 ? atol(argv[2]) : 5;
  if (mib < 1 || mib > 4096 || rounds < 1 || rounds > MAX_ROUNDS) {
    fprintf(stderr, "usage: %s [MiB 1..4096] [ROUNDS 1..%d]\n", argv[0], MAX_ROUNDS);
    return 2;
  }
  size_t page = (size_t)sysconf(_SC_PAGESIZE), bytes = (size_t)mib << 20;
  double fig[NFIG][MAX_ROUNDS], f[NFIG];
  for (long r = 0; r < rounds; r++) {
    if (round_once(bytes, page, f) != 0) {
      perror("pagecost: mmap");
      return 1;
    }
    for (int k = 0; k < NFIG; k++)
      fig[k][r] = f[k];
  }
  for (int k = 0; k < NFIG; k++)
    printf("%s%s=%.0f", k ? "  " : "", names[k], median_of(fig[k], (int)rounds));
  printf("  (ns per %zu-byte page, median of %ld rounds of %ld MiB)\n", page, rounds, mib);
  return 0;
}
