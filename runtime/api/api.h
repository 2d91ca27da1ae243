/*
 * api.h - what the public API's files share (runtime/api/api.c).
 */
#ifndef RW_API_H
#define RW_API_H

#include "rt/thread.h"

/* The calling thread when it may record: started, capturing, not a
 * runtime thread, not re-entered.  Sets in_runtime; rw_api_leave clears
 * it.  NULL: the call records nothing. */
rw_thread *rw_api_enter(void);
static inline void rw_api_leave(rw_thread *t) { t->in_runtime = 0; }

#endif
