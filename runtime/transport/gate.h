/*
 * gate.h - a fork waits until the flusher is between records
 * (runtime/transport/gate.c).
 *
 * A fork child keeps only the forking thread.  Whatever the flusher had
 * allocated and held only in its registers or on its stack at that moment
 * (a fragment table not yet published, a lock fragment being built) is
 * unreachable in the child, and LeakSanitizer there reports it.  So the
 * flusher encodes inside the gate, and a fork's prepare handler waits for
 * it to leave: at most one chunk of records (RW_GATE_CHUNK), never the
 * sink's I/O, which runs outside the gate (rw_gate_pause).
 *
 * Cost: two atomic stores and a load per chunk on the flusher; nothing on
 * application threads unless they fork.  Failure mode: a flusher that does
 * not leave within a second (stuck on a runtime lock the forking thread
 * held when it forked) is not waited for; the fork goes on.
 */
#ifndef RW_GATE_H
#define RW_GATE_H

/* Records encoded between two chances for a fork to go first. */
#define RW_GATE_CHUNK 256

/* Flusher: before encoding; waits while a fork is under way. */
void rw_gate_enter(void);
/* Flusher: after encoding. */
void rw_gate_leave(void);
/* Flusher, around I/O: leave the gate if inside it; returns whether it was. */
int rw_gate_pause(void);
void rw_gate_resume(int was_inside);

/* fork: prepare (waits for the flusher to leave, at most 1 s), then the
 * parent's or the child's handler. */
void rw_gate_before_fork(void);
void rw_gate_after_fork_parent(void);
void rw_gate_after_fork(void);

#endif
