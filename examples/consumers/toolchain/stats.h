/* stats.h - request statistics (a shared library). */
#ifndef STATS_H
#define STATS_H
void stats_add_requests(long n);
long stats_requests(void);
#endif
