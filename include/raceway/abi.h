/*
 * raceway/abi.h - the contract between RacewayPass and libraceway.
 *
 * Code compiled with -fpass-plugin=RacewayPass.so calls the __raceway_* entry
 * points below.  Nobody else should: the manual API is in raceway/raceway.h.
 * The pass builds raceway_site / raceway_func_site records as private
 * constants whose layout must match these structs exactly (the pass mirrors
 * them in pass/SiteTable.cpp; test/pass/site-layout.ll pins the layout).
 *
 * Bump RACEWAY_ABI_VERSION whenever a struct or a hook signature changes.
 */
#ifndef RACEWAY_ABI_H
#define RACEWAY_ABI_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RACEWAY_ABI_VERSION 2

/* raceway_site.access */
enum raceway_access {
  RACEWAY_ACCESS_READ = 0,
  RACEWAY_ACCESS_WRITE = 1,
  RACEWAY_ACCESS_ATOMIC_READ = 2,
  RACEWAY_ACCESS_ATOMIC_WRITE = 3,
  RACEWAY_ACCESS_ATOMIC_RMW = 4,
  RACEWAY_ACCESS_FENCE = 5,   /* site of a fence: variable is NULL       */
  RACEWAY_ACCESS_CALL = 6     /* site of a call to a sync function       */
};

/* raceway_site.value_kind: how the 64 value bits passed to a hook print. */
enum raceway_value_kind {
  RACEWAY_VALUE_NONE = 0,     /* aggregate / unknown: JSON null           */
  RACEWAY_VALUE_SINT = 1,     /* sign-extended from `size` bytes          */
  RACEWAY_VALUE_UINT = 2,     /* zero-extended                            */
  RACEWAY_VALUE_FLOAT = 3,    /* IEEE float (size 4) or double (size 8)   */
  RACEWAY_VALUE_PTR = 4,      /* printed as "0x..." string                */
  RACEWAY_VALUE_BOOL = 5      /* true / false                             */
};

/* raceway_site.flags */
enum raceway_site_flags {
  RACEWAY_SITE_FIELD = 1u << 0,     /* struct field: variable = field name   */
  RACEWAY_SITE_REDACT = 1u << 1,    /* values never leave the process        */
  RACEWAY_SITE_VOLATILE = 1u << 2,
  RACEWAY_SITE_BITFIELD = 1u << 3,  /* value is the whole storage unit       */
  RACEWAY_SITE_COMPOUND = 1u << 4,  /* read half of x op= y / x++            */
  RACEWAY_SITE_TRACKED = 1u << 5,   /* atomic/fence on tracked state: emits
                                       an event; without it a sync-only site */
  RACEWAY_SITE_GLOBAL = 1u << 6,    /* with FIELD: the object is a global (or
                                       an element of one); type_name is its
                                       name ("stats", "accounts[2]") */
  RACEWAY_SITE_WRITE_FOLLOWS = 1u << 7 /* with COMPOUND: the write half follows
                                       with nothing that can synchronise
                                       (call, atomic, fence) between, so its
                                       record stands for both halves: the
                                       read is checked, not recorded */
};

/* Memory orders, numbered as C11 memory_order / __ATOMIC_*. */
enum raceway_order {
  RACEWAY_ORDER_RELAXED = 0,
  RACEWAY_ORDER_CONSUME = 1,
  RACEWAY_ORDER_ACQUIRE = 2,
  RACEWAY_ORDER_RELEASE = 3,
  RACEWAY_ORDER_ACQ_REL = 4,
  RACEWAY_ORDER_SEQ_CST = 5
};

/*
 * One per instrumented instruction (an access whose array index is only
 * known at run time has one per element, and the instrumentation passes
 * the element's); constant, 48 bytes on LP64.
 *
 * A FIELD site names a location inside an object: the object starts at
 * addr - field_offset, and is reported as "<name>.<variable>" once
 * raceway_name_object named it, else "<type_name>.<variable>" for a GLOBAL
 * site, else "<type_name>@0x<base>.<variable>".
 */
