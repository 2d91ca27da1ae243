/*
 * held.c - the locks a thread holds (held.h).
 */
#include "transport/held.h"

#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/json.h"
#include "transport/kind.h"

static void set_json(rw_held *h, char *v) {
  free(h->json);
  h->json = v;
}

static void encode(rw_held *h) {
  if (h->n == 0) {
    set_json(h, 0);
    return;
  }
  rw_buf b = {0};
  rw_buf_putc(&b, '[');
  for (uint32_t i = 0; i < h->n; i++) {
    if (i)
      rw_buf_putc(&b, ',');
    rw_json_string(&b, h->id[i]);
  }
  rw_buf_putc(&b, ']');
  set_json(h, rw_buf_take(&b));
}

void rw_held_update(rw_held *h, const rw_rec *r) {
  char id[512];
  rw_kind_lock_id(r, id, sizeof id);
  if (r->flags & RW_RECF_ACQUIRE) {
    if (h->n < RW_HELD_MAX && (h->id[h->n] = strdup(id)))
      h->n++;
  } else {
    for (uint32_t i = h->n; i-- > 0;) {
      if (strcmp(h->id[i], id) == 0) {
        free(h->id[i]);
        memmove(&h->id[i], &h->id[i + 1], (h->n - i - 1) * sizeof(char *));
        h->n--;
        break;
      }
    }
  }
  encode(h);
}

void rw_held_clear(rw_held *h) {
  while (h->n)
    free(h->id[--h->n]);
  set_json(h, 0);
}
