/*
 * curl_dl.h - libcurl, loaded at run time (runtime/transport/curl_dl.c).
 *
 * libraceway does not link libcurl: loading it and its dependencies (TLS,
 * GSSAPI, LDAP, ...) costs about 4.5 ms of CPU at every process start
 * (bench/RESULTS.md), which a process that never sends over HTTP (a file,
 * RACEWAY_SEND=none, the default local report) should not pay.  The HTTP
 * sink opens it the first time an endpoint is used, on the flusher thread,
 * with dlopen(RTLD_NOW | RTLD_LOCAL) (RTLD_LOCAL: a program that links
 * another libcurl, libcurl-gnutls say, keeps its own symbols).
 *
 * The table holds the functions sink_http.c calls, typed from
 * <curl/curl.h>, so the compiler checks them against libcurl's own
 * prototypes (libcurl.so.4's ABI has been stable since 2006).
 */
#ifndef RW_CURL_DL_H
#define RW_CURL_DL_H

#include <curl/curl.h>

/* X(name): the function curl_<name>. */
#define RW_CURL_DL_FUNCTIONS(X)                                          \
  X(global_init) X(easy_init) X(easy_setopt) X(easy_perform)             \
  X(easy_getinfo) X(easy_strerror) X(easy_cleanup) X(slist_append)       \
  X(slist_free_all)

typedef struct rw_curl_dl {
#define RW_CURL_DL_FIELD(f) __typeof__(curl_##f) *f;
  RW_CURL_DL_FUNCTIONS(RW_CURL_DL_FIELD)
#undef RW_CURL_DL_FIELD
} rw_curl_dl;

/* The table, loading `library` (RACEWAY_LIBCURL) and running
 * curl_global_init the first time.  Flusher thread only: libcurl's
 * constructors and global init then run on a thread the interceptors
 * ignore (their locks are not the program's), after the runtime started,
 * and never on an application thread or inside an interceptor; one flusher
 * runs at a time, so no lock is needed.  NULL when the library cannot be
 * loaded, lacks a function or does not initialise: said once on stderr
 * (the library's name and dlerror()), and never tried again. */
const rw_curl_dl *rw_curl_dl_load(const char *library);

/* fn runs (on the flusher) right after the global init succeeded.
 * OpenSSL registers its atexit cleanup during that init; the runtime's exit
 * handler must run before it, so rt/lifecycle.c registers it again there
 * (atexit handlers run in reverse order). */
void rw_curl_dl_on_init(void (*fn)(void));

#endif
