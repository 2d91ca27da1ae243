/* stock.c - shared state of the inventory.  The annotations are all that
 * Raceway needs; without the plugin they are ignored. */
#include "stock.h"

static long on_hand __attribute__((annotate("raceway")));  /* guarded by the caller */
static long sold __attribute__((annotate("raceway")));     /* unguarded: the race */

void stock_receive(long n) { on_hand += n; }
void stock_sell(void) { sold++; }
long stock_on_hand(void) { return on_hand; }
long stock_sold(void) { return sold; }
