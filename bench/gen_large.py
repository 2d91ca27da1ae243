#!/usr/bin/env python3
"""gen_large.py - writes a large C translation unit for the compile-time
benchmark: FUNCS functions of real loop and branch code over local arrays
(about 30 lines each), one in ten of which also updates tracked globals
and a tracked struct field, so the pass has work to do but most code is
untracked.  Deterministic.

  gen_large.py OUT.c [FUNCS]      default 1000 functions (~32k lines)
"""

import sys

HEAD = """#include <stdint.h>
#include <string.h>
#define TRACKED __attribute__((annotate("raceway")))
TRACKED long g_total;
TRACKED int g_flags;
struct shared { long id; TRACKED long hits; };
struct shared g_shared;
"""

FUNC = """
uint64_t work_{i}(const uint64_t *in, int n, uint64_t seed) {{
  uint64_t acc[16];
  memset(acc, 0, sizeof acc);
  uint64_t h = seed ^ {k}ull;
  for (int j = 0; j < n; j++) {{
    uint64_t x = in[j] * 0x9E3779B97F4A7C15ull + h;
    x ^= x >> {a};
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> {b};
    acc[j & 15] += x;
    if (x & 1)
      h = (h << 7) | (h >> 57);
    else
      h ^= x;
  }}
  for (int r = 0; r < 4; r++) {{
    for (int j = 1; j < 16; j++) {{
      if (acc[j - 1] > acc[j]) {{
        uint64_t t = acc[j];
        acc[j] = acc[j - 1];
        acc[j - 1] = t;
      }}
    }}
  }}
  switch ((int)(h % 5)) {{
  case 0: h += acc[3]; break;
  case 1: h -= acc[7]; break;
  case 2: h ^= acc[11]; break;
  case 3: h *= acc[13] | 1; break;
  default: h = acc[15]; break;
  }}
{tracked}  return h ^ acc[0] ^ acc[15];
}}
"""

TRACKED = """  g_total += (long)(h & 0xffff);
  g_flags |= (int)(h & 7);
  g_shared.hits++;
"""


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    funcs = int(sys.argv[2]) if len(sys.argv) == 3 else 1000
    with open(sys.argv[1], "w") as f:
        f.write(HEAD)
        for i in range(funcs):
            f.write(FUNC.format(i=i, k=i * 2654435761 % (1 << 32),
                                a=13 + i % 17, b=29 + i % 3,
                                tracked=TRACKED if i % 10 == 0 else ""))


if __name__ == "__main__":
    main()
