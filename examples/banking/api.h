/*
 * api.h - the demo's HTTP API, independent of the HTTP library (api.c).
 *
 *   GET  /          the web UI
 *   GET  /balances  {"alice":1000,"bob":500,"charlie":300}
 *   POST /transfer  {"from":"alice","to":"bob","amount":100}   (racy)
 *   POST /deposit   {"account":"alice","amount":100}           (locked)
 *   POST /reset     opening balances
 *   GET  /races     the Raceway detector's report so far
 *   GET  /health    {"status":"ok",...}
 *
 * Errors are 4xx/5xx with {"error":"<reason>"}.
 */
#ifndef BANKING_API_H
#define BANKING_API_H

#include <stddef.h>

struct api_reply {
  unsigned status;
  const char *content_type;   /* static string                         */
  char *body;                 /* malloc'd (owned) unless body_static    */
  size_t len;
  int body_static;            /* body points at memory that outlives the
                                 response (the page)                    */
};

/* Answer one request.  body is NUL-terminated (len bytes before it) or
 * NULL.  Always fills *out; on out-of-memory out->body is NULL and status
 * is 500. */
void api_handle(const char *method, const char *url, const char *body,
                size_t len, struct api_reply *out);

/* Fill *out with status and {"error":msg}. */
void api_error(struct api_reply *out, unsigned status, const char *msg);

#endif
