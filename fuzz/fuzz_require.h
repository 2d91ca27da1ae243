/* fuzz_require.h - REQUIRE(cond): a property every fuzz input must keep;
 * a failure names the condition and aborts, which libFuzzer records as a
 * crash.  A target that captures stderr defines REQUIRE_STREAM first. */
#ifndef FUZZ_REQUIRE_H
#define FUZZ_REQUIRE_H

#include <stdio.h>
#include <stdlib.h>

#ifndef REQUIRE_STREAM
#define REQUIRE_STREAM stderr
#endif

#define REQUIRE(cond)                                                      \
  do {                                                                     \
    if (!(cond)) {                                                         \
      fprintf(REQUIRE_STREAM, "property failed: %s (line %d)\n", #cond,    \
              __LINE__);                                                   \
      abort();                                                             \
    }                                                                      \
  } while (0)

#endif
