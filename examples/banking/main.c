/*
 * main.c - the Raceway banking demo: options, start, wait for SIGINT or
 * SIGTERM, stop cleanly so the Raceway runtime flushes its events and
 * prints its race report.
 *
 *   banking-demo [--port N] [--web DIR] [--notify URL]
 */
#define _POSIX_C_SOURCE 200809L /* sigaction, strsignal */
#include <errno.h>
#include <raceway/raceway.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bank.h"
#include "notify.h"
#include "page.h"
#include "server.h"

#ifndef BANKING_WEB_ROOT
#define BANKING_WEB_ROOT "."
#endif
#define DEFAULT_PORT 3000

struct options {
  unsigned port;
  const char *web_root;
  const char *notify_url;
};

static void usage(FILE *out) {
  fprintf(out,
          "usage: banking-demo [--port N] [--web DIR] [--notify URL]\n"
          "  --port N      listen on 127.0.0.1:N (default %d; 0: any free "
          "port)\n"
          "  --web DIR     directory holding index.html (default %s)\n"
          "  --notify URL  POST each transfer/deposit to URL, with trace "
          "headers\n",
          DEFAULT_PORT, BANKING_WEB_ROOT);
}

static int parse_port(const char *s, unsigned *out) {
  char *end;
  errno = 0;
  unsigned long v = strtoul(s, &end, 10);
  if (errno || end == s || *end || v > 65535 || s[0] == '-')
    return -1;
  *out = (unsigned)v;
  return 0;
}

/* Returns 0, 1 for --help, or -1 on a bad argument (already reported). */
static int parse_options(int argc, char **argv, struct options *o) {
  o->port = DEFAULT_PORT;
  o->web_root = BANKING_WEB_ROOT;
  o->notify_url = NULL;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
      return 1;
    if (i + 1 >= argc) {
      fprintf(stderr, "banking: unknown option or missing value: %s\n", a);
      return -1;
    }
    const char *v = argv[++i];
    if (strcmp(a, "--port") == 0) {
      if (parse_port(v, &o->port) != 0) {
        fprintf(stderr, "banking: bad port: %s\n", v);
        return -1;
      }
    } else if (strcmp(a, "--web") == 0) {
      o->web_root = v;
    } else if (strcmp(a, "--notify") == 0) {
      o->notify_url = v;
    } else {
      fprintf(stderr, "banking: unknown option: %s\n", a);
      return -1;
    }
  }
  return 0;
}

/* SIGINT/SIGTERM may arrive on any thread (the runtime and libmicrohttpd
 * start their own), so the handler only writes to a pipe main reads. */
static int stop_pipe[2] = {-1, -1};

static void on_stop_signal(int sig) {
  int saved = errno;
  char c = (char)sig;
  if (write(stop_pipe[1], &c, 1) < 0) {
    /* The pipe is full: a stop is already pending. */
  }
  errno = saved;
}

static int install_stop_handlers(void) {
  if (pipe(stop_pipe) != 0)
    return -1;
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  if (sigaction(SIGINT, &sa, NULL) != 0 || sigaction(SIGTERM, &sa, NULL) != 0)
    return -1;
  signal(SIGPIPE, SIG_IGN); /* a client that hangs up is not fatal */
  return 0;
}

static int wait_for_stop(void) {
  char c = 0;
  while (read(stop_pipe[0], &c, 1) < 0 && errno == EINTR)
    continue;
  return c;
}

int main(int argc, char **argv) {
  struct options opt;
  int rc = parse_options(argc, argv, &opt);
  if (rc != 0) {
    usage(rc > 0 ? stdout : stderr);
    return rc > 0 ? 0 : 2;
  }
  if (install_stop_handlers() != 0) {
    perror("banking: signal setup");
    return 1;
  }
  bank_init();
  if (page_load(opt.web_root) != 0)
    fprintf(stderr, "banking: %s/index.html: %s (web UI disabled)\n",
            opt.web_root, strerror(errno));
  if (notify_init(opt.notify_url) != 0) {
    fprintf(stderr, "banking: cannot set up --notify %s\n", opt.notify_url);
    return 1;
  }
  struct MHD_Daemon *d = server_start(opt.port);
  if (!d) {
    fprintf(stderr, "banking: cannot listen on 127.0.0.1:%u\n", opt.port);
    notify_cleanup();
    page_free();
    return 1;
  }
  printf("listening on http://127.0.0.1:%u\n", server_port(d));
  fflush(stdout);

  int sig = wait_for_stop();
  fprintf(stderr, "banking: %s, shutting down\n", strsignal(sig));
  server_stop(d);
  notify_cleanup();
  page_free();
  raceway_shutdown(); /* flush events and print the race report now */
  return 0;
}
