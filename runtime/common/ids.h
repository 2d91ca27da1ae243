/*
 * ids.h - UUID-shaped ids (runtime/common/ids.c).
 *
 * Event ids are (per-process random 64 bits, slot, seq) with the v4 bits
 * set, so any event's id, and its parent's, is computed without storing
 * it.  Task ids likewise name the AsyncSpawn event that made them.
 */
#ifndef RW_IDS_H
#define RW_IDS_H

#include <stdint.h>

/* The process id and new random parts: at start and in a fork child. */
void rw_ids_init(void);
/* Event id text (36 chars + NUL) of (slot, seq) in this process run, and
 * back (-1 if the text is not an event id of this process run). */
void rw_ids_event(uint32_t slot, uint64_t seq, char out[37]);
/* Its last 10 characters, which alone depend on seq (the first 26 are
 * fixed per slot and process): rw_ids_event's text for the same seq. */
void rw_ids_event_tail(uint64_t seq, char out[10]);
int rw_ids_event_decode(const char *text, uint32_t *slot, uint64_t *seq);
/* AsyncSpawn task id of the spawn event (slot, seq), and back (-1 if the
 * id was not made by this process run). */
void rw_ids_task(uint32_t slot, uint64_t seq, uint8_t out[16]);
int rw_ids_task_decode(const uint8_t id[16], uint32_t *slot, uint64_t *seq);
void rw_ids_random_uuid(uint8_t out[16]);       /* random v4                   */
void rw_ids_random_hex(char *out, unsigned n);  /* n random hex chars + NUL    */
extern uint8_t rw_ids_process_trace[16];        /* the run's default trace id  */
extern uint32_t rw_ids_pid;                     /* getpid(), as of rw_ids_init */

#endif
