#ifndef STOCK_H
#define STOCK_H

/* The caller holds its own lock around stock_receive; stock_sell takes none. */
void stock_receive(long n);
void stock_sell(void);
long stock_on_hand(void);
long stock_sold(void);

#endif
