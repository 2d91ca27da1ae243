// Expected: no race (a value handed over through an eventfd, first read
// with read(), then announced by epoll_wait alone: a write to a watched
// descriptor orders before the epoll_wait that reports it)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q StateChange %t.events
// CHECK-NOT: WARNING: Raceway
// CHECK: got=1 then=2
// CHECK: DONE
// CHECK-NOT: WARNING: Raceway
#include "Inputs/corpus.h"
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>
RACEWAY_TRACKED(int, first);
RACEWAY_TRACKED(int, second);
static int efd, wake;
static void *producer(void *arg) {
  uint64_t one = 1;
  first = 1;
  if (write(efd, &one, sizeof one) != sizeof one)
    return arg;
  second = 2;
  if (write(wake, &one, sizeof one) != sizeof one)
    return arg;
  return arg;
}
int main(void) {
  efd = eventfd(0, 0);
  wake = eventfd(0, 0);
  int ep = epoll_create1(0);
  struct epoll_event ev = {.events = EPOLLIN, .data.fd = wake};
  if (efd < 0 || wake < 0 || ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, wake, &ev) != 0)
    return 1;
  pthread_t t = spawn(producer, 0);
  uint64_t n;
  if (read(efd, &n, sizeof n) != sizeof n)
    return 1;
  int got = first;
  struct epoll_event out;
  if (epoll_wait(ep, &out, 1, -1) != 1)
    return 1;
  printf("got=%d then=%d\n", got, second);
  pthread_join(t, 0);
  close(ep);
  close(wake);
  close(efd);
  return DONE();
}
