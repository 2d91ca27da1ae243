//===- Compat.h - LLVM 15..22 API differences used by RacewayPass ---------===//
//
// Every LLVM_VERSION_MAJOR test in the pass lives here, so the rest of the
// code reads as if there were one LLVM.  The one exception is in
// Plugin.cpp: where PassPlugin.h is (llvm/Plugins/ from LLVM 22 on).
//
//===----------------------------------------------------------------------===//
#ifndef RACEWAY_PASS_COMPAT_H
#define RACEWAY_PASS_COMPAT_H

#include "llvm/Analysis/CaptureTracking.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/Instruction.h"
#include "llvm/IR/IntrinsicInst.h"
#if LLVM_VERSION_MAJOR >= 19
#include "llvm/IR/DebugProgramInstruction.h"
#endif
#if LLVM_VERSION_MAJOR >= 16
#include "llvm/Support/ModRef.h"
#endif

namespace raceway {

/// StringRef::starts_with/ends_with arrived in LLVM 16 (startswith, the
/// older spelling, is gone in LLVM 19).
inline bool startsWith(llvm::StringRef S, llvm::StringRef Prefix) {
  return S.substr(0, Prefix.size()) == Prefix;
}
inline bool endsWith(llvm::StringRef S, llvm::StringRef Suffix) {
  return S.size() >= Suffix.size() && S.substr(S.size() - Suffix.size()) == Suffix;
}

/// The C string a constant pointer refers to (annotation strings).
inline bool constantString(const llvm::Value *V, llvm::StringRef &Out) {
#if LLVM_VERSION_MAJOR >= 16
  return llvm::getConstantStringInfo(V->stripPointerCasts(), Out);
#else
  return llvm::getConstantStringInfo(V->stripPointerCasts(), Out, 0);
#endif
}

/// Hooks that read their pointer arguments and keep state the program
/// cannot see: untracked code around them keeps its optimisations.
inline void setReadsArgsAndRuntimeState(llvm::Function &F, bool ReadsArgs) {
#if LLVM_VERSION_MAJOR >= 16
  llvm::MemoryEffects ME =
      llvm::MemoryEffects::inaccessibleMemOnly(llvm::ModRefInfo::ModRef);
  if (ReadsArgs)
    ME |= llvm::MemoryEffects::argMemOnly(llvm::ModRefInfo::Ref);
  F.setMemoryEffects(ME);
#else
  // LLVM 15 cannot say "reads args" and "writes inaccessible" at once.
  F.addFnAttr(ReadsArgs ? llvm::Attribute::InaccessibleMemOrArgMemOnly
                        : llvm::Attribute::InaccessibleMemOnly);
#endif
}

/// Calls F(DILocalVariable *) for every variable described by debug
/// intrinsics or (LLVM 19+) debug records attached to I.
template <typename Fn> void forEachDebugVariable(llvm::Instruction &I, Fn F) {
  if (auto *DVI = llvm::dyn_cast<llvm::DbgVariableIntrinsic>(&I))
    F(DVI->getVariable());
#if LLVM_VERSION_MAJOR >= 19
  for (llvm::DbgVariableRecord &DVR :
       llvm::filterDbgVars(I.getDbgRecordRange()))
    F(DVR.getVariable());
#endif
}

/// Calls F(Value *Address, DILocalVariable *, DIExpression *) for each
/// variable whose stack slot I declares: dbg.declare, and dbg.assign
/// (clang's assignment tracking, on from -O1 with -g, turns declares into
/// assigns before the pass runs), as intrinsics or (LLVM 19+) records
/// attached to I.
template <typename Fn> void forEachDebugDeclareExpr(llvm::Instruction &I, Fn F) {
  if (auto *DDI = llvm::dyn_cast<llvm::DbgDeclareInst>(&I))
    F(DDI->getAddress(), DDI->getVariable(), DDI->getExpression());
#if LLVM_VERSION_MAJOR >= 16
  if (auto *DAI = llvm::dyn_cast<llvm::DbgAssignIntrinsic>(&I))
    F(DAI->getAddress(), DAI->getVariable(), DAI->getAddressExpression());
#endif
#if LLVM_VERSION_MAJOR >= 19
  for (llvm::DbgVariableRecord &DVR :
       llvm::filterDbgVars(I.getDbgRecordRange()))
    if (DVR.isDbgDeclare() || DVR.isDbgAssign())
      F(DVR.getAddress(), DVR.getVariable(),
        DVR.isDbgAssign() ? DVR.getAddressExpression() : DVR.getExpression());
#endif
}

/// forEachDebugDeclareExpr without the expression: F(Address, Variable).
template <typename Fn> void forEachDebugDeclare(llvm::Instruction &I, Fn F) {
  forEachDebugDeclareExpr(
      I, [&](llvm::Value *A, llvm::DILocalVariable *V, llvm::DIExpression *) {
        F(A, V);
      });
}

/// True if V (a stack object) may be captured, returned or stored included
/// (LLVM 21 dropped the StoreCaptures argument: a store always captures).
inline bool mayBeCaptured(const llvm::Value *V) {
#if LLVM_VERSION_MAJOR >= 21
  return llvm::PointerMayBeCaptured(V, /*ReturnCaptures=*/true);
#else
  return llvm::PointerMayBeCaptured(V, /*ReturnCaptures=*/true,
                                    /*StoreCaptures=*/true);
#endif
}

} // namespace raceway

#endif // RACEWAY_PASS_COMPAT_H
