/*
 * diag.h - the runtime's own standard error and standard output
 * (runtime/common/diag.c).
 *
 * Every message of the runtime (configuration errors, the race report by
 * default, the exit line) goes to rw_diag_err(): to fd 2 while it is open,
 * where the program points it (as sanitizers write), and once the program
 * has closed it (gnulib's close_stdout and xz close stderr before they
 * exit) to a copy of it taken when the runtime started (keptfd.h), so the
 * exit report is not lost.  The program's stdio stderr is never written
 * to: once closed, that would be undefined.  A program that closes fd 2
 * and opens a file of its own on the number gets the messages in it, as
 * it would a sanitizer's.  rw_diag_out() is the same for fd 1
 * (RACEWAY_LOG=stdout).
 *
 * Line buffered, never NULL; a write that fails is dropped.  The first
 * call of each takes its copy: start calls rw_diag_err before anything
 * else can print.  Cost: a system call or two per line written (messages
 * only, never an access or lock path).
 */
#ifndef RW_DIAG_H
#define RW_DIAG_H

#include <stdio.h>

FILE *rw_diag_err(void);
FILE *rw_diag_out(void);
/* fork child: another thread may have held the lock. */
void rw_diag_after_fork(void);

#endif
