/* export.h - symbol visibility: the runtime is built with
 * -fvisibility=hidden; the public API, the compiler ABI hooks and the
 * interceptors are exported with RW_EXPORT.  Also the branch and
 * inlining hints of the hot paths, and which sanitizer the runtime itself
 * is built with. */
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
/* A tail call the compiler must make a jump (Clang; GCC before 15 makes
 * it one at -O2 on its own, without the promise). */
#if defined(__has_attribute)
#if __has_attribute(musttail)
#define RW_MUSTTAIL __attribute__((musttail))
#endif
#endif
#ifndef RW_MUSTTAIL
#define RW_MUSTTAIL
#endif

/* RW_ASAN / RW_TSAN: 1 in a runtime built with -fsanitize=address /
 * thread.  GCC says so with __SANITIZE_*__ (and has no __has_feature
 * before 14), Clang with __has_feature; a single #if using both would not
 * even parse where __has_feature is missing. */
#if defined(__SANITIZE_ADDRESS__)
#define RW_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RW_ASAN 1
#endif
#endif
#if defined(__SANITIZE_THREAD__)
#define RW_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define RW_TSAN 1
#endif
#endif
#ifndef RW_ASAN
#define RW_ASAN 0
#endif
#ifndef RW_TSAN
#define RW_TSAN 0
#endif
#endif
