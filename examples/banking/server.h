/*
 * server.h - the HTTP server (server.c, libmicrohttpd).
 *
 * A pool of threads serves the connections (server.c: the limits that
 * keep slow clients from taking it offline), so two requests really run
 * at the same time and /transfer can race.  Each request is its own Raceway trace, started
 * from the request's traceparent / raceway-clock headers.
 */
#ifndef BANKING_SERVER_H
#define BANKING_SERVER_H

#include <stddef.h>

/* Largest request body accepted; larger ones get 413. */
#define SERVER_BODY_MAX (64 * 1024)

struct MHD_Daemon;

/* Listen on 127.0.0.1:port (0: any free port).  Returns the daemon, or
 * NULL (the reason is printed on stderr by libmicrohttpd). */
struct MHD_Daemon *server_start(unsigned port);

/* The port actually bound, or 0. */
unsigned server_port(struct MHD_Daemon *d);

/* Stop listening, close every connection and wait for the pool. */
void server_stop(struct MHD_Daemon *d);

#endif
