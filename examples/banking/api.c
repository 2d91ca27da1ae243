/*
 * api.c - routing, JSON request parsing and JSON replies (cJSON).
 */
#include "api.h"

#include <cjson/cJSON.h>
#include <raceway/raceway.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank.h"
#include "notify.h"
#include "page.h"

static const char json_type[] = "application/json";

/* Take ownership of a printed cJSON document as the reply body. */
static void reply_json(struct api_reply *out, unsigned status, cJSON *doc) {
  char *text = doc ? cJSON_PrintUnformatted(doc) : NULL;
  cJSON_Delete(doc);
  out->content_type = json_type;
  out->body_static = 0;
  out->body = text;
  out->len = text ? strlen(text) : 0;
  out->status = text ? status : 500;
}

void api_error(struct api_reply *out, unsigned status, const char *msg) {
  cJSON *doc = cJSON_CreateObject();
  if (doc && !cJSON_AddStringToObject(doc, "error", msg)) {
    cJSON_Delete(doc);
    doc = NULL;
  }
  reply_json(out, status, doc);
}

static unsigned bank_http_status(enum bank_status s) {
  switch (s) {
  case BANK_OK: return 200;
  case BANK_NO_FUNDS:
  case BANK_OVERFLOW: return 409;
  default: return 400;
  }
}

/* {"alice":1000,...}, or NULL when out of memory. */
static cJSON *balances_json(void) {
  struct bank_entry all[BANK_ACCOUNTS];
  bank_snapshot(all);
  cJSON *doc = cJSON_CreateObject();
  for (int i = 0; doc && i < BANK_ACCOUNTS; i++) {
    if (!cJSON_AddNumberToObject(doc, all[i].name, (double)all[i].balance)) {
      cJSON_Delete(doc);
      doc = NULL;
    }
  }
  return doc;
}

/* The request body as one JSON object and nothing else, or NULL with an
 * error reply made.  A NUL inside the body would end parsing early, so it
 * is refused rather than silently cut. */
static cJSON *parse_object(const char *body, size_t len,
                           struct api_reply *out) {
  int whole = body && strlen(body) == len;
  cJSON *doc = whole ? cJSON_ParseWithOpts(body, NULL, 1) : NULL;
  if (!cJSON_IsObject(doc)) {
    cJSON_Delete(doc);
    api_error(out, 400, "body must be a JSON object");
    return NULL;
  }
  return doc;
}

/* A string member, or NULL with an error reply made. */
static const char *get_name(const cJSON *doc, const char *key,
                            struct api_reply *out) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(doc, key);
  if (cJSON_IsString(v) && v->valuestring)
    return v->valuestring;
  char msg[64];
  snprintf(msg, sizeof msg, "\"%s\" must be an account name", key);
  api_error(out, 400, msg);
  return NULL;
}

/* "amount" as a whole number in range, or 0 with an error reply made.
 * JSON numbers are doubles: 1.5, 1e300 and -0 are all refused here. */
static long get_amount(const cJSON *doc, struct api_reply *out) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(doc, "amount");
  double d = cJSON_IsNumber(v) ? v->valuedouble : 0;
  if (d >= 1 && d <= (double)BANK_AMOUNT_MAX && d == (double)(long)d)
    return (long)d;
  api_error(out, 400, bank_status_text(BANK_BAD_AMOUNT));
  return 0;
}

/* Tell the downstream service (if any); the reply says whether it worked. */
static void notify_change(cJSON *reply, const char *op, const char *account,
                          const char *to, long amount) {
  if (!notify_enabled())
    return;
  cJSON *note = cJSON_CreateObject();
  char *text = NULL;
  if (note && cJSON_AddStringToObject(note, "op", op) &&
      cJSON_AddStringToObject(note, "account", account) &&
      (!to || cJSON_AddStringToObject(note, "to", to)) &&
      cJSON_AddNumberToObject(note, "amount", (double)amount))
    text = cJSON_PrintUnformatted(note);
  cJSON_Delete(note);
  cJSON_AddBoolToObject(reply, "notified", text && notify_send(text) == 0);
  free(text);
}

static void handle_transfer(const char *body, size_t len,
                            struct api_reply *out) {
  cJSON *req = parse_object(body, len, out);
  if (!req)
    return;
  const char *from = get_name(req, "from", out);
  const char *to = from ? get_name(req, "to", out) : NULL;
  long amount = to ? get_amount(req, out) : 0;
  if (amount) {
    enum bank_status st = bank_transfer(from, to, amount);
    if (st != BANK_OK) {
      api_error(out, bank_http_status(st), bank_status_text(st));
    } else {
      cJSON *doc = cJSON_CreateObject();
      if (doc && !cJSON_AddItemToObject(doc, "balances", balances_json())) {
        cJSON_Delete(doc);
        doc = NULL;
      }
      if (doc)
        notify_change(doc, "transfer", from, to, amount);
      reply_json(out, 200, doc);
    }
  }
  cJSON_Delete(req);
}

