/*
 * hooks.h - the compiler ABI entry points (runtime/rt/hooks.c): the
 * __raceway_* functions of include/raceway/abi.h, exported; and the
 * race_detected events they record after a racing access.
 */
#ifndef RW_HOOKS_H
#define RW_HOOKS_H

#include "rt/thread.h"

/* Record the race_detected events of races found since the last call
 * (after the racing access's own event, so its event id is final). */
void rw_hooks_emit_races(rw_thread *t);

#endif
