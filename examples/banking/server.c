/*
 * server.c - libmicrohttpd glue: collect the body, wrap each request in a
 * Raceway trace, hand it to api.c, send the reply.
 */
#include "server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <raceway/raceway.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"

/*
 * Protection against slow clients (slowloris: many connections that send
 * their headers a byte at a time and never finish):
 *   - a fixed pool of SERVER_THREADS threads polls every connection
 *     (epoll), so an open connection costs a socket and a few KB, not a
 *     thread: memory stays flat under connection churn too;
 *   - at most SERVER_PER_IP_CONNECTIONS connections from one address: one
 *     client cannot take every slot;
 *   - a connection idle for SERVER_IDLE_TIMEOUT_S is closed (also an idle
 *     keep-alive one; a browser reconnects);
 *   - at most SERVER_MAX_CONNECTIONS connections in all.
 * libmicrohttpd 0.9.75 (Debian 12) has no limit on the total time to send
 * the headers: a client that sends a byte just often enough keeps its
 * connection, within the per-address limit.
 */
#define SERVER_THREADS 8
#define SERVER_IDLE_TIMEOUT_S 10
#define SERVER_MAX_CONNECTIONS 1000
/* The benchmark (bench/soak.sh) builds the demo with these overridden:
 * 50 load-generator connections come from one address; keep-alive on or
 * off; the thread-per-connection model the demo had before the pool. */
#ifndef SERVER_PER_IP_CONNECTIONS
#define SERVER_PER_IP_CONNECTIONS 32
#endif
#ifndef SERVER_CLOSE_EACH /* 1: "Connection: close" on every reply */
#define SERVER_CLOSE_EACH 1
#endif
#ifndef SERVER_THREAD_PER_CONNECTION
#define SERVER_THREAD_PER_CONNECTION 0
#endif

/* Per-request state, owned by MHD's *req_cls and freed in on_completed. */
struct request {
  char *body;          /* NUL-terminated, or NULL when empty */
  size_t len;
  size_t cap;
  int too_large;       /* body exceeded SERVER_BODY_MAX: discard the rest */
};

/* Append a chunk; past the limit keep nothing and just count. */
static int append_body(struct request *r, const char *data, size_t n) {
  if (r->too_large || n > SERVER_BODY_MAX - r->len) {
    r->too_large = 1;
    free(r->body);
    r->body = NULL;
    r->len = r->cap = 0;
    return 0;
  }
  if (r->len + n + 1 > r->cap) {
    size_t cap = r->cap ? r->cap * 2 : 1024;
    while (cap < r->len + n + 1)
      cap *= 2;
    char *p = realloc(r->body, cap);
    if (!p)
      return -1;
    r->body = p;
    r->cap = cap;
  }
  memcpy(r->body + r->len, data, n);
  r->len += n;
  r->body[r->len] = '\0';
  return 0;
}

static const char *header(struct MHD_Connection *c, const char *name) {
  return MHD_lookup_connection_value(c, MHD_HEADER_KIND, name);
}

/* A Content-Length over the limit is refused before the body is read. */
static int declared_too_large(struct MHD_Connection *c) {
  const char *cl = header(c, MHD_HTTP_HEADER_CONTENT_LENGTH);
  return cl && strtoull(cl, NULL, 10) > SERVER_BODY_MAX;
}

static enum MHD_Result send_reply(struct MHD_Connection *c,
                                  struct api_reply *rep) {
  enum MHD_ResponseMemoryMode mode =
      rep->body_static ? MHD_RESPMEM_PERSISTENT : MHD_RESPMEM_MUST_FREE;
  if (!rep->body) {
    static char oom[] = "{\"error\":\"out of memory\"}";
    rep->body = oom;
    rep->len = sizeof oom - 1;
    rep->status = 500;
    rep->content_type = "application/json";
    mode = MHD_RESPMEM_PERSISTENT;
  }
  struct MHD_Response *resp =
      MHD_create_response_from_buffer(rep->len, rep->body, mode);
  if (!resp) {
    if (mode == MHD_RESPMEM_MUST_FREE)
      free(rep->body);
    return MHD_NO;
  }
  MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
                          rep->content_type);
  MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
  /* A new connection per request: a pool thread serves the connections it
   * accepted one after another, so two requests a browser sent at once on
   * its kept-alive connections could end up on one thread, where they
   * cannot race.  New connections spread over the pool. */
  if (SERVER_CLOSE_EACH)
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
  enum MHD_Result rc = MHD_queue_response(c, rep->status, resp);
  MHD_destroy_response(resp);
  return rc;
}

/* One whole request: its own trace from start to reply. */
static enum MHD_Result serve(struct MHD_Connection *c, const char *method,
                             const char *url, struct request *r) {
  raceway_http_request_begin(method, url, header(c, "traceparent"),
                             header(c, "raceway-clock"));
  struct api_reply rep;
  if (r->too_large) {
    memset(&rep, 0, sizeof rep);
    api_error(&rep, 413, "request body larger than 64 KiB");
  } else {
    api_handle(method, url, r->body, r->len, &rep);
  }
  unsigned status = rep.status;
  enum MHD_Result rc = send_reply(c, &rep);
  raceway_http_request_end(rc == MHD_YES ? status : 500);
  return rc;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c,
                                  const char *url, const char *method,
                                  const char *version, const char *upload,
                                  size_t *upload_size, void **req_cls) {
  (void)cls;
  (void)version;
  struct request *r = *req_cls;
  if (!r) {
    /* First call: headers only.  A declared oversize body is answered
     * now; MHD then drops the body and closes the connection. */
    r = calloc(1, sizeof *r);
    if (!r)
      return MHD_NO;
    *req_cls = r;
    if (!declared_too_large(c))
      return MHD_YES;
    r->too_large = 1;
    return serve(c, method, url, r);
  }
  if (*upload_size) {
    int rc = append_body(r, upload, *upload_size);
    *upload_size = 0;
    return rc == 0 ? MHD_YES : MHD_NO;
  }
  return serve(c, method, url, r);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **req_cls,
                         enum MHD_RequestTerminationCode why) {
  (void)cls;
  (void)c;
  (void)why;
  struct request *r = *req_cls;
  if (!r)
    return;
  free(r->body);
  free(r);
  *req_cls = NULL;
}

struct MHD_Daemon *server_start(unsigned port) {
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_port = htons((uint16_t)port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG;
  unsigned pool = SERVER_THREADS;
  if (SERVER_THREAD_PER_CONNECTION) {
    flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD |
            MHD_USE_ERROR_LOG;
    pool = 0; /* MHD refuses a pool with a thread per connection */
  }
  return MHD_start_daemon(
      flags, (uint16_t)port, NULL, NULL, on_request, NULL,
      MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
      MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
      MHD_OPTION_THREAD_POOL_SIZE, pool,
      MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)SERVER_IDLE_TIMEOUT_S,
      MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)SERVER_PER_IP_CONNECTIONS,
      MHD_OPTION_CONNECTION_LIMIT, (unsigned)SERVER_MAX_CONNECTIONS,
      MHD_OPTION_END);
}

unsigned server_port(struct MHD_Daemon *d) {
  const union MHD_DaemonInfo *info =
      MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
  return info ? info->port : 0;
}

void server_stop(struct MHD_Daemon *d) { MHD_stop_daemon(d); }