typedef struct raceway_site {
  const char *variable;    /* global: C name and path into it ("counter",
                              "fn.counter", "grid[2]", "stats.hits");
                              field: path from the object ("balance",
                              "in.f", "slots[3]"); NULL for fences */
  const char *type_name;   /* field: struct/class name ("Account"), or with
                              GLOBAL the global object's name; else NULL */
  const char *file;        /* source file; without -g the annotation's file
                              (tracked state) or the module name */
  uint32_t line;           /* 0 when unknown; without -g, tracked state's
                              annotation line */
  uint32_t column;         /* 0 when unknown */
  uint32_t field_offset;   /* field: byte offset of the accessed location
                              from the start of the object */
  uint8_t access;          /* enum raceway_access */
  uint8_t value_kind;      /* enum raceway_value_kind */
  uint8_t size;            /* access size in bytes; 0 if larger than 255 */
  uint8_t flags;           /* enum raceway_site_flags */
  uint8_t order;           /* enum raceway_order (atomics, fences) */
  uint8_t reserved[3];
} raceway_site;

/* One per instrumented function (opt-in function entry tracking). */
typedef struct raceway_func_site {
  const char *name;                /* source name, demangled for C++ */
  const char *module;              /* translation unit (file stem) */
  const char *file;
  uint32_t line;
  uint32_t nargs;                  /* scalar arguments recorded */
  const char *const *arg_names;    /* nargs names, or NULL ("arg0", ...) */
  const uint8_t *arg_kinds;        /* nargs raceway_value_kind values */
} raceway_func_site;

/*
 * Plain accesses.  A load gets __raceway_read after it, with the loaded bits;
 * a store gets __raceway_write before it, with the bits about to be stored
 * (the runtime reads the old value itself).  Values wider than 8 bytes are
 * passed as 0 with value_kind NONE.
 */
void __raceway_read(const raceway_site *site, const void *addr, uint64_t value);
void __raceway_write(const raceway_site *site, void *addr, uint64_t value);

/*
 * Atomics (load, store, RMW, cmpxchg), tracked or not.  __raceway_atomic_pre
 * runs just before the instruction and performs the release half of its
 * order; __raceway_atomic_post runs just after it with the value seen
 * (old) and the value left in memory (new), performs the acquire half and,
 * for tracked sites, records the access.  A failed cmpxchg is reported with
 * access ATOMIC_READ in its own site.
 */
void __raceway_atomic_pre(const raceway_site *site, void *addr);
void __raceway_atomic_post(const raceway_site *site, void *addr,
                           uint64_t old_value, uint64_t new_value);

/* A fence (site->order); runs where the fence instruction was. */
void __raceway_fence(const raceway_site *site);

/*
 * Called just before a call to a synchronisation function (pthread_*, mtx_*,
 * sem_*, ...) in instrumented code, so the runtime's interceptor can give the
 * event a source location.  Cost: one TLS store.
 */
void __raceway_callsite(const raceway_site *site);

/* Opt-in function entry/exit.  args: nargs values as described by f. */
void __raceway_func_entry(const raceway_func_site *f, const uint64_t *args);
void __raceway_func_exit(const raceway_func_site *f);

/*
 * Checked escapes (-mllvm -raceway-escapes=checked).  A module built in
 * checked mode registers, from a constructor, the ranges of the tracked
 * globals it defines (each scalar member its own range, named by a site
 * whose variable / type_name / field_offset / flags name it as a direct
 * access would; the site's location is the declaration's), then checks
 * each load and store through a pointer it cannot prove untracked inline:
 *   if (__raceway_range_filter[(addr >> RACEWAY_RANGE_PAGE_SHIFT)
 *                              & (RACEWAY_RANGE_FILTER_SIZE - 1)])
 *     __raceway_checked_read / _write(site, addr, value);
 * A filter byte is non-zero while a registered range touches a page that
 * hashes to it.  The checked hooks look the address up and, inside a
 * range, record the access as __raceway_read / __raceway_write would,
 * named by the range; elsewhere they do nothing.  `site` is the
 * instruction's own (location, access, size, value kind) with variable
 * NULL.
 */
#define RACEWAY_RANGE_PAGE_SHIFT 12
#define RACEWAY_RANGE_FILTER_SIZE 65536

typedef struct raceway_range {
  const void *addr;
  uint64_t size;
  const raceway_site *name;
} raceway_range;

extern uint8_t __raceway_range_filter[RACEWAY_RANGE_FILTER_SIZE];
void __raceway_register_ranges(const raceway_range *ranges, uint64_t n);
void __raceway_checked_read(const raceway_site *site, const void *addr,
                            uint64_t value);
void __raceway_checked_write(const raceway_site *site, void *addr,
                             uint64_t value);

#ifdef __cplusplus
}
#endif
#endif /* RACEWAY_ABI_H */
