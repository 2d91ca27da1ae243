//===- Escapes.cpp - specialise callees for pointers into tracked state ---===//

#include "Escapes.h"
#include "Compat.h"
#include "SyncFunctions.h"

#include "llvm/ADT/Statistic.h"
#include "llvm/Analysis/OptimizationRemarkEmitter.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/Support/Debug.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Transforms/Utils/Cloning.h"

#define DEBUG_TYPE "raceway"

using namespace llvm;

STATISTIC(NumClones, "Number of functions cloned for a tracked pointer argument");
STATISTIC(NumRetargeted, "Number of calls retargeted to such a clone");

namespace raceway {

static const char CloneInfix[] = ".raceway.";

EscapeCloner::EscapeCloner(Module &M, TrackedState &TS, unsigned MaxClones,
                           FunctionAnalysisManager &FAM)
    : TS(TS), Paths(TS, M.getDataLayout()), MaxClones(MaxClones),
      FAM(FAM) {}

StringRef EscapeCloner::sourceName(const Function &F) {
  StringRef Name = F.getName();
  size_t At = Name.rfind(CloneInfix);
  if (At == StringRef::npos)
    return Name;
  StringRef Num = Name.substr(At + sizeof(CloneInfix) - 1);
  unsigned N;
  return !Num.empty() && !Num.getAsInteger(10, N) ? Name.take_front(At) : Name;
}

Function *EscapeCloner::originalOf(Function *F) const {
  auto It = Clones.find(F);
  return It == Clones.end() ? F : It->second.first;
}

/// A definition whose calls the module decides: not one the linker may
/// replace (weak) or drop (available_externally), nor one whose blocks'
/// addresses are taken (a computed goto's table would still point into
/// the original).
bool EscapeCloner::eligible(const Function *F) const {
  return F && Eligible.count(F) && !F->isDeclaration() && !F->isInterposable() &&
         !F->hasAvailableExternallyLinkage() &&
         llvm::none_of(*F, [](const BasicBlock &BB) { return BB.hasAddressTaken(); });
}

/// The thread start routine and its argument, by position, of the
/// functions that create threads.
static bool threadStart(const Function *Callee, unsigned &Fn, unsigned &Arg) {
  if (!Callee || !Callee->isDeclaration())
    return false;
  StringRef N = Callee->getName();
  if (N == "pthread_create") {
    Fn = 2;
    Arg = 3;
    return true;
  }
  if (N == "thrd_create") {
    Fn = 1;
    Arg = 2;
    return true;
  }
  return false;
}

/// The function V is, through casts and a local slot that only ever holds
/// that one value (clang keeps a parameter in such a slot until SROA runs,
/// after the pass), or null.
static Function *functionIn(Value *V) {
  for (unsigned Step = 0; Step < 8; ++Step) {
    V = V->stripPointerCasts();
    if (auto *F = dyn_cast<Function>(V))
      return F;
    auto *LI = dyn_cast<LoadInst>(V);
    auto *AI = LI ? dyn_cast<AllocaInst>(LI->getPointerOperand()) : nullptr;
    if (!AI)
      return nullptr;
    Value *Stored = nullptr;
    for (User *U : AI->users()) {
      if (auto *SI = dyn_cast<StoreInst>(U)) {
        if (SI->getPointerOperand() != AI ||
            (Stored && Stored != SI->getValueOperand()))
          return nullptr;
        Stored = SI->getValueOperand();
      } else if (auto *II = dyn_cast<IntrinsicInst>(U)) {
        if (!II->isLifetimeStartOrEnd() && !isa<DbgInfoIntrinsic>(II))
          return nullptr;
      } else if (!isa<LoadInst>(U)) {
        return nullptr;
      }
    }
    if (!Stored)
      return nullptr;
    V = Stored;
  }
  return nullptr;
}

bool EscapeCloner::target(CallBase &CB, Target &T) const {
  if (isa<IntrinsicInst>(CB))
    return false;
  Function *Called = CB.getCalledFunction();
  if (!Called) // A function pointer a clone's parameter became.
    Called = functionIn(CB.getCalledOperand());
  unsigned FnOp, ArgOp;
  if (threadStart(Called, FnOp, ArgOp)) {
    if (CB.arg_size() <= ArgOp)
      return false;
    Function *Start = functionIn(CB.getArgOperand(FnOp));
    if (!eligible(Start) && !Clones.count(Start))
      return false;
    if (Start->arg_size() < 1 || !Start->getArg(0)->getType()->isPointerTy())
      return false;
    T.Callee = Start;
    T.Operand = int(FnOp);
    T.ArgToParam.push_back({ArgOp, 0});
    return true;
  }
  if (!Called || (!eligible(Called) && !Clones.count(Called)) ||
      CB.getFunctionType() != Called->getFunctionType())
    return false;
  T.Callee = Called;
  for (unsigned I = 0, E = Called->arg_size(); I < E; ++I)
    if (CB.getArgOperand(I)->getType()->isPointerTy())
      T.ArgToParam.push_back({I, I});
  return !T.ArgToParam.empty();
}

/// O with its anchor kept only where it changes the name (FieldPaths
/// names a pointer that left its function from the anchor's route), and
/// Key, which tells apart the origins that name accesses differently.
Origin EscapeCloner::canonical(const Origin &O, std::string &Key) {
  Origin C = O;
  raw_string_ostream OS(Key);
  OS << static_cast<const void *>(O.Entity) << '+' << O.Offset;
  FieldPaths::Route R;
  if (!O.Annot || O.Offset < 0 || !Paths.route(O.Annot, R) || !R.Vars.empty()) {
    C.Annot = nullptr;
    return C;
  }
  OS << '@' << static_cast<const void *>(dyn_cast<GlobalVariable>(R.Root)) << ':'
     << static_cast<const void *>(R.ObjTy) << '+' << R.Const;
  return C;
}

void EscapeCloner::run(SmallVectorImpl<Function *> &Functions) {
  for (Function *F : Functions)
    Eligible.insert(F);
  Worklist.assign(Functions.begin(), Functions.end());
  // Clones are appended as they are made, so they are scanned too.
  for (size_t I = 0; I < Worklist.size(); ++I)
    scan(*Worklist[I]);
  for (Function *F : Worklist)
    if (Clones.count(F))
      Functions.push_back(F);
}

/// A call to a function of another file that may access what its
/// pointer arguments point to (not the runtime's API, not a sync function,
/// whose arguments are locks and threads).
static bool leavesModule(const CallBase &CB) {
  const Function *Callee = CB.getCalledFunction();
  if (!Callee || !Callee->isDeclaration() || Callee->isIntrinsic())
    return false;
  StringRef N = Callee->getName();
  return !startsWith(N, "raceway_") && !startsWith(N, "__raceway") &&
         !isSyncFunction(N);
}

void EscapeCloner::scan(Function &F) {
  SmallVector<std::pair<CallBase *, Target>, 8> Calls;
  SmallVector<CallBase *, 8> Outside;
  for (Instruction &I : instructions(F))
    if (auto *CB = dyn_cast<CallBase>(&I)) {
      Target T;
      if (target(*CB, T))
        Calls.push_back({CB, std::move(T)});
      else if (leavesModule(*CB))
        Outside.push_back(CB);
    }
  if (Calls.empty() && Outside.empty())
    return; // No origins to compute: the common case costs one walk.
  PointerOrigins PO(F, TS, &Seeds);
  for (auto &[CB, T] : Calls)
    visitCall(*CB, T, PO);
  for (CallBase *CB : Outside)
    remarkOutside(*CB, PO);
}

/// The position a C programmer counts (from 1) of \p F's IR argument \p I:
/// a hidden struct-return pointer comes first in the IR and is not counted.
static unsigned sourcePosition(const Function *F, unsigned I) {
  bool SRet = F && !F->arg_empty() && F->hasParamAttribute(0, Attribute::StructRet);
  return SRet && I > 0 ? I : I + 1;
}

/// Says (-Rpass-missed=raceway) which tracked pointers leave for code the
/// pass does not see.
void EscapeCloner::remarkOutside(CallBase &CB, PointerOrigins &PO) {
  for (unsigned I = 0, E = CB.arg_size(); I < E; ++I) {
    if (!CB.getArgOperand(I)->getType()->isPointerTy())
      continue;
    Origin O = PO.of(CB.getArgOperand(I));
    if (!O.Entity)
      continue;
    std::string Text;
    raw_string_ostream(Text) << O;
    auto &ORE = FAM.getResult<OptimizationRemarkEmitterAnalysis>(*CB.getFunction());
    ORE.emit([&] {
      return OptimizationRemarkMissed(DEBUG_TYPE, "EscapesModule", &CB)
             << "argument " << ore::NV("Arg", sourcePosition(CB.getCalledFunction(), I))
             << " points into "
             << ore::NV("Origin", Text) << " and "
             << ore::NV("Callee", CB.getCalledFunction())
             << " is not defined in this file: its accesses through it are "
                "not tracked";
    });
  }
}

void EscapeCloner::visitCall(CallBase &CB, const Target &T, PointerOrigins &PO) {
  Function *Orig = originalOf(T.Callee);
  SeedList S;
  auto It = Clones.find(T.Callee);
  if (It != Clones.end())
    S = It->second.second; // Still true: seeds only add origins.
  auto Seeded = [&](unsigned ParamNo) {
    return llvm::any_of(S, [&](const Seed &X) { return X.ParamNo == ParamNo; });
  };
  size_t Inherited = S.size();
  for (const std::pair<unsigned, unsigned> &AP : T.ArgToParam) {
    if (Orig->getArg(AP.second)->use_empty() || Seeded(AP.second))
      continue;
    Origin O = PO.of(CB.getArgOperand(AP.first));
    if (O.Entity)
      S.push_back({AP.second, O, nullptr});
  }
  if (S.empty())
    return;
  // With a tracked pointer, the functions passed beside it too (a
  // callback, a thread start routine a wrapper passes on): in the clone
  // the calls through that parameter are direct, so they are followed.
  for (const std::pair<unsigned, unsigned> &AP : T.ArgToParam) {
    Function *Fn = functionIn(CB.getArgOperand(AP.first));
    if (Fn && (eligible(Fn) || Clones.count(Fn)) &&
        !Orig->getArg(AP.second)->use_empty() && !Seeded(AP.second))
      S.push_back({AP.second, Origin(), Fn});
  }
  if (S.size() == Inherited)
    return;
  llvm::sort(S, [](const Seed &A, const Seed &B) { return A.ParamNo < B.ParamNo; });
  std::string Key = Orig->getName().str();
  for (Seed &X : S) {
    Key += '/' + std::to_string(X.ParamNo) + '=';
    if (X.Fn)
      Key += "fn:" + X.Fn->getName().str();
    else
      X.O = canonical(X.O, Key);
  }
  Function *Clone = cloneFor(CB, Orig, S, Key);
  if (!Clone)
    return;
  if (T.Operand < 0) {
    CB.setCalledFunction(Clone);
  } else {
    Value *Old = CB.getArgOperand(unsigned(T.Operand));
    CB.setArgOperand(unsigned(T.Operand),
                     ConstantExpr::getPointerBitCastOrAddrSpaceCast(Clone, Old->getType()));
  }
  ++NumRetargeted;
}

/// "parameter 2 points into counter, parameter 1 is worker" (counted from 1,
/// as in the source).
std::string EscapeCloner::describe(const Function *F, const SeedList &S) {
  std::string Text;
  raw_string_ostream OS(Text);
  for (const Seed &X : S) {
    OS << (Text.empty() ? "parameter " : ", parameter ") << sourcePosition(F, X.ParamNo);
    if (X.Fn)
      OS << " is " << X.Fn->getName();
    else
      OS << " points into " << X.O;
  }
  return Text;
}

Function *EscapeCloner::cloneFor(CallBase &CB, Function *Orig,
                                 const SeedList &S, const std::string &Key) {
  auto Found = ByKey.find(Key);
  if (Found != ByKey.end())
    return Found->second;
  auto &ORE = FAM.getResult<OptimizationRemarkEmitterAnalysis>(*CB.getFunction());
  if (ByKey.size() >= MaxClones) {
    ORE.emit([&] {
      return OptimizationRemarkMissed(DEBUG_TYPE, "CloneLimit", &CB)
             << "call to " << ore::NV("Callee", Orig) << " not specialised ("
             << describe(Orig, S) << "): the limit of "
             << ore::NV("Limit", MaxClones)
             << " clones (-raceway-max-clones) is reached; accesses through "
                "it there are not tracked";
    });
    return nullptr;
  }
  ValueToValueMapTy VMap;
  Function *Clone = CloneFunction(Orig, VMap);
  Clone->setName(Orig->getName() + CloneInfix + Twine(ByKey.size() + 1));
  Clone->setLinkage(GlobalValue::InternalLinkage);
  Clone->setVisibility(GlobalValue::DefaultVisibility);
  Clone->setDLLStorageClass(GlobalValue::DefaultStorageClass);
  Clone->setComdat(nullptr);
  for (const Seed &X : S) {
    Argument *A = Clone->getArg(X.ParamNo);
    if (X.Fn)
      A->replaceAllUsesWith(
          ConstantExpr::getPointerBitCastOrAddrSpaceCast(X.Fn, A->getType()));
    else
      Seeds[A] = X.O;
  }
  Clones[Clone] = {Orig, S};
  ByKey[Key] = Clone;
  Worklist.push_back(Clone);
  ++NumClones;
  LLVM_DEBUG(dbgs() << "raceway: " << Clone->getName() << ": "
                    << describe(Orig, S) << '\n');
  ORE.emit([&] {
    return OptimizationRemark(DEBUG_TYPE, "Cloned", &CB)
           << "call to " << ore::NV("Callee", Orig) << " specialised as "
           << ore::NV("Clone", Clone) << " (" << describe(Orig, S) << ")";
  });
  return Clone;
}

} // namespace raceway
