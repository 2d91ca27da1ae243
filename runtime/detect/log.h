/*
 * log.h - where the race report goes (runtime/detect/log.c): RACEWAY_LOG,
 * and the per-process names of RACEWAY_LOG and RACEWAY_REPORT files.
 *
 * RACEWAY_LOG is "stderr" (the default), "stdout" or a file name; a file
 * gets the process id appended (PATH.<pid>, as sanitizers' log_path), or
 * put where the name says %p.  The file is created by its first line (a
 * run without anything to say creates none), line buffered, and a fork
 * child opens its own.  The text report, live races, the detector's notes
 * and the exit accounting line go there; configuration errors and
 * transport diagnostics stay on stderr.  stderr and stdout outlive the
 * program closing them (common/diag.h); a file's descriptor is checked
 * before each line (keptfd.h).
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

/* The report's stream (never NULL; a file that cannot be opened sends its
 * lines to stderr, said once).  Getting it writes nothing. */
FILE *rw_log_file(void);
/* At start and after raceway_init replaced the configuration: claim the
 * plain names of RACEWAY_REPORT and RACEWAY_OUTPUT for this process unless
 * an ancestor holds them (the *_OWNER variables). */
void rw_log_claim_names(void);
/* The file name for RACEWAY_REPORT's (or, always_pid, RACEWAY_LOG's)
 * value in this process: %p replaced, else NAME or NAME.<pid> (see
 * above).  0, or -1 when it does not fit in len. */
int rw_log_path(const char *value, int always_pid, char *buf, size_t len);
/* Take now what the report needs at exit, which the program may have
 * locked away by then (a sandbox: Landlock in xz) or closed: the copy of
 * stdout for RACEWAY_LOG=stdout (common/diag.h), and RACEWAY_REPORT's
 * file, created (or emptied) now; if it cannot be, said on stderr and
 * tried again at exit.  At start and after raceway_init (a file it created
 * for an old name and left empty is removed).  A fork child opens its
 * report at exit. */
void rw_log_take_files(void);
/* Write the JSON report to RACEWAY_REPORT's file (the one taken at start,
 * else opened now).  0; -1 said on stderr.  Nothing without RACEWAY_REPORT. */
int rw_log_write_report(const char *json);
/* fork child: the parent's log and report files are not ours (not closed
 * as streams: their buffers are empty, lines are flushed whole). */
void rw_log_after_fork(void);

#endif
