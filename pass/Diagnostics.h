//===- Diagnostics.h - warnings from RacewayPass --------------------------===//
#ifndef RACEWAY_PASS_DIAGNOSTICS_H
#define RACEWAY_PASS_DIAGNOSTICS_H

#include "llvm/ADT/Twine.h"
#include "llvm/IR/LLVMContext.h"

namespace raceway {

/// Reports Msg as a warning through the context's diagnostic handler
/// (clang prints "warning: <Msg>"; opt prints it to stderr).  Compilation
/// goes on.
void warn(llvm::LLVMContext &C, const llvm::Twine &Msg);

/// Reports Msg as an error: clang prints "error: <Msg>" and fails the
/// compilation.
void error(llvm::LLVMContext &C, const llvm::Twine &Msg);

} // namespace raceway

#endif // RACEWAY_PASS_DIAGNOSTICS_H
