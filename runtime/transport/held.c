/*
 * held.c - the locks a thread holds (held.h).
 *
 * The lock_set text is kept, not rebuilt: an acquire appends the lock's
 * JSON id before the closing bracket, a release cuts it out (the last one
 * acquired, usually: a truncation).  The text is the entries' only copy,
 * so a lock is found again by its JSON id (escaping maps ids one to one).
 * No allocation per lock operation once the buffer has grown.
 */
#include "transport/held.h"

#include <string.h>

#include "common/json.h"
#include "transport/kind.h"

/* r's lock id as a JSON string: f's, or spelled into tmp. */
static const char *id_json(const rw_rec *r, const rw_frag_lock *f, rw_buf *tmp,
                           size_t *len) {
  if (f) {
    *len = f->id_json_len;
    return f->id_json;
  }
  char id[512];
  rw_kind_lock_id(r, id, sizeof id);
  rw_json_string(tmp, id);
  *len = tmp->len;
  return tmp->oom ? 0 : tmp->p;
}

static void acquire(rw_held *h, const char *j, size_t len) {
  if (h->n == RW_HELD_MAX)
    return;
  if (!h->n)
    h->text.len = 0;
  /* Room first: out of memory leaves the text as it was (lock not kept). */
  char *p = rw_buf_reserve(&h->text, len + 2);
  if (!p) {
    h->text.oom = 0;
    return;
  }
  if (h->n)
    p[-1] = ',';                /* over the closing bracket */
  else
    *p++ = '[';
  h->off[h->n] = (uint32_t)(p - h->text.p);
  h->len[h->n++] = (uint32_t)len;
  memcpy(p, j, len), p += len;
  *p++ = ']';
  rw_buf_commit(&h->text, p);
}

static void release(rw_held *h, const char *j, size_t len) {
  uint32_t i = h->n;
  while (i-- > 0)
    if (h->len[i] == len && memcmp(h->text.p + h->off[i], j, len) == 0)
      break;
  if (i == UINT32_MAX)
    return;                     /* not held (its acquire was not kept) */
  uint32_t cut = h->len[i] + 1; /* the entry and the comma after it */
  if (i + 1 < h->n) {
    char *at = h->text.p + h->off[i];
    memmove(at, at + cut, h->text.len - (h->off[i] + cut) + 1);
    for (uint32_t k = i + 1; k < h->n; k++) {
      h->off[k - 1] = h->off[k] - cut;
      h->len[k - 1] = h->len[k];
    }
    h->text.len -= cut;
  } else if (i) {
    h->text.len = h->off[i];    /* "[a,x]" -> "[a," -> "[a]" */
    h->text.p[h->text.len - 1] = ']';
    h->text.p[h->text.len] = 0;
  } else {
    h->text.len = 0;            /* none left */
  }
  h->n--;
}

void rw_held_update(rw_held *h, const rw_rec *r, const rw_frag_lock *f) {
  rw_buf tmp = {0};
  size_t len;
  const char *j = id_json(r, f, &tmp, &len);
  if (j) {
    if (r->flags & RW_RECF_ACQUIRE)
      acquire(h, j, len);
    else
      release(h, j, len);
  }
  if (tmp.p)
    rw_buf_free(&tmp);
  h->json = h->n ? h->text.p : 0;
}

void rw_held_clear(rw_held *h) {
  h->n = 0;
  h->text.len = 0;
  h->json = 0;
}
