/*
 * tool.h - libraceway as an OMPT tool (runtime/ompt/tool.c).
 *
 * libomp calls ompt_start_tool (exported by libraceway) once, when it
 * initialises: a program that does not use OpenMP never reaches this
 * layer.  The tool registers the callbacks that carry synchronisation
 * (team.h, task.h, omplock.h) and nothing else.  None is registered
 * when the runtime is disabled (RACEWAY_ENABLED=0).
 */
#ifndef RW_TOOL_H
#define RW_TOOL_H

#include <omp-tools.h>

#include "common/export.h"

RW_EXPORT ompt_start_tool_result_t *ompt_start_tool(unsigned int omp_version,
                                                    const char *runtime_version);

#endif
