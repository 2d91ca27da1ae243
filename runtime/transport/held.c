/*
 * held.c - the locks a thread holds (held.h).
 */
#include "transport/held.h"

#include <stdlib.h>
#include <string.h>

#include "common/json.h"
#include "transport/frag.h"
#include "transport/kind.h"

/* Rebuild the lock_set text from the entries' JSON strings. */
static void encode(rw_held *h) {
  h->text.len = 0;
  h->text.oom = 0;
  h->json = 0;
  if (h->n == 0)
    return;
  rw_buf_putc(&h->text, '[');
  for (uint32_t i = 0; i < h->n; i++) {
    if (i)
      rw_buf_putc(&h->text, ',');
    const char *id = h->id[i];
    rw_buf_puts(&h->text, id + strlen(id) + 1);
  }
  rw_buf_putc(&h->text, ']');
  h->json = h->text.oom ? 0 : h->text.p;   /* out of memory: [] */
}

/* "id\0" then its JSON string "\"id\"\0", in one allocation. */
static char *entry(const rw_rec *r) {
  const rw_frag_lock *f = rw_frag_lock_get(r);
  char id[512];
  rw_buf j = {0};
  const char *idj;
  size_t jlen;
  if (f) {
    idj = f->id_json, jlen = f->id_json_len;
    memcpy(id, f->id, strlen(f->id) + 1);   /* (f->id fits: frag.c's limit) */
  } else {
    rw_kind_lock_id(r, id, sizeof id);
    rw_json_string(&j, id);
    if (!j.p)
      return 0;
    idj = j.p, jlen = j.len;
  }
  size_t n = strlen(id) + 1;
  char *e = malloc(n + jlen + 1);
  if (e) {
    memcpy(e, id, n);
    memcpy(e + n, idj, jlen);
    e[n + jlen] = 0;
  }
  rw_buf_free(&j);
  return e;
}

void rw_held_update(rw_held *h, const rw_rec *r) {
  if (r->flags & RW_RECF_ACQUIRE) {
    if (h->n < RW_HELD_MAX && (h->id[h->n] = entry(r)))
      h->n++;
  } else {
    const rw_frag_lock *f = rw_frag_lock_get(r);
    char id[512];
    if (!f)
      rw_kind_lock_id(r, id, sizeof id);
    for (uint32_t i = h->n; i-- > 0;) {
      if (strcmp(h->id[i], f ? f->id : id) == 0) {
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
  encode(h);
}
