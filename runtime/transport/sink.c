/*
 * sink.c - the choice of sink, and the shutdown deadline sinks honour.
 */
#include "transport/sink.h"

_Atomic uint64_t rw_sink_deadline_ns;

rw_sink *rw_sink_open(const rw_config *cfg, int truncate) {
  if (cfg->pub.output_path)
    return rw_sink_file_open(cfg->pub.output_path, truncate);
  return rw_sink_http_open(cfg);
}
