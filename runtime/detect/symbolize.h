/*
 * symbolize.h - program counters to function, file and line for the race
 * report's stacks (runtime/detect/symbolize.c), only when a report is
 * printed.
 *
 * Each pc is a return address (or, for an access, the return address of
 * its hook); its call instruction (pc - 1) is what is looked up.  With an
 * llvm-symbolizer (RACEWAY_SYMBOLIZER, else llvm-symbolizer-19 or
 * llvm-symbolizer in PATH), run once per batch over a memfd, a pc gets
 * its function and file:line:column, with inlined frames; without one
 * (or RACEWAY_SYMBOLIZER=none), the function dladdr finds (exported
 * symbols only) and module+offset.  Results are cached for the process.
 */
#ifndef RW_SYMBOLIZE_H
#define RW_SYMBOLIZE_H

#include <stddef.h>
#include <stdint.h>

#define RW_SYMBOLIZE_INLINE_MAX 4

typedef struct rw_symbolize_frame {
  const char *function;      /* NULL when unknown                          */
  const char *file;          /* NULL when unknown                          */
  uint32_t line, column;
} rw_symbolize_frame;

typedef struct rw_symbolize_pc {
  const char *module;        /* file name without its directory, or NULL  */
  uintptr_t offset;          /* pc - the module's load address            */
  int runtime;               /* in libraceway itself (shared runtime)     */
  int n;                     /* frames, innermost (inlined) first; >= 1   */
  rw_symbolize_frame f[RW_SYMBOLIZE_INLINE_MAX];
} rw_symbolize_pc;

/* Look up every pc not looked up yet (one symbolizer run for all). */
void rw_symbolize_batch(const uintptr_t *pcs, size_t n);
/* What pc resolved to (looked up now if rw_symbolize_batch did not);
 * copied into out. */
void rw_symbolize_get(uintptr_t pc, rw_symbolize_pc *out);
/* The current call stack, at most max return addresses, from the frame
 * that pc (an access's return address, its hook's caller) returns into
 * outwards: the runtime's frames above it are skipped; pc alone when it
 * is not on the stack.  Returns the depth.  Only for a race not seen
 * before (backtrace is slow). */
uint32_t rw_symbolize_unwind(const void *pc, uintptr_t *out, uint32_t max);

#endif
