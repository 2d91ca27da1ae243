//===- CheckedAccess.h - checked escapes: a run-time range check ----------===//
//
// -mllvm -raceway-escapes=checked covers what cloning (Escapes.h) cannot: a
// pointer into tracked state stored in memory and read back elsewhere (a
// job record on the heap), or passed to a function in another file.  The
// module
//  * registers, from a constructor, the tracked globals it defines: one
//    range per scalar member (at most MaxLeaves a global, else the whole
//    global as one range), each named by a site that names it as a direct
//    access would ("counter", "stats.hits", "grid[2]");
//  * checks every plain load and store it does not already track and
//    cannot prove untracked (SharedAccess.h's choice: not a non-escaping
//    local, a constant or thread-local global; nor a global this module
//    defines untracked), inline: one load of the filter byte of the
//    address's page and a branch; the hook call is in a cold block.
// raceway/abi.h describes the hooks; the runtime's registry also holds the
// locations of tracked accesses recorded anywhere (a heap object's
// annotated field) once a checked module has run.
//
// Atomics are not checked (their happens-before hooks run anyway), nor are
// aggregate loads and stores, memcpy and friends.
//
//===----------------------------------------------------------------------===//
#ifndef RACEWAY_PASS_CHECKEDACCESS_H
#define RACEWAY_PASS_CHECKEDACCESS_H

#include "FieldPath.h"
#include "RuntimeHooks.h"
#include "SharedAccess.h"
#include "SiteTable.h"
#include "TrackedState.h"

#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"

namespace raceway {

class CheckedAccesses {
public:
  /// Most ranges one global registers, one per scalar member (24 bytes of
  /// table and 48 of site each); past it, one range for the whole global.
  static const unsigned MaxLeaves = 256;

  CheckedAccesses(llvm::Module &M, TrackedState &TS, SiteTable &Sites,
                  RuntimeHooks &Hooks);

  /// True if I, a plain load or store at Ptr the module does not track,
  /// may touch tracked memory and so gets the check.
  bool wants(llvm::Instruction &I, llvm::Value *Ptr);
  /// Adds the inline check and the cold call after the load or before the
  /// store I.
  void instrument(llvm::Instruction &I);
  /// The constructor registering the tracked globals the module defines
  /// (an empty one still tells the runtime a checked module runs).
  void registerGlobals();
  /// Erases the filter's declaration if no check uses it; last.
  void dropUnused();

private:
  void leaves(llvm::Type *Ty, uint64_t Off,
              llvm::SmallVectorImpl<std::pair<uint64_t, uint64_t>> &Out);
  SiteDesc declSite(const TrackedEntity &E);

  llvm::Module &M;
  TrackedState &TS;
  SiteTable &Sites;
  RuntimeHooks &Hooks;
  SharedAccesses Shared;
  FieldPaths Paths;
  llvm::GlobalVariable *Filter;
};

} // namespace raceway

#endif // RACEWAY_PASS_CHECKEDACCESS_H
