/*
 * intercept_cxx.c - C++ function-local statics: the Itanium C++ ABI's
 * guard functions (libstdc++ / libsupc++, libc++abi).
 *
 * A static with a dynamic initialiser is guarded: code checks the guard's
 * first byte with an acquire load, inline, and only when it is clear
 * calls __cxa_guard_acquire, which returns 1 to the one thread that must
 * construct (it ends with __cxa_guard_release, or __cxa_guard_abort on an
 * exception) and 0 to every other, after waiting for the construction.
 * The constructing thread releases at __cxa_guard_release; every thread
 * that gets 0 acquires, and so does the inline check of a module built
 * with the plugin (it is an atomic acquire load of the guard).
 * std::call_once goes through pthread_once (intercept_pthread.c).
 * In a program without a C++ runtime nothing calls these.
 */
#include <stdint.h>

#include "intercept/intercept.h"

int __cxa_guard_acquire(int64_t *guard);
void __cxa_guard_release(int64_t *guard);
void __cxa_guard_abort(int64_t *guard);

RW_REAL_DECL(__cxa_guard_acquire);
RW_REAL_DECL(__cxa_guard_release);
RW_REAL_DECL(__cxa_guard_abort);

RW_EXPORT int __cxa_guard_acquire(int64_t *guard) {
  int rc = RW_REAL(__cxa_guard_acquire)(guard);
  if (rc == 0) {
    rw_thread *t = rw_icpt_thread();
    if (t)
      rw_icpt_observe(t, guard);
  }
  return rc;
}

RW_EXPORT void __cxa_guard_release(int64_t *guard) {
  rw_thread *t = rw_icpt_thread();
  if (t)
    rw_icpt_signal(t, guard);
  RW_REAL(__cxa_guard_release)(guard);
}

RW_EXPORT void __cxa_guard_abort(int64_t *guard) {
  RW_REAL(__cxa_guard_abort)(guard);
}
