/*
 * notify.c - outgoing POSTs with Raceway trace propagation headers.
 */
#define _POSIX_C_SOURCE 200809L /* strdup */
#include "notify.h"

#include <curl/curl.h>
#include <raceway/raceway.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A slow downstream must not hold a request thread for long. */
#define NOTIFY_TIMEOUT_MS 2000L

static char *notify_url;

int notify_init(const char *url) {
  if (!url)
    return 0;
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
    return -1;
  notify_url = strdup(url);
  if (!notify_url) {
    curl_global_cleanup();
    return -1;
  }
  return 0;
}

void notify_cleanup(void) {
  if (!notify_url)
    return;
  free(notify_url);
  notify_url = NULL;
  curl_global_cleanup();
}

int notify_enabled(void) { return notify_url != NULL; }

struct curl_slist *notify_trace_headers(struct curl_slist *list) {
  char tp[RACEWAY_HEADER_MAX], clock[RACEWAY_HEADER_MAX];
  if (raceway_propagation_headers(tp, sizeof tp, clock, sizeof clock) != 0)
    return NULL;
  struct curl_slist *out = curl_slist_append(list, tp);
  if (out && !curl_slist_append(out, clock)) {
    if (!list)
      curl_slist_free_all(out);
    out = NULL;
  }
  return out;
}

static int post(const char *body_json, struct curl_slist *headers) {
  CURL *curl = curl_easy_init();
  if (!curl)
    return -1;
  char err[CURL_ERROR_SIZE] = "";
  curl_easy_setopt(curl, CURLOPT_URL, notify_url);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body_json);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, NOTIFY_TIMEOUT_MS);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L); /* threads: no SIGALRM */
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, err);
  CURLcode rc = curl_easy_perform(curl);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_cleanup(curl);
  if (rc != CURLE_OK) {
    fprintf(stderr, "banking: notify %s: %s\n", notify_url,
            err[0] ? err : curl_easy_strerror(rc));
    return -1;
  }
  if (status < 200 || status > 299) {
    fprintf(stderr, "banking: notify %s: HTTP %ld\n", notify_url, status);
    return -1;
  }
  return 0;
}

int notify_send(const char *body_json) {
  if (!notify_url)
    return -1;
  struct curl_slist *headers =
      curl_slist_append(NULL, "Content-Type: application/json");
  if (!headers)
    return -1;
  struct curl_slist *with_trace = notify_trace_headers(headers);
  if (!with_trace) {
    fprintf(stderr, "banking: notify: no trace headers\n");
    curl_slist_free_all(headers);
    return -1;
  }
  int rc = post(body_json, with_trace);
  curl_slist_free_all(with_trace);
  return rc;
}
