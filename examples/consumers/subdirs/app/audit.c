/* audit.c - one thread, no race: reads the counters once. */
#include <stdio.h>

#include "stock.h"

int main(void) {
  stock_receive(1);
  printf("audit: on_hand=%ld sold=%ld\n", stock_on_hand(), stock_sold());
  return 0;
}
