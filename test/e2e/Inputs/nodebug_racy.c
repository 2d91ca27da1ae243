/* A race on a struct member that nothing annotates, for whole-file mode
 * without -g (test report-no-debug): two threads write `stats.made` with no
 * lock, one after the other in time but with no happens-before (corpus.h's
 * steps order them without synchronising). */
#include "../../corpus/Inputs/corpus.h"

struct pool_stats {
  long limit;
  int made;
};
struct pool_stats stats;

static void *worker(void *arg) {
  (void)arg;
  stats.made++;
  step_go(1);
  return 0;
}

int main(void) {
  pthread_t t = spawn(worker, 0);
  step_wait(1);
  stats.made++;
  pthread_join(t, 0);
  return DONE();
}
