// Expected: no race (request and reply through a socket pair: each side
// writes its tracked state before send and reads the other's after recv)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q StateChange %t.events
// CHECK-NOT: WARNING: Raceway
// CHECK: reply=42
// CHECK: DONE
// CHECK-NOT: WARNING: Raceway
#include "Inputs/corpus.h"
#include <sys/socket.h>
RACEWAY_TRACKED(int, request);
RACEWAY_TRACKED(int, reply);
static int sv[2];
static void *server(void *arg) {
  char c;
  if (recv(sv[1], &c, 1, 0) != 1)
    return arg;
  reply = request * 2;
  send(sv[1], "r", 1, 0);
  return arg;
}
int main(void) {
  if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
    return 1;
  pthread_t t = spawn(server, 0);
  request = 21;
  send(sv[0], "q", 1, 0);
  char c;
  if (recv(sv[0], &c, 1, 0) != 1)
    return 1;
  printf("reply=%d\n", reply);
  pthread_join(t, 0);
  return DONE();
}
