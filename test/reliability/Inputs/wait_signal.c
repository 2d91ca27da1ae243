/* wait_signal.c - a few tracked writes, then "ready" on stdout, then wait
 * for a signal (SIGTERM's default action ends it).  The FIFO test checks
 * that the runtime's start never leaves the program stuck or deaf to
 * signals. */
#include <stdio.h>
#include <unistd.h>

long counter __attribute__((annotate("raceway")));

int main(void) {
  for (int i = 0; i < 100; i++)
    counter++;
  printf("ready\n");
  fflush(stdout);
  for (;;)
    pause();
}
