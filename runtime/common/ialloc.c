/*
 * ialloc.c - the runtime's own allocator: power-of-two size classes over
 * chunks of one reserved region, a free list and a spin lock per class.
 *
 * A block is a 16-byte header (its class; the free-list link while free)
 * and then the caller's bytes, so power-of-two requests (vector clocks)
 * fit their class exactly.  The region is reserved once without access
 * and made usable a chunk at a time, so owning a block is one address
 * compare.  Nothing goes back to the region: a freed block waits on its
 * class's list for the next request of that class, from any thread (in
 * the large classes, on the resident list or, its pages given back, on
 * the cold one).
 */
#include "common/ialloc.h"

#include <stdatomic.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "common/spin.h"

#define HDR 16

typedef struct hdr {
  uint32_t cls;
  uint32_t pad;
  struct hdr *next;      /* while free */
} hdr;

typedef struct ia_class {
  rw_spin lock;
  hdr *free;             /* pages resident: taken first                */
  hdr *cold;             /* pages given back (large classes only)      */
  char *bump, *end;      /* the class's current chunk, unused part */
  uint64_t live, kept, warm, reused;
} ia_class;

static ia_class classes[RW_IA_CLASSES];
static rw_spin region_lock = RW_SPIN_INIT;
char *_Atomic rw_ia_base;
static size_t region_used;          /* under region_lock                */
static int region_failed;           /* reserve refused: C library only  */
static _Atomic uint64_t mapped, fallback;

static size_t user_size(unsigned c) { return (size_t)1 << (RW_IA_MIN_SHIFT + c); }
static size_t stride(unsigned c) { return user_size(c) + HDR; }

static size_t page_size(void) {
  static size_t ps;
  if (!ps)
    ps = (size_t)sysconf(_SC_PAGESIZE);
  return ps;
}

static int class_of(size_t n, unsigned *c) {
  if (n > RW_IA_MAX)
    return -1;
  unsigned k = 0;
  while (user_size(k) < n)
    k++;
  *c = k;
  return 0;
}

/* n more bytes of the region made usable; NULL when it is used up. */
static char *region_take(size_t n) {
  char *p = 0;
  rw_spin_lock(&region_lock);
  char *b = atomic_load_explicit(&rw_ia_base, memory_order_relaxed);
  if (!b && !region_failed) {
    void *m = mmap(0, RW_IA_REGION, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                   -1, 0);
    if (m == MAP_FAILED)
      region_failed = 1;
    else
      atomic_store_explicit(&rw_ia_base, b = m, memory_order_release);
  }
  if (b && region_used + n <= RW_IA_REGION &&
      mprotect(b + region_used, n, PROT_READ | PROT_WRITE) == 0) {
    p = b + region_used;
    region_used += n;
    atomic_fetch_add_explicit(&mapped, n, memory_order_relaxed);
  }
  rw_spin_unlock(&region_lock);
  return p;
}

/* Blocks of class c give their pages back when freed (past the warm
 * share, below). */
static int large(unsigned c) { return user_size(c) >= RW_IA_RELEASE; }

/* The whole pages of block h, [*from, *to): a cold block gave them back. */
static void whole_pages(hdr *h, unsigned c, uintptr_t *from, uintptr_t *to) {
  size_t ps = page_size();
  *from = ((uintptr_t)h + HDR + ps - 1) & ~(ps - 1);
  *to = ((uintptr_t)h + stride(c)) & ~(ps - 1);
}

/* How a block was taken: which of its bytes may not be zero. */
enum { TAKEN_USED, TAKEN_COLD, TAKEN_NEW };

/* A block of class c, under its lock: a freed one (resident first), else
 * carved; *how says which. */
static hdr *class_take(ia_class *k, unsigned c, int *how) {
  hdr *h = k->free;
  *how = TAKEN_USED;
  if (h) {
    k->free = h->next;
    if (large(c))
      k->warm -= stride(c);
  } else if ((h = k->cold)) {
    k->cold = h->next;
    *how = TAKEN_COLD;
  }
  if (h) {
    k->kept -= stride(c);
    k->reused++;
    return h;
  }
  *how = TAKEN_NEW;
  if ((size_t)(k->end - k->bump) < stride(c)) {
    size_t ps = page_size(), n = stride(c) > RW_IA_CHUNK ? stride(c) : RW_IA_CHUNK;
    n = (n + ps - 1) & ~(ps - 1);
    char *chunk = region_take(n);
    if (!chunk)
      return 0;
    k->bump = chunk;     /* (the old chunk's tail, under a stride, is lost) */
    k->end = chunk + n;
  }
  h = (hdr *)k->bump;
  k->bump += stride(c);
  return h;
}

