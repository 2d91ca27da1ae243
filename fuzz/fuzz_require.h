/* fuzz_require.h - REQUIRE(cond): a property every fuzz input must keep;
 * a failure names the condition and aborts, which libFuzzer records as a
 * crash. */
#ifndef FUZZ_REQUIRE_H
#define FUZZ_REQUIRE_H

#include <stdio.h>
#include <stdlib.h>

#define REQUIRE(cond)                                                      \
  do {                                                                     \
    if (!(cond)) {                                                         \
      fprintf(stderr, "property failed: %s (line %d)\n", #cond,           \
              __LINE__);                                                   \
      abort();                                                             \
    }                                                                      \
  } while (0)

#endif
