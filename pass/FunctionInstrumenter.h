//===- FunctionInstrumenter.h - the runtime calls of one function ---------===//
//
// Finds, in one function, the loads and stores whose pointer points into
// tracked state (PointerOrigin), the copies whose range holds tracked
// state (CopyAccess: llvm.memcpy/memmove/memset with a constant length,
// aggregate loads and stores), the atomics, the fences and the calls to
// synchronisation functions, and gives each a constant site record
// (SiteTable) and a call to the runtime (RuntimeHooks).  A copy gets a
// write per tracked location of its destination before it, and a read per
// tracked location of its source after it.
//
// Single-thread-scope atomics (syncscope("singlethread"): atomic_signal_fence,
// __scoped_atomic_*(..., __MEMORY_SCOPE_SINGLE)) order nothing between
// threads, so, as in ThreadSanitizer, they are not synchronisation: such a
// fence is not instrumented; a load or store of tracked state is reported as
// a plain read or write; an atomicrmw or cmpxchg of tracked state as a
// relaxed atomic; on untracked memory none is instrumented.
//
//===----------------------------------------------------------------------===//
#ifndef RACEWAY_PASS_FUNCTIONINSTRUMENTER_H
#define RACEWAY_PASS_FUNCTIONINSTRUMENTER_H

#include "CheckedAccess.h"
#include "CompoundAccess.h"
#include "CopyAccess.h"
#include "FieldPath.h"
#include "PointerOrigin.h"
#include "RacewayPass.h"
#include "RuntimeHooks.h"
#include "SharedAccess.h"
#include "SiteTable.h"
#include "TrackedState.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"

namespace raceway {

class FunctionInstrumenter {
public:
  /// Shared: whole-file mode's chooser (SharedAccess.h), else null;
  /// Checked: checked escapes (CheckedAccess.h), else null.
  FunctionInstrumenter(llvm::Function &F, TrackedState &TS, SiteTable &Sites,
                       const RuntimeHooks &Hooks, const RacewayOptions &Opts,
                       const ArgumentOrigins *Seeds = nullptr,
                       SharedAccesses *Shared = nullptr,
                       CheckedAccesses *Checked = nullptr);

  /// Instruments F; returns the number of accesses to tracked state.
  /// Collects first, then rewrites, so that the calls it inserts are never
  /// themselves visited.
  unsigned run();

private:
  /// An atomic instruction; O.Entity == null for untracked memory.
  struct AtomicAccess {
    llvm::Instruction *I;
    Origin O;
    bool SingleThread; ///< syncscope("singlethread"): reported as relaxed.
  };

  /// A copy: memcpy/memmove (Transfer), memset (Set), aggregate load or
  /// store; Writes are at Dst, Reads at Src.
  struct CopyAccess {
    enum KindTy { Transfer, Set, AggLoad, AggStore } Kind;
    llvm::Instruction *I;
    llvm::Value *Dst = nullptr;
    llvm::Value *Src = nullptr;
    llvm::SmallVector<CopyLeaf, 4> Writes, Reads;
  };

  void collect();
  void collectMemIntrinsic(llvm::MemIntrinsic &MI);
  bool collectAggregate(llvm::Instruction &I, llvm::Value *Ptr, llvm::Type *Ty);
  SiteDesc copySite(llvm::Instruction *I, const CopyLeaf &L,
                    llvm::Type *ValueTy, uint8_t Access);
  void copyHook(llvm::IRBuilder<> &B, llvm::Instruction *I, const CopyLeaf &L,
                llvm::Value *Base, llvm::Value *Val, uint8_t Access);
  void instrumentCopy(CopyAccess &C);
  void collectAccess(llvm::Instruction &I, llvm::Value *Ptr);
  void collectFence(llvm::FenceInst &FI);
  void collectCall(llvm::CallBase &CB);
  SiteDesc baseSite(llvm::Instruction *I, const Origin &O, llvm::Type *ValueTy,
                    bool IRSaysBool, bool &IsBitField, AccessName &Name);
  /// The site of D named by Name: a constant, or the element's site picked
  /// at B from Name's run-time index.
  llvm::Value *siteValue(llvm::IRBuilder<> &B, const SiteDesc &D,
                         const AccessName &Name);
  void instrumentPlain(PlainAccess &A);
  void instrumentAtomic(AtomicAccess &A);
  void instrumentCmpXchg(llvm::AtomicCmpXchgInst *CX, SiteDesc D,
                         const AccessName &Name, bool SingleThread);
  void instrumentFence(llvm::FenceInst *FI);
  void instrumentCallsite(llvm::CallBase *CB, llvm::StringRef Callee);

  llvm::Function &F;
  const llvm::DataLayout &DL;
  SiteTable &Sites;
  const RuntimeHooks &Hooks;
  const RacewayOptions &Opts;
  SharedAccesses *Shared;
  CheckedAccesses *Checked;
  PointerOrigins Origins;
  FieldPaths Paths;
  CopyLeaves Leaves;

  llvm::SmallVector<PlainAccess, 16> Plain; ///< In instruction order.
  llvm::SmallVector<CopyAccess, 4> Copies;
  llvm::SmallVector<AtomicAccess, 8> Atomics;
  llvm::SmallVector<llvm::FenceInst *, 4> Fences;
  llvm::SmallVector<llvm::Instruction *, 16> Unproven; ///< Checked escapes.
  llvm::SmallVector<std::pair<llvm::CallBase *, llvm::StringRef>, 8> SyncCalls;
};

} // namespace raceway

#endif // RACEWAY_PASS_FUNCTIONINSTRUMENTER_H
