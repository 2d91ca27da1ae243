/* stats.c - request statistics.  Every worker adds its count when it is
 * done, without a lock: the bug this project does not know it has. */
#include "stats.h"

static long requests __attribute__((annotate("raceway")));

void stats_add_requests(long n) { requests += n; }

long stats_requests(void) { return requests; }
