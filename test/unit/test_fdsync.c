/*
 * test_fdsync.c - file descriptors' keys (runtime/hb/fdsync.c), and that
 * a release through a pipe's write end orders the acquire at its read
 * end (hb/sync.h), with hand-made threads.
 */
#include <stdlib.h>

#include "check.h"
#include "hb/fdsync.h"
#include "hb/sync.h"

static void test_keys(void) {
  CHECK(rw_fdsync_key(10) == 0);                 /* never seen created */
  rw_fdsync_pair(10, 11);
  CHECK(rw_fdsync_key(10) != 0 && rw_fdsync_key(10) == rw_fdsync_key(11));
  rw_fdsync_own(12);
  CHECK(rw_fdsync_key(12) != 0 && rw_fdsync_key(12) != rw_fdsync_key(10));
  rw_fdsync_socket(13);
  rw_fdsync_socket(14);
  CHECK(rw_fdsync_key(13) != 0 && rw_fdsync_key(13) == rw_fdsync_key(14));  /* one for all */
  CHECK(rw_fdsync_key(13) != rw_fdsync_key(12) && rw_fdsync_connect_key() != rw_fdsync_key(13));
  /* Out of range: no key, and nothing written out of bounds. */
  rw_fdsync_own(-1);
  rw_fdsync_own(RW_FDSYNC_MAX);
  CHECK(rw_fdsync_key(-1) == 0 && rw_fdsync_key(RW_FDSYNC_MAX) == 0);
  /* A pair whose first end is out of range: the second gets its own. */
  rw_fdsync_pair(RW_FDSYNC_MAX + 5, 15);
  CHECK(rw_fdsync_key(15) != 0);
}

static void test_poll_dup_close(void) {
  rw_fdsync_own(20);                             /* an epoll instance */
  rw_fdsync_own(21);                             /* an eventfd */
  CHECK(rw_fdsync_poll_key(21) == 0);
  rw_fdsync_poll_add(20, 21);
  CHECK(rw_fdsync_poll_key(21) == rw_fdsync_key(20));
  rw_fdsync_dup(21, 30);
  CHECK(rw_fdsync_key(30) == rw_fdsync_key(21) && rw_fdsync_poll_key(30) == rw_fdsync_key(20));
  /* The copy does not own the key: closing it resets nothing. */
  uintptr_t k = rw_fdsync_key(21);
  CHECK(rw_fdsync_close(30) == 0);
  CHECK(rw_fdsync_key(30) == 0 && rw_fdsync_poll_key(30) == 0);
  CHECK(rw_fdsync_close(21) == k);               /* the maker: reset it */
  CHECK(rw_fdsync_key(21) == 0);
  /* A pair: the first end made the key, the second only uses it. */
  rw_fdsync_pair(40, 41);
  k = rw_fdsync_key(40);
  CHECK(rw_fdsync_close(41) == 0 && rw_fdsync_key(40) == k);
  CHECK(rw_fdsync_close(40) == k);
  rw_fdsync_socket(42);
  CHECK(rw_fdsync_close(42) == 0);               /* the shared socket key stays */
  CHECK(rw_fdsync_close(43) == 0);               /* never opened */
}

static rw_hb *thread_new(uint32_t slot) {
  rw_hb *t = calloc(1, sizeof *t);
  rw_sync_hb_init(t, slot);
  return t;
}

/* A write on one end, a read on the other: the reader knows the writer's
 * epoch; a reader of an unrelated pipe does not. */
static void test_edge(void) {
  rw_fdsync_pair(50, 51);
  rw_fdsync_pair(52, 53);
  rw_hb *w = thread_new(1), *r = thread_new(2), *other = thread_new(3);
  uint64_t e = rw_vc_get(&w->vc, 1);
  rw_sync_atomic_release(w, rw_fdsync_key(51), RACEWAY_ORDER_RELEASE);
  rw_sync_atomic_acquire(r, rw_fdsync_key(50), RACEWAY_ORDER_ACQUIRE);
  rw_sync_atomic_acquire(other, rw_fdsync_key(52), RACEWAY_ORDER_ACQUIRE);
  CHECK(rw_vc_get(&r->vc, 1) >= e, "reader knows %llu of the writer, wrote at %llu",
        (unsigned long long)rw_vc_get(&r->vc, 1), (unsigned long long)e);
  CHECK(rw_vc_get(&other->vc, 1) == 0);
  rw_sync_hb_destroy(w);
  rw_sync_hb_destroy(r);
  rw_sync_hb_destroy(other);
  free(w);
  free(r);
  free(other);
}

int main(void) {
  test_keys();
  test_poll_dup_close();
  rw_sync_note_access();          /* tracking starts */
  test_edge();
  return check_summary("test_fdsync");
}
