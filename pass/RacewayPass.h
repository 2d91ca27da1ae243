//===- RacewayPass.h - instrument accesses to tracked state ---------------===//
//
// Module pass "raceway".  In a module with tracked state (see
// TrackedState.h) it makes every load and store of that state call the
// runtime (raceway/abi.h), instruments the atomics and fences that order
// threads (not single-thread/signal ones) for happens-before and marks
// calls to synchronisation functions with their source location
// (FunctionInstrumenter), and adds opt-in function entry/exit events
// (FunctionEntry).  With -raceway-track=all (whole-file mode) every access
// that may touch shared memory counts as tracked (SharedAccess.h); with
// -raceway-escapes=checked every other access that may touch tracked
// memory gets a run-time range check (CheckedAccess.h).  A
// module with no tracked state, no atomic or fence
// that orders threads and no selected function is left unchanged; one with
// atomics or fences but no tracked state gets its atomics, fences and sync
// calls instrumented (a spinlock in its own file still orders threads).
//
// Callees that receive pointers into tracked state are specialised first
// (Escapes.h).
//
// It runs at the start of the pipeline, before the optimiser can merge,
// hoist or delete the accesses the programmer wrote.
//
//===----------------------------------------------------------------------===//
#ifndef RACEWAY_PASS_RACEWAYPASS_H
#define RACEWAY_PASS_RACEWAYPASS_H

#include "llvm/IR/PassManager.h"
#include <string>
#include <vector>

namespace raceway {

/// Command-line options, created by registerOptions() rather than by static
/// constructors, so that a plugin loaded into the wrong LLVM runs no LLVM
/// code before its version check (Plugin.cpp).
struct RacewayOptions {
  std::string Functions;    ///< -raceway-functions=<glob,...>
  bool UntrackedAtomics;    ///< -raceway-untracked-atomics
  bool Callsites;           ///< -raceway-callsites
  std::vector<std::string> Tracklists; ///< -raceway-tracklist=<file>, each
  unsigned MaxClones;       ///< -raceway-max-clones
  bool TrackAll;            ///< -raceway-track=all: whole-file mode
  bool Checked;             ///< -raceway-escapes=checked
};
void registerOptions();
RacewayOptions currentOptions();

class RacewayPass : public llvm::PassInfoMixin<RacewayPass> {
public:
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &MAM);
  // clang marks every function optnone at -O0; instrumentation must run.
  static bool isRequired() { return true; }
};

} // namespace raceway

#endif // RACEWAY_PASS_RACEWAYPASS_H
