/*
 * notify.h - tell another service about each ledger change (notify.c).
 *
 * With --notify URL the demo POSTs a small JSON note to URL after every
 * transfer and deposit, carrying the request's traceparent and
 * raceway-clock headers so that the downstream service's events join the
 * same Raceway trace.  This is how a C service propagates its trace on an
 * outgoing call.
 */
#ifndef BANKING_NOTIFY_H
#define BANKING_NOTIFY_H

struct curl_slist;

/* Remember url (copied; NULL: notifications off).  Call once from main
 * before any thread starts (it initialises libcurl).  Returns 0 or -1. */
int notify_init(const char *url);
void notify_cleanup(void);

/* Nonzero if a notify URL is configured. */
int notify_enabled(void);

/* POST body_json to the notify URL from the calling request's trace, with
 * a short timeout.  Returns 0 on a 2xx answer, -1 otherwise (the reason is
 * printed on stderr). */
int notify_send(const char *body_json);

/* Append the current trace's propagation headers ("traceparent: ..." and
 * "raceway-clock: ...") to list.  Returns the new list, or NULL on failure;
 * either way list stays valid and owned by the caller (it may have gained
 * the first header when the second could not be added). */
struct curl_slist *notify_trace_headers(struct curl_slist *list);

#endif
