/*
 * page.h - the web UI (index.html), read once at start (page.c).
 */
#ifndef BANKING_PAGE_H
#define BANKING_PAGE_H

#include <stddef.h>

/* Read <dir>/index.html into memory.  Returns 0, or -1 with errno set. */
int page_load(const char *dir);

/* The page, or NULL if it was not loaded; valid until page_free. */
const char *page_html(size_t *len);

void page_free(void);

#endif
