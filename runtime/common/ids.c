/*
 * ids.c - event ids, task ids and random UUIDs.
 *
 * An event id is 128 bits: 60 bits of a per-process random value, the v4
 * version nibble, the RFC 4122 variant, a 22-bit thread slot and a 40-bit
 * per-thread sequence number.  So ids are unique per run, valid v4 UUIDs,
 * and the flusher derives an event's parent id from (slot, seq) alone.
 */
#include "common/ids.h"

#include <stdint.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "common/uuid.h"

uint8_t rw_ids_process_trace[16];
uint32_t rw_ids_pid;
static uint64_t event_key;   /* random part of event ids */
static uint64_t task_key;    /* random part of task ids  */

static void fill_random(void *buf, size_t n) {
  uint8_t *p = buf;
  size_t got = 0;
  while (got < n) {
    ssize_t r = getrandom(p + got, n - got, GRND_NONBLOCK);
    if (r <= 0)
      break;
    got += (size_t)r;
  }
  if (got < n) {
    /* No entropy yet (early boot): time and pid still differ per run. */
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    uint64_t x = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 20) ^
                 ((uint64_t)getpid() << 40);
    for (size_t i = got; i < n; i++) {
      x ^= x << 13; x ^= x >> 7; x ^= x << 17;
      p[i] = (uint8_t)x;
    }
  }
}

static void set_v4(uint8_t id[16]) {
  id[6] = (uint8_t)((id[6] & 0x0f) | 0x40);
  id[8] = (uint8_t)((id[8] & 0x3f) | 0x80);
}

void rw_ids_random_uuid(uint8_t out[16]) {
  fill_random(out, 16);
  set_v4(out);
}

void rw_ids_random_hex(char *out, unsigned n) {
  static const char hex[] = "0123456789abcdef";
  uint8_t b[64];
  if (n > 2 * sizeof b)
    n = 2 * sizeof b;
  fill_random(b, (n + 1) / 2);
  for (unsigned i = 0; i < n; i++)
    out[i] = hex[(b[i / 2] >> ((i & 1) ? 0 : 4)) & 15];
  out[n] = 0;
}

void rw_ids_init(void) {
  rw_ids_pid = (uint32_t)getpid();
  fill_random(&event_key, sizeof event_key);
  fill_random(&task_key, sizeof task_key);
  if (task_key == event_key)
    task_key = ~event_key;
  rw_ids_random_uuid(rw_ids_process_trace);
}

static void make_id(uint64_t key, uint32_t slot, uint64_t seq, uint8_t id[16]) {
  uint64_t lo = ((uint64_t)(slot & 0x3fffff) << 40) | (seq & 0xffffffffffull);
  for (int i = 0; i < 8; i++) {
    id[i] = (uint8_t)(key >> (56 - 8 * i));
    id[8 + i] = (uint8_t)(lo >> (56 - 8 * i));
  }
  set_v4(id);  /* overwrites 4 key bits and 2 high slot bits (always 0) */
}

void rw_ids_event(uint32_t slot, uint64_t seq, char out[37]) {
  uint8_t id[16];
  make_id(event_key, slot, seq, id);
  rw_uuid_format(id, out);
}

/* The seq is the id's last 40 bits: its last 10 hex digits. */
void rw_ids_event_tail(uint64_t seq, char out[10]) {
  uint8_t b[5];
  for (int i = 0; i < 5; i++)
    b[i] = (uint8_t)(seq >> (32 - 8 * i));
  rw_uuid_hex_encode(b, 5, out);
}

void rw_ids_task(uint32_t slot, uint64_t seq, uint8_t out[16]) {
  make_id(task_key, slot, seq, out);
}

/* (slot, seq) from an id's low half, if make_id(key, ...) gives it back. */
static int decode_id(uint64_t key, const uint8_t id[16], uint32_t *slot, uint64_t *seq) {
  uint8_t probe[16];
  uint64_t lo = 0;
  for (int i = 0; i < 8; i++)
    lo = lo << 8 | id[8 + i];
  lo &= ~(3ull << 62);   /* the variant bits */
  *slot = (uint32_t)(lo >> 40);
  *seq = lo & 0xffffffffffull;
  make_id(key, *slot, *seq, probe);
  return memcmp(probe, id, 16) == 0 && *seq ? 0 : -1;
}

int rw_ids_task_decode(const uint8_t id[16], uint32_t *slot, uint64_t *seq) {
  return decode_id(task_key, id, slot, seq);
}

int rw_ids_event_decode(const char *text, uint32_t *slot, uint64_t *seq) {
  uint8_t id[16];
  char again[37];
  if (!text || strlen(text) != 36 || rw_uuid_parse(text, id) != 0)
    return -1;
  if (decode_id(event_key, id, slot, seq) != 0)
    return -1;
  rw_ids_event(*slot, *seq, again);     /* exact text, hyphens included */
  return strcmp(again, text) == 0 ? 0 : -1;
}
