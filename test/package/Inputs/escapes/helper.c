/* Knows nothing of what p points to. */
void add_to(long *p, long d) { *p += d; }
