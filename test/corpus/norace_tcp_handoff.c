// Expected: no race (a loopback TCP connection inside the process: the
// client writes its state, then sends; the server thread reads the state
// after recv; sockets share one key, as in ThreadSanitizer)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q StateChange %t.events
// CHECK-NOT: WARNING: Raceway
// CHECK: order=7
// CHECK: DONE
// CHECK-NOT: WARNING: Raceway
#include "Inputs/corpus.h"
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
RACEWAY_TRACKED(int, order);
static int listener;
static void *server(void *arg) {
  int c = accept(listener, 0, 0);
  char b;
  if (c < 0 || recv(c, &b, 1, 0) != 1)
    return arg;
  printf("order=%d\n", order);
  order = 0;
  close(c);
  return arg;
}
int main(void) {
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  socklen_t len = sizeof a;
  listener = socket(AF_INET, SOCK_STREAM, 0);
  if (listener < 0 || bind(listener, (struct sockaddr *)&a, sizeof a) != 0 ||
      listen(listener, 1) != 0 || getsockname(listener, (struct sockaddr *)&a, &len) != 0)
    return 1;
  pthread_t t = spawn(server, 0);
  int s = socket(AF_INET, SOCK_STREAM, 0);
  if (s < 0 || connect(s, (struct sockaddr *)&a, sizeof a) != 0)
    return 1;
  order = 7;
  send(s, "x", 1, 0);
  pthread_join(t, 0);
  close(s);
  close(listener);
  return DONE();
}
