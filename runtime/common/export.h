/* export.h - symbol visibility: the runtime is built with
 * -fvisibility=hidden; the public API, the compiler ABI hooks and the
 * interceptors are exported with RW_EXPORT. */
#ifndef RW_EXPORT_H
#define RW_EXPORT_H
#define RW_EXPORT __attribute__((visibility("default")))
#define RW_LIKELY(x) __builtin_expect(!!(x), 1)
#define RW_UNLIKELY(x) __builtin_expect(!!(x), 0)
#endif