/* A block of n bytes from its class, or NULL (then the C library's);
 * *how as class_take's. */
static void *class_alloc(size_t n, int *how) {
  unsigned c;
  if (class_of(n, &c) != 0)
    return 0;
  ia_class *k = &classes[c];
  rw_spin_lock(&k->lock);
  hdr *h = class_take(k, c, how);
  if (h)
    k->live += stride(c);
  rw_spin_unlock(&k->lock);
  if (!h)
    return 0;
  h->cls = c;
  h->next = 0;
  return (char *)h + HDR;
}

void *rw_ia_malloc(size_t n) {
  int how;
  void *p = class_alloc(n, &how);
  if (p)
    return p;
  atomic_fetch_add_explicit(&fallback, 1, memory_order_relaxed);
  return __libc_malloc(n);
}

/* Only the bytes that may not be zero are cleared: a new block's pages
 * were never written (clearing a thread slot chunk's 300 KiB at the first
 * thread faulted in 76 pages for the few slots a program uses), a cold
 * one gave back all but the pages its two ends share (whole_pages). */
void *rw_ia_calloc(size_t n, size_t size) {
  if (size && n > SIZE_MAX / size)
    return 0;
  int how;
  char *p = class_alloc(n * size, &how);
  if (!p) {
    atomic_fetch_add_explicit(&fallback, 1, memory_order_relaxed);
    return __libc_calloc(n, size);
  }
  if (how == TAKEN_NEW)
    return p;
  uintptr_t end = (uintptr_t)p + n * size, from = end, to = end;
  if (how == TAKEN_COLD) {   /* but for the pages given back */
    hdr *h = (hdr *)(p - HDR);
    whole_pages(h, h->cls, &from, &to);
  }
  memset(p, 0, (from < end ? from : end) - (uintptr_t)p);
  if (to < end)
    memset((void *)to, 0, end - to);
  return p;
}

/* A large free block keeps only its header's page resident. */
static void release_pages(hdr *h, unsigned c) {
  uintptr_t from, to;
  whole_pages(h, c, &from, &to);
  if (to > from)
    madvise((void *)from, to - from, MADV_DONTNEED);
}

void rw_ia_free(void *p) {
  if (!p)
    return;
  if (!rw_ia_owns(p)) {
    __libc_free(p);
    return;
  }
  hdr *h = (hdr *)((char *)p - HDR);
  unsigned c = h->cls;
  ia_class *k = &classes[c];
  rw_spin_lock(&k->lock);
  k->live -= stride(c);
  k->kept += stride(c);
  int warm = !large(c) || k->warm + stride(c) <= RW_IA_WARM;
  if (warm) {
    h->next = k->free;
    k->free = h;
    k->warm += large(c) ? stride(c) : 0;
  }
  rw_spin_unlock(&k->lock);
  if (warm)
    return;
  release_pages(h, c);   /* outside the lock: a system call */
  rw_spin_lock(&k->lock);
  h->next = k->cold;
  k->cold = h;
  rw_spin_unlock(&k->lock);
}

void *rw_ia_realloc(void *p, size_t n) {
  if (!p)
    return rw_ia_malloc(n);
  if (!rw_ia_owns(p))
    return __libc_realloc(p, n);
  size_t have = user_size(((hdr *)((char *)p - HDR))->cls);
  if (n <= have)
    return p;
  void *q = rw_ia_malloc(n);
  if (!q)
    return 0;
  memcpy(q, p, have);
  rw_ia_free(p);
  return q;
}

void rw_ia_get_stats(rw_ia_stats *out) {
  memset(out, 0, sizeof *out);
  for (unsigned c = 0; c < RW_IA_CLASSES; c++) {
    rw_spin_lock(&classes[c].lock);
    out->live += classes[c].live;
    out->kept += classes[c].kept;
    out->reused += classes[c].reused;
    rw_spin_unlock(&classes[c].lock);
  }
  out->mapped = atomic_load_explicit(&mapped, memory_order_relaxed);
  out->fallback = atomic_load_explicit(&fallback, memory_order_relaxed);
}

void rw_ia_before_fork(void) {
  for (unsigned c = 0; c < RW_IA_CLASSES; c++)
    rw_spin_lock(&classes[c].lock);
  rw_spin_lock(&region_lock);
}

void rw_ia_after_fork(void) {
  rw_spin_unlock(&region_lock);
  for (unsigned c = RW_IA_CLASSES; c-- > 0;)
    rw_spin_unlock(&classes[c].lock);
}
