/*
 * fdsync.c - file descriptors' synchronisation keys (fdsync.h).
 *
 * A descriptor's entry names a key by index + 1 into a static array of
 * key bytes, whose addresses are the sync layer's objects: key i + 1 is
 * the one descriptor i made when it was created (its own, or its pair's
 * when it was a pair's first end); SOCKET and CONNECT are shared.
 */
#include "hb/fdsync.h"

#include <stdatomic.h>

enum { SOCKET = RW_FDSYNC_MAX + 1, CONNECT = RW_FDSYNC_MAX + 2 };

typedef struct fd_entry {
  _Atomic uint32_t key;    /* 0: none                                  */
  _Atomic uint32_t poll;   /* the epoll instance's key, 0: none        */
} fd_entry;

static fd_entry entries[RW_FDSYNC_MAX];
static char keys[RW_FDSYNC_MAX + 3];   /* addresses only; never written */

static int valid(int fd) { return fd >= 0 && fd < RW_FDSYNC_MAX; }

static uintptr_t key_addr(uint32_t k) { return k ? (uintptr_t)&keys[k] : 0; }

static void set(int fd, uint32_t key) {
  if (!valid(fd))
    return;
  atomic_store_explicit(&entries[fd].key, key, memory_order_relaxed);
  atomic_store_explicit(&entries[fd].poll, 0, memory_order_relaxed);
}

uintptr_t rw_fdsync_key(int fd) {
  return valid(fd) ? key_addr(atomic_load_explicit(&entries[fd].key, memory_order_relaxed)) : 0;
}

uintptr_t rw_fdsync_poll_key(int fd) {
  return valid(fd) ? key_addr(atomic_load_explicit(&entries[fd].poll, memory_order_relaxed)) : 0;
}

void rw_fdsync_pair(int a, int b) {
  if (!valid(a)) {
    rw_fdsync_own(b);
    return;
  }
  set(a, (uint32_t)a + 1);
  set(b, (uint32_t)a + 1);
}

void rw_fdsync_own(int fd) { set(fd, (uint32_t)fd + 1); }

void rw_fdsync_socket(int fd) { set(fd, SOCKET); }

uintptr_t rw_fdsync_connect_key(void) { return key_addr(CONNECT); }

void rw_fdsync_poll_add(int epfd, int fd) {
  if (!valid(fd) || !valid(epfd))
    return;
  uint32_t k = atomic_load_explicit(&entries[epfd].key, memory_order_relaxed);
  atomic_store_explicit(&entries[fd].poll, k, memory_order_relaxed);
}

void rw_fdsync_dup(int oldfd, int newfd) {
  if (!valid(newfd))
    return;
  uint32_t k = valid(oldfd) ? atomic_load_explicit(&entries[oldfd].key, memory_order_relaxed) : 0;
  uint32_t p = valid(oldfd) ? atomic_load_explicit(&entries[oldfd].poll, memory_order_relaxed) : 0;
  atomic_store_explicit(&entries[newfd].key, k, memory_order_relaxed);
  atomic_store_explicit(&entries[newfd].poll, p, memory_order_relaxed);
}

uintptr_t rw_fdsync_close(int fd) {
  if (!valid(fd))
    return 0;
  uint32_t k = atomic_exchange_explicit(&entries[fd].key, 0, memory_order_relaxed);
  atomic_store_explicit(&entries[fd].poll, 0, memory_order_relaxed);
  return k == (uint32_t)fd + 1 ? key_addr(k) : 0;
}
