//===- SyncFunctions.h - library calls that synchronise threads -----------===//
#ifndef RACEWAY_PASS_SYNCFUNCTIONS_H
#define RACEWAY_PASS_SYNCFUNCTIONS_H

#include "llvm/ADT/StringRef.h"

namespace raceway {

/// True for the pthread, POSIX semaphore and C11 threads functions the
/// runtime intercepts; calls to them get a __raceway_callsite before them
/// so the interceptor can report the caller's source location.
bool isSyncFunction(llvm::StringRef Name);

} // namespace raceway

#endif // RACEWAY_PASS_SYNCFUNCTIONS_H
