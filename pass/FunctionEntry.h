//===- FunctionEntry.h - opt-in function entry/exit events ----------------===//
//
// Functions annotated "raceway" or named by -raceway-functions=<globs> call
// __raceway_func_entry with their scalar arguments on entry and
// __raceway_func_exit on every way out (returns, and unwinding in C++).
//
//===----------------------------------------------------------------------===//
#ifndef RACEWAY_PASS_FUNCTIONENTRY_H
#define RACEWAY_PASS_FUNCTIONENTRY_H

#include "RuntimeHooks.h"
#include "SiteTable.h"
#include "TrackedState.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/IR/Function.h"
#include "llvm/Support/GlobPattern.h"
#include <vector>

namespace raceway {

class FunctionSelector {
public:
  /// Globs is a comma-separated list; a bad glob is reported once through
  /// the diagnostics of M's context and ignored.
  FunctionSelector(llvm::Module &M, llvm::StringRef Globs);
  bool selects(const llvm::Function &F, const TrackedState &TS) const;

private:
  std::vector<llvm::GlobPattern> Patterns;
};

/// Adds the entry call and the exit calls to F, unless F has a musttail
/// call (no room for an exit call between it and its return).
void instrumentFunctionEntry(llvm::Function &F, SiteTable &Sites,
                             const RuntimeHooks &Hooks);

} // namespace raceway

#endif // RACEWAY_PASS_FUNCTIONENTRY_H