static void handle_deposit(const char *body, size_t len,
                           struct api_reply *out) {
  cJSON *req = parse_object(body, len, out);
  if (!req)
    return;
  const char *account = get_name(req, "account", out);
  long amount = account ? get_amount(req, out) : 0;
  long balance = 0;
  if (amount) {
    enum bank_status st = bank_deposit(account, amount, &balance);
    if (st != BANK_OK) {
      api_error(out, bank_http_status(st), bank_status_text(st));
    } else {
      cJSON *doc = cJSON_CreateObject();
      if (doc && !cJSON_AddNumberToObject(doc, "balance", (double)balance)) {
        cJSON_Delete(doc);
        doc = NULL;
      }
      if (doc)
        notify_change(doc, "deposit", account, NULL, amount);
      reply_json(out, 200, doc);
    }
  }
  cJSON_Delete(req);
}

static void handle_races(const char *body, size_t len,
                         struct api_reply *out) {
  (void)body;
  (void)len;
  char *report = raceway_race_report_json();
  if (!report) {
    api_error(out, 503, "no race report (is the detector off?)");
    return;
  }
  out->status = 200;
  out->content_type = json_type;
  out->body = report;
  out->len = strlen(report);
  out->body_static = 0;
}

static void handle_health(const char *body, size_t len,
                          struct api_reply *out) {
  (void)body;
  (void)len;
  raceway_stats st;
  raceway_get_stats(&st);
  cJSON *doc = cJSON_CreateObject();
  cJSON *events = cJSON_CreateObject();
  if (!doc || !events || !cJSON_AddItemToObject(doc, "events", events)) {
    cJSON_Delete(doc);
    cJSON_Delete(events);
    reply_json(out, 500, NULL);
    return;
  }
  cJSON_AddStringToObject(doc, "status", "ok");
  cJSON_AddStringToObject(doc, "raceway", RACEWAY_VERSION_STRING);
  cJSON_AddNumberToObject(doc, "races", raceway_race_count());
  cJSON_AddNumberToObject(events, "produced", (double)st.produced);
  cJSON_AddNumberToObject(events, "delivered", (double)st.delivered);
  cJSON_AddNumberToObject(events, "dropped", (double)st.dropped);
  cJSON_AddNumberToObject(events, "pending", (double)st.pending);
  reply_json(out, 200, doc);
}

static void handle_page(const char *body, size_t len,
                        struct api_reply *out) {
  (void)body;
  (void)len;
  size_t page_len = 0;
  const char *html = page_html(&page_len);
  if (!html) {
    api_error(out, 404, "web UI not loaded (see --web)");
    return;
  }
  out->status = 200;
  out->content_type = "text/html; charset=utf-8";
  out->body = (char *)html;
  out->len = page_len;
  out->body_static = 1;
}

static void handle_balances(const char *body, size_t len,
                            struct api_reply *out) {
  (void)body;
  (void)len;
  reply_json(out, 200, balances_json());
}

static void handle_reset(const char *body, size_t len, struct api_reply *out) {
  (void)body;
  (void)len;
  bank_reset();
  reply_json(out, 200, balances_json());
}

typedef void handler_fn(const char *body, size_t len, struct api_reply *out);

static const struct route {
  const char *method;
  const char *path;
  handler_fn *fn;
} routes[] = {
    {"GET", "/", handle_page},
    {"GET", "/index.html", handle_page},
    {"GET", "/balances", handle_balances},
    {"POST", "/transfer", handle_transfer},
    {"POST", "/deposit", handle_deposit},
    {"POST", "/reset", handle_reset},
    {"GET", "/races", handle_races},
    {"GET", "/health", handle_health},
};

void api_handle(const char *method, const char *url, const char *body,
                size_t len, struct api_reply *out) {
  int path_known = 0;
  memset(out, 0, sizeof *out);
  for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
    if (strcmp(url, routes[i].path) != 0)
      continue;
    if (strcmp(method, routes[i].method) == 0) {
      routes[i].fn(body, len, out);
      return;
    }
    path_known = 1;
  }
  if (path_known)
    api_error(out, 405, "method not allowed");
  else
    api_error(out, 404, "no such endpoint");
}
