//===- FunctionEntry.cpp - opt-in function entry/exit events --------------===//

#include "FunctionEntry.h"
#include "Compat.h"
#include "Diagnostics.h"
#include "Escapes.h"
#include "ValueBits.h"
#include "raceway/abi.h"

#include "llvm/ADT/Statistic.h"
#include "llvm/Demangle/Demangle.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/Support/Debug.h"
#include "llvm/Support/Path.h"
#include "llvm/Transforms/Utils/EscapeEnumerator.h"

#define DEBUG_TYPE "raceway"

using namespace llvm;

STATISTIC(NumFunctionsWithEntry, "Number of functions with entry/exit events");

namespace raceway {

FunctionSelector::FunctionSelector(Module &M, StringRef Globs) {
  SmallVector<StringRef, 4> Parts;
  Globs.split(Parts, ',', -1, /*KeepEmpty=*/false);
  for (StringRef Part : Parts) {
    Part = Part.trim();
    Expected<GlobPattern> P = GlobPattern::create(Part);
    if (!P) {
      std::string Msg = "ignoring bad -raceway-functions pattern \"" +
                        Part.str() + "\": " + toString(P.takeError());
      warn(M.getContext(), Msg);
      continue;
    }
    Patterns.push_back(std::move(*P));
  }
}

bool FunctionSelector::selects(const Function &F,
                               const TrackedState &TS) const {
  if (F.isDeclaration())
    return false;
  if (TS.isAnnotatedFunction(&F))
    return true;
  if (Patterns.empty())
    return false;
  std::string Demangled = demangle(F.getName().str());
  for (const GlobPattern &P : Patterns)
    if (P.match(F.getName()) || P.match(Demangled))
      return true;
  return false;
}

/// Names of F's arguments from debug info, indexed by argument number.
static std::vector<std::optional<std::string>> argNames(Function &F) {
  std::vector<std::optional<std::string>> Names(F.arg_size());
  for (Instruction &I : instructions(F))
    forEachDebugVariable(I, [&](DILocalVariable *V) {
      if (V && V->getArg() > 0 && V->getArg() <= Names.size() &&
          V->getScope() == F.getSubprogram())
        Names[V->getArg() - 1] = V->getName().str();
    });
  return Names;
}

/// Declared type of argument I (debug info), or null.
static const DIType *argType(const Function &F, unsigned I) {
  const DISubprogram *SP = F.getSubprogram();
  if (!SP || !SP->getType())
    return nullptr;
  DITypeRefArray Types = SP->getType()->getTypeArray();
  // Element 0 is the return type.  Member functions start with `this`,
  // which matches the IR argument list, so no adjustment is needed.
  if (I + 1 >= Types.size())
    return nullptr;
  return Types[I + 1];
}

/// A musttail call must be followed directly by its ret: no room for an
/// exit hook, so such functions get no entry/exit events.
static bool hasMustTailCall(Function &F) {
  for (Instruction &I : instructions(F))
    if (auto *CI = dyn_cast<CallInst>(&I))
      if (CI->isMustTailCall())
        return true;
  return false;
}

void instrumentFunctionEntry(Function &F, SiteTable &Sites,
                             const RuntimeHooks &Hooks) {
  if (hasMustTailCall(F)) {
    LLVM_DEBUG(dbgs() << "raceway: " << F.getName()
                      << ": no entry/exit events, musttail call\n");
    return;
  }
  LLVM_DEBUG(dbgs() << "raceway: " << F.getName() << ": entry/exit events\n");
  Module &M = *F.getParent();
  FuncSiteDesc D;
  D.Name = demangle(EscapeCloner::sourceName(F).str());
  D.ModuleName = sys::path::stem(M.getSourceFileName()).str();
  D.File = M.getSourceFileName();
  if (const DISubprogram *SP = F.getSubprogram()) {
    D.File = SP->getFilename().str();
    D.Line = SP->getLine();
  }
  // Only scalar arguments are recorded; aggregates passed by value are not.
  std::vector<std::optional<std::string>> AllNames = argNames(F);
  SmallVector<Argument *, 8> Recorded;
  for (Argument &A : F.args()) {
    uint8_t Kind = valueKind(A.getType(), argType(F, A.getArgNo()));
    if (Kind == RACEWAY_VALUE_NONE || A.hasByValAttr())
      continue;
    Recorded.push_back(&A);
    D.ArgKinds.push_back(Kind);
    D.ArgNames.push_back(AllNames[A.getArgNo()]);
  }
  GlobalVariable *Site = Sites.funcSite(D);

  BasicBlock &Entry = F.getEntryBlock();
  IRBuilder<> B(&Entry, Entry.getFirstInsertionPt());
  if (DISubprogram *SP = F.getSubprogram())
    B.SetCurrentDebugLocation(
        DILocation::get(F.getContext(), SP->getScopeLine(), 0, SP));
  Value *Args = ConstantPointerNull::get(PointerType::get(F.getContext(), 0));
  if (!Recorded.empty()) {
    ArrayType *ArrTy = ArrayType::get(B.getInt64Ty(), Recorded.size());
    AllocaInst *Arr = B.CreateAlloca(ArrTy, nullptr, "raceway.args");
    for (size_t I = 0; I < Recorded.size(); ++I) {
      Value *Slot = B.CreateConstInBoundsGEP2_32(ArrTy, Arr, 0, I);
      B.CreateStore(argBits(B, Recorded[I], D.ArgKinds[I]), Slot);
    }
    Args = Arr;
  }
  RuntimeHooks::call(B, Hooks.FuncEntry, {Site, Args});

  // Returns and resumes; in C++ also calls that may unwind.  Each exit call
  // has the location of the return (or resume) it precedes; one in a
  // cleanup block the enumerator made gets line 0 (RuntimeHooks::call).
  EscapeEnumerator EE(F, "raceway_cleanup", /*HandleExceptions=*/true);
  while (IRBuilder<> *Exit = EE.Next()) {
    assert(Exit->GetInsertBlock()->getParent() == &F &&
           "exit calls go into the function being instrumented");
    RuntimeHooks::call(*Exit, Hooks.FuncExit, {Site});
  }
  ++NumFunctionsWithEntry;
}

} // namespace raceway
