/* export.h - symbol visibility: the runtime is built with
 * -fvisibility=hidden; the public API, the compiler ABI hooks and the
 * interceptors are exported with RW_EXPORT.  Also the branch and
 * inlining hints of the hot paths. */
#ifndef RW_EXPORT_H
#define RW_EXPORT_H
#define RW_EXPORT __attribute__((visibility("default")))
/* A runtime-internal variable read on a hot path: hidden in the
 * declaration too, so that it is addressed directly, not through the GOT. */
#define RW_HIDDEN __attribute__((visibility("hidden")))
#define RW_LIKELY(x) __builtin_expect(!!(x), 1)
#define RW_UNLIKELY(x) __builtin_expect(!!(x), 0)
/* Hot-path helpers: inlined whatever the compiler's size heuristics say;
 * their slow paths are out of line (RW_NOINLINE). */
#define RW_ALWAYS_INLINE inline __attribute__((always_inline))
#define RW_NOINLINE __attribute__((noinline))
#endif
