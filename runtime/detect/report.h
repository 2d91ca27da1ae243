/*
 * report.h - printing the races of the race table (runtime/detect/report.c):
 * the text report, the JSON report and race_detected event data.
 */
#ifndef RW_REPORT_H
#define RW_REPORT_H

#include <stdio.h>

#include "detect/racetab.h"

/* One race as the text report shows it (RACEWAY_REPORT_LIVE). */
void rw_report_print_race(FILE *f, const rw_race *r);
/* r as soon as it is found (RACEWAY_REPORT_LIVE): printed and marked, so
 * the exit report does not print it again. */
void rw_report_live(FILE *f, const rw_race *r);
/* The text report to f: the races not printed yet (a race printed when
 * found only gets a line with its count, if it was seen again) and the
 * summary line. */
void rw_report_print(FILE *f);
/* The shadow table's lines (unchecked and dropped accesses), if any. */
void rw_report_print_shadow(FILE *log);
/* For the debug exit line: "; shadow addresses: N live, peak P of C". */
void rw_report_describe_shadow(FILE *log);
/* The JSON report (malloc'd) or NULL. */
char *rw_report_json(void);
/* Write the JSON report to RACEWAY_REPORT's file (detect/log.h); an error
 * is one stderr line. */
void rw_report_write_json(void);
/* addr as "<module>+0x<offset>", "<symbol> (<module>+0x<offset>)" when
 * an exported symbol holds it; 0 when no loaded module holds it (heap,
 * stacks, anonymous mappings). */
int rw_report_module_offset(const void *addr, char *buf, size_t len);
/* The data of r's race_detected Custom event (malloc'd JSON) or NULL. */
char *rw_report_event_json(const rw_race *r);

#endif
