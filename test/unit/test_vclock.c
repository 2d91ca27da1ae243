/* test_vclock.c - vector clock operations (runtime/vclock.c). */
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "hb/vclock.h"

static void test_set_get_grow(void) {
  rw_vc v;
  rw_vc_init(&v);
  CHECK(v.n == 0 && v.c == NULL);
  CHECK(rw_vc_get(&v, 5) == 0);
  CHECK(rw_vc_set(&v, 3, 7) == 0);
  CHECK(v.n == 4 && rw_vc_get(&v, 3) == 7 && rw_vc_get(&v, 2) == 0);
  /* Growth by doubling keeps old entries and zeroes new ones. */
  CHECK(rw_vc_set(&v, 1000, 9) == 0);
  CHECK(v.n == 1001 && v.cap >= 1001);
  CHECK(rw_vc_get(&v, 3) == 7 && rw_vc_get(&v, 999) == 0 && rw_vc_get(&v, 1000) == 9);
  CHECK(rw_vc_get(&v, 5000) == 0);
  rw_vc_free(&v);
  CHECK(v.n == 0 && v.cap == 0 && v.c == NULL);
}

static void test_join(void) {
  rw_vc a, b;
  rw_vc_init(&a);
  rw_vc_init(&b);
  rw_vc_set(&a, 1, 5);
  rw_vc_set(&a, 2, 1);
  rw_vc_set(&b, 2, 4);
  rw_vc_set(&b, 40, 2);
  CHECK(rw_vc_join(&a, &b) == 0);
  CHECK(rw_vc_get(&a, 1) == 5 && rw_vc_get(&a, 2) == 4 && rw_vc_get(&a, 40) == 2);
  CHECK(a.n == 41);
  /* Join with a shorter clock leaves the tail alone. */
  rw_vc c;
  rw_vc_init(&c);
  rw_vc_set(&c, 1, 9);
  CHECK(rw_vc_join(&a, &c) == 0);
  CHECK(rw_vc_get(&a, 1) == 9 && rw_vc_get(&a, 40) == 2 && a.n == 41);
  /* Join with an empty clock changes nothing. */
  rw_vc e;
  rw_vc_init(&e);
  CHECK(rw_vc_join(&a, &e) == 0 && a.n == 41);
  rw_vc_free(&a);
  rw_vc_free(&b);
  rw_vc_free(&c);
}

static void test_copy(void) {
  rw_vc a, b;
  rw_vc_init(&a);
  rw_vc_init(&b);
  rw_vc_set(&a, 10, 3);
  rw_vc_set(&b, 2, 8);
  CHECK(rw_vc_copy(&a, &b) == 0);
  /* Entries past the source's length are cleared, not kept. */
  CHECK(a.n == 3 && rw_vc_get(&a, 10) == 0 && rw_vc_get(&a, 2) == 8);
  rw_vc_set(&a, 10, 1);
  CHECK(rw_vc_get(&a, 9) == 0);
  CHECK(rw_vc_copy(&a, &a) == 0 && rw_vc_get(&a, 10) == 1);
  rw_vc_free(&a);
  rw_vc_free(&b);
}

static void test_leq(void) {
  rw_vc a, b;
  rw_vc_init(&a);
  rw_vc_init(&b);
  CHECK(rw_vc_leq(&a, &b));               /* empty <= empty */
  rw_vc_set(&a, 1, 2);
  CHECK(!rw_vc_leq(&a, &b));
  rw_vc_set(&b, 1, 2);
  CHECK(rw_vc_leq(&a, &b) && rw_vc_leq(&b, &a));
  rw_vc_set(&b, 7, 1);
  CHECK(rw_vc_leq(&a, &b) && !rw_vc_leq(&b, &a));
  rw_vc_set(&a, 7, 0);                    /* explicit zero entries */
  CHECK(rw_vc_leq(&a, &b));
  rw_vc_free(&a);
  rw_vc_free(&b);
}

int main(void) {
  test_set_get_grow();
  test_join();
  test_copy();
  test_leq();
  return check_summary("test_vclock");
}
