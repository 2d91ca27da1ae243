/*
 * curl_dl.h - libcurl, loaded at run time (runtime/transport/curl_dl.c).
 *
 * libraceway does not link libcurl: loading it and its dependencies (TLS,
 * GSSAPI, LDAP, ...) costs about 4.5 ms of CPU at every process start
 * (bench/RESULTS.md), which a process that never sends over HTTP (a file,
 * RACEWAY_SEND=none, the default local report) should not pay.  It is
 * loaded with dlopen(RTLD_NOW | RTLD_LOCAL) when the runtime starts with a
 * server to send to (rt/lifecycle.c says why there and not on the flusher;
 * RTLD_LOCAL: a program that links another libcurl, libcurl-gnutls say,
 * keeps its own symbols).
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
 * curl_global_init the first time (not thread-safe: rt/lifecycle.c calls
 * it at start, before `started`, so libcurl's constructors and locks pass
 * the interceptors untouched; later calls, from the HTTP sink on the
 * flusher, only read the answer).  NULL when the library cannot be loaded,
 * lacks a function or does not initialise: said once on stderr (the
 * library's name and dlerror()), and never tried again. */
const rw_curl_dl *rw_curl_dl_load(const char *library);

#endif
