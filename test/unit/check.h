/* check.h - the checks of the unit tests.  A failed check prints where and
 * what, counts, and the test goes on, so one run shows every failure;
 * check_summary ends main with one line and the exit status for ctest.
 * Checks are made on the main thread only: the counters are plain ints. */
#ifndef RW_TEST_CHECK_H
#define RW_TEST_CHECK_H

#include <stdio.h>
#include <string.h>

static int failures, checks;

/* CHECK(cond) or CHECK(cond, fmt, ...): the optional printf-style message
 * says what was seen instead. */
#define CHECK(cond, ...)                                                   \
  do {                                                                     \
    checks++;                                                              \
    if (!(cond)) {                                                         \
      failures++;                                                          \
      fprintf(stderr, "%s:%d: CHECK failed: %s", __FILE__, __LINE__, #cond); \
      __VA_OPT__(fprintf(stderr, ": "); fprintf(stderr, __VA_ARGS__);)     \
      fprintf(stderr, "\n");                                               \
    }                                                                      \
  } while (0)

/* Two C strings are equal; a failure shows both. */
#define CHECK_STR(got, want)                                               \
  do {                                                                     \
    checks++;                                                              \
    if (strcmp((got), (want)) != 0) {                                      \
      failures++;                                                          \
      fprintf(stderr, "%s:%d: got \"%s\", want \"%s\"\n", __FILE__, __LINE__, \
              (got), (want));                                              \
    }                                                                      \
  } while (0)

/* The last line of a test, and its exit status: 0 when every check held. */
static inline int check_summary(const char *test) {
  if (failures) {
    fprintf(stderr, "%s: %d of %d checks failed\n", test, failures, checks);
    return 1;
  }
  printf("%s: ok (%d checks)\n", test, checks);
  return 0;
}

#endif
