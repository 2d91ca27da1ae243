/*
 * curl_dl.c - load libcurl when the runtime starts with a server to send to
 * (curl_dl.h).
 */
#include "transport/curl_dl.h"

#include <dlfcn.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/auxv.h>

#include "common/config.h"
#include "common/diag.h"

static const struct {
  const char *name;
  size_t off;
} functions[] = {
#define RW_CURL_DL_ENTRY(f) {"curl_" #f, offsetof(rw_curl_dl, f)},
    RW_CURL_DL_FUNCTIONS(RW_CURL_DL_ENTRY)
#undef RW_CURL_DL_ENTRY
};

static rw_curl_dl api;
static int tried;            /* the answer below is final */
static const rw_curl_dl *loaded;

/* The table, or NULL and why (dlerror's text, which names the file, or
 * what failed) in *why. */
static const rw_curl_dl *load(const char *library, const char **why) {
  void *h = dlopen(library, RTLD_NOW | RTLD_LOCAL);
  if (!h) {
    *why = dlerror();
    return 0;
  }
  for (size_t i = 0; i < sizeof functions / sizeof functions[0]; i++) {
    void *f = dlsym(h, functions[i].name);
    if (!f) {
      *why = dlerror();
      return 0;     /* not closed: its constructors ran, it may hold state */
    }
    *(void **)((char *)&api + functions[i].off) = f;
  }
  if (api.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
    static char text[RW_ECHO_SIZE + 32];
    char e[RW_ECHO_SIZE];
    snprintf(text, sizeof text, "%s: curl_global_init failed",
             rw_config_echo(library, e, sizeof e));
    *why = text;
    return 0;
  }
  return &api;
}

const rw_curl_dl *rw_curl_dl_load(const char *library) {
  if (tried)
    return loaded;
  tried = 1;
  /* A set-user-ID or set-group-ID program does not load a library named by
   * whoever runs it (as ld.so ignores LD_LIBRARY_PATH there). */
  if (getauxval(AT_SECURE))
    library = rw_config_settings[RW_S_RACEWAY_LIBCURL].def;
  const char *why = "unknown error";
  loaded = load(library, &why);
  if (!loaded) {   /* dlerror names the file it tried */
    fprintf(rw_diag_err(), "raceway: cannot load libcurl (RACEWAY_LIBCURL): %s; no event "
            "is sent over HTTP\n", why ? why : "unknown error");
    return 0;
  }
  return loaded;
}
