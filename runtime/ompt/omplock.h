/*
 * omplock.h - OpenMP's mutual exclusion as locks (runtime/ompt/omplock.c):
 * omp_set_lock / omp_test_lock, the nest locks, critical, ordered and
 * lock-based atomics.  mutex_acquired and mutex_released are lock
 * acquisitions and releases, as the pthread interceptors record them:
 * the happens-before edge, the lock in the thread's held set, and
 * LockAcquire / LockRelease events.  The lock_id is the name given with
 * raceway_name_lock, else omp_lock@0x..., omp_nest_lock@0x...,
 * omp_critical@0x..., omp_ordered@0x..., omp_atomic@0x... (the address is
 * libomp's wait id: the omp_lock_t for locks).  omp_init_lock and
 * omp_destroy_lock give the lock a new generation, as pthread_mutex_init
 * does; its name stays.
 */
#ifndef RW_OMPLOCK_H
#define RW_OMPLOCK_H

#include <omp-tools.h>

void rw_omplock_init(ompt_mutex_t kind, unsigned hint, unsigned impl,
                     ompt_wait_id_t wait_id, const void *codeptr);
void rw_omplock_destroy(ompt_mutex_t kind, ompt_wait_id_t wait_id, const void *codeptr);
void rw_omplock_acquired(ompt_mutex_t kind, ompt_wait_id_t wait_id, const void *codeptr);
void rw_omplock_released(ompt_mutex_t kind, ompt_wait_id_t wait_id, const void *codeptr);

#endif
