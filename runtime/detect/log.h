/*
 * log.h - where the race report goes (runtime/detect/log.c): RACEWAY_LOG,
 * and the per-process names of RACEWAY_LOG and RACEWAY_REPORT files.
 *
 * RACEWAY_LOG is "stderr" (the default), "stdout" or a file name; a file
 * gets the process id appended (PATH.<pid>, as sanitizers' log_path), or
 * put where the name says %p.  The file is created on first use (a run
 * without anything to say creates none), line buffered, and a fork child
 * opens its own.  The text report, live races, the detector's notes and
 * the exit accounting line go there; configuration errors and transport
 * diagnostics stay on stderr.
 *
 * RACEWAY_REPORT (and RACEWAY_OUTPUT, transport/sink_file.c) with %p:
 * every %p becomes the process id.  Without: the process that started the
 * run keeps the plain name; a fork child and any process it started (with
 * the same value in its environment) write NAME.<pid> instead, so nothing
 * clobbers anything.  "Started the run" is told by an environment variable
 * the first process sets, RACEWAY_<X>_OWNER=<pid>:<value>, which its
 * children inherit.
 */
#ifndef RW_LOG_H
#define RW_LOG_H

#include <stddef.h>
#include <stdio.h>

/* The report's stream (never NULL: stderr when the file cannot be opened,
 * said once). */
FILE *rw_log_file(void);
/* At start and after raceway_init replaced the configuration: claim the
 * plain names of RACEWAY_REPORT and RACEWAY_OUTPUT for this process unless
 * an ancestor holds them (the *_OWNER variables). */
void rw_log_claim_names(void);
/* The file name for RACEWAY_REPORT's (or, always_pid, RACEWAY_LOG's)
 * value in this process: %p replaced, else NAME or NAME.<pid> (see
 * above).  0, or -1 when it does not fit in len. */
int rw_log_path(const char *value, int always_pid, char *buf, size_t len);
/* fork child: the parent's log file is not ours (not closed: its buffer is
 * empty, lines are flushed whole). */
void rw_log_after_fork(void);

#endif
