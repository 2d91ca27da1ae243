/* A "third-party" header: nothing annotated.  With -DANNOTATED the same
 * declarations carry the annotations the tracklist stands for, so a test
 * can compare the two builds. */
#ifdef ANNOTATED
#include <raceway/raceway.h>
struct Account {
  int id;
  RACEWAY_TRACKED(long, balance);
  RACEWAY_REDACTED(char, pin[8]);
  long hist[4];
};
typedef struct {
  RACEWAY_TRACKED(long, hits);
  RACEWAY_TRACKED(long, misses);
} Stats;
#else
struct Account {
  int id;
  long balance;
  char pin[8];
  long hist[4];
};
typedef struct {
  long hits;
  long misses;
} Stats;
#endif
