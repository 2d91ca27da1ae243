//===- SharedAccess.cpp - whole-file mode: the accesses that may be shared ===//

#include "SharedAccess.h"
#include "Compat.h"

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/BinaryFormat/Dwarf.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/Demangle/Demangle.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/Debug.h"

#define DEBUG_TYPE "raceway"

using namespace llvm;

STATISTIC(NumShared, "Whole-file mode: accesses that may be shared");
STATISTIC(NumLocal, "Whole-file mode: accesses to non-escaping locals skipped");
STATISTIC(NumConstant, "Whole-file mode: accesses to constant or thread-local "
                       "data skipped");
STATISTIC(NumRedundant, "Whole-file mode: reads dropped before a write of the "
                        "same address in their block");

namespace raceway {

SharedAccesses::SharedAccesses(Module &M, TrackedState &TS)
    : Paths(TS, M.getDataLayout()) {}

/// A load of a vtable pointer (TBAA says so): the vtable is constant.
static bool isVtableLoad(const Instruction &I) {
  if (!isa<LoadInst>(I))
    return false;
  if (MDNode *Tag = I.getMetadata(LLVMContext::MD_tbaa))
    return Tag->isTBAAVtableAccess();
  return false;
}

/// Globals the compiler or a tool made, never the program's shared state.
static bool isToolGlobal(const GlobalVariable &GV) {
  StringRef N = GV.getName();
  return startsWith(N, "llvm.") || startsWith(N, "__llvm_gcov") ||
         startsWith(N, "__llvm_prf") || startsWith(N, "__profc_") ||
         startsWith(N, "__raceway_") || GV.getSection() == "llvm.metadata";
}

bool SharedAccesses::escapes(const AllocaInst *AI) {
  auto It = Escapes.find(AI);
  if (It != Escapes.end())
    return It->second;
  bool E = mayBeCaptured(AI);
  Escapes[AI] = E;
  return E;
}

bool SharedAccesses::mayBeShared(const Instruction &I, const Value *Obj) {
  if (isVtableLoad(I) || I.hasMetadata(LLVMContext::MD_invariant_load)) {
    ++NumConstant;
    return false;
  }
  if (auto *AI = dyn_cast<AllocaInst>(Obj)) {
    if (escapes(AI))
      return true;
    ++NumLocal;
    return false;
  }
  // A thread-local reached through llvm.threadlocal.address.
  const GlobalVariable *GV = dyn_cast<GlobalVariable>(Obj);
  if (auto *II = dyn_cast<IntrinsicInst>(Obj))
    if (II->arg_size() == 1)
      if (auto *TLS = dyn_cast<GlobalVariable>(
              II->getArgOperand(0)->stripPointerCasts()))
        if (TLS->isThreadLocal())
          GV = TLS;
  if (GV && (GV->isConstant() || GV->isThreadLocal() || isToolGlobal(*GV))) {
    ++NumConstant;
    return false;
  }
  return true;
}

/// True if E says the variable is at *(address + Off): [DW_OP_deref] or
/// [DW_OP_plus_uconst Off, DW_OP_deref].
static bool derefAt(const DIExpression *E, uint64_t &Off) {
  if (!E)
    return false;
  if (E->getNumElements() == 1 && E->getElement(0) == dwarf::DW_OP_deref) {
    Off = 0;
    return true;
  }
  if (E->getNumElements() == 3 && E->getElement(0) == dwarf::DW_OP_plus_uconst &&
      E->getElement(2) == dwarf::DW_OP_deref) {
    Off = E->getElement(1);
    return true;
  }
  return false;
}

/// The names debug info gives F's locals (their stack slots) and the
/// parameters clang spills into them (OpenMP's outlined functions get the
/// shared variables as parameters).
void SharedAccesses::nameLocals(Function &F) {
  Named = &F;
  Locals.clear();
  LocalTypes.clear();
  Artificial.clear();
  References.clear();
  Indirect.clear();
  for (Instruction &I : instructions(F))
    forEachDebugDeclareExpr(I, [&](Value *Addr, DILocalVariable *V,
                                   DIExpression *E) {
      if (!Addr || !V)
        return;
      // A variable an OpenMP task reaches through its context record:
      // declared at *(context + N), the pointer loaded from there is it.
      uint64_t Off = 0;
      if (derefAt(E, Off)) {
        if (!V->getName().empty())
          Indirect.try_emplace({Addr, Off}, V->getName().str());
        return;
      }
      if (E && E->getNumElements() && E->startsWithDeref())
        return; // Somewhere behind Addr: not Addr's name.
      // clang's OpenMP lowering names its own temporaries ".omp.lb",
      // ".global_tid." (C++'s `this` is artificial too, and shared).
      if (V->isArtificial() && startsWith(V->getName(), "."))
        Artificial.insert(Addr);
      // A variable an outlined function reaches through a reference: the
      // pointer loaded from this slot is the variable itself.
      if (auto *DT = dyn_cast_or_null<DIDerivedType>(V->getType()))
        if (DT->getTag() == dwarf::DW_TAG_reference_type ||
            DT->getTag() == dwarf::DW_TAG_rvalue_reference_type)
          References.insert(Addr);
      if (!V->getName().empty()) {
        Locals.try_emplace(Addr, V->getName().str());
        LocalTypes.try_emplace(Addr, V->getType());
      }
    });
  for (Instruction &I : instructions(F))
    if (auto *SI = dyn_cast<StoreInst>(&I))
      if (isa<Argument>(SI->getValueOperand())) {
        auto It = Locals.find(SI->getPointerOperand());
        if (It != Locals.end())
          Locals.try_emplace(SI->getValueOperand(), It->second);
        if (Artificial.count(SI->getPointerOperand()))
          Artificial.insert(SI->getValueOperand());
      }
}

/// What a pointer was loaded from, for names: the slot of `p` in `*p`
/// and, one level further, the reference to `p` an OpenMP outlined
/// function reaches a shared `p` through.
static const Value *loadedFrom(const Value *V, unsigned Depth) {
  auto *LI = dyn_cast<LoadInst>(V);
  if (!LI)
    return V;
  const Value *From = LI->getPointerOperand()->stripPointerCasts();
  return Depth && isa<LoadInst>(From) ? loadedFrom(From, Depth - 1) : From;
}

/// The variable declared at *(P), P a constant offset from a declared
/// address (a task's context record), or "".
std::string SharedAccesses::indirectName(const Value *Root) {
  auto *LI = dyn_cast<LoadInst>(Root);
  if (!LI || Indirect.empty())
    return std::string();
  const DataLayout &DL = LI->getModule()->getDataLayout();
  APInt Off(DL.getIndexTypeSizeInBits(LI->getPointerOperandType()), 0);
  const Value *Base = LI->getPointerOperand()->stripAndAccumulateConstantOffsets(
      DL, Off, /*AllowNonInbounds=*/true);
  if (Off.isNegative())
    return std::string();
  auto It = Indirect.find({Base, Off.getZExtValue()});
  return It == Indirect.end() ? std::string() : It->second;
}

std::string SharedAccesses::rootName(const Value *Root) {
  std::string Via = indirectName(Root);
  if (!Via.empty())
    return Via;
  for (const Value *V : {Root, loadedFrom(Root, 0), loadedFrom(Root, 1)}) {
    if (auto *GV = dyn_cast<GlobalVariable>(V))
      return demangle(GV->getName().str());
    auto It = Locals.find(V);
    if (It != Locals.end())
      return It->second;
  }
  return std::string();
}

/// A compiler-made local or parameter (debug info says artificial: the
/// OpenMP thread id, loop bounds) or a pointer read from one: per thread.
bool SharedAccesses::isArtificial(const Value *Root) {
  return Artificial.count(Root) || Artificial.count(loadedFrom(Root, 0)) ||
         Artificial.count(loadedFrom(Root, 1));
}

const TrackedEntity *SharedAccesses::entity(const Value *Root, Form How) {
  std::unique_ptr<TrackedEntity> &E = Entities[{Root, unsigned(How)}];
  if (E)
    return E.get();
  E = std::make_unique<TrackedEntity>();
  E->Kind = TrackedEntity::Global;
  E->Auto = true;
  E->Root = Root;
  std::string Name = rootName(Root);
  if (auto *GV = dyn_cast<GlobalVariable>(Root)) {
    E->GV = const_cast<GlobalVariable *>(GV);
    SmallVector<DIGlobalVariableExpression *, 1> GVEs;
    GV->getDebugInfo(GVEs);
    if (!GVEs.empty())
      E->DeclaredType = GVEs.front()->getVariable()->getType();
  } else if (isa<AllocaInst>(Root)) {
    E->DeclaredType = LocalTypes.lookup(Root);
    if (Name.empty())
      Name = "local";
  }
  if (Name.empty())
    Name = "ptr";
  E->Variable = How == Object ? Name : How == Indexed ? Name + "[]" : "*" + Name;
  return E.get();
}

Origin SharedAccesses::choose(Instruction &I, Value *Ptr, const Origin &O) {
  if (O.Entity)
    return O; // Annotated or listed: as without whole-file mode.
  const Value *Obj = getUnderlyingObject(Ptr);
  if (Ptr->getType()->getPointerAddressSpace() != 0 || !mayBeShared(I, Obj)) {
    LLVM_DEBUG(dbgs() << "raceway: " << I.getFunction()->getName()
                      << ": cannot be shared:" << I << '\n');
    return Origin();
  }
  if (I.getFunction() != Named)
    nameLocals(*I.getFunction());
  FieldPaths::Route R;
  bool Routed = Paths.route(Ptr, R);
  const Value *Stripped = Ptr->stripPointerCasts();
  const Value *Root = Routed ? R.Root : Stripped;
  if (isArtificial(Root) || isArtificial(Obj)) {
    ++NumLocal;
    LLVM_DEBUG(dbgs() << "raceway: " << I.getFunction()->getName()
                      << ": compiler-made local, not shared:" << I << '\n');
    return Origin();
  }
  Form How = Deref;
  if (isa<GlobalVariable>(Root) || isa<AllocaInst>(Root) ||
      References.count(loadedFrom(Root, 0)) || !indirectName(Root).empty() ||
      (Routed && R.ObjTy->isAggregateType()))
    How = Object;
  else if (Root != Stripped)
    How = Indexed;
  Origin A;
  A.Entity = entity(Root, How);
  A.Offset = Routed && How == Object && R.Vars.empty() ? R.Const : -1;
  ++NumShared;
  return A;
}

void SharedAccesses::dropRedundant(SmallVectorImpl<PlainAccess> &Plain) {
  if (Plain.empty())
    return;
  DenseMap<const Instruction *, size_t> Index;
  for (size_t K = 0; K < Plain.size(); ++K)
    Index[Plain[K].I] = K;
  SmallVector<bool, 16> Drop(Plain.size(), false);
  Function &F = *Plain.front().I->getFunction();
  for (BasicBlock &BB : F) {
    SmallPtrSet<const Value *, 8> Written;
    for (Instruction &I : reverse(BB)) {
      // A call may synchronise (a lock, a barrier); atomics and fences do.
      if ((isa<CallBase>(I) && !isa<DbgInfoIntrinsic>(I)) || I.isAtomic() ||
          isa<FenceInst>(I)) {
        Written.clear();
        continue;
      }
      auto It = Index.find(&I);
      if (It == Index.end())
        continue;
      if (auto *SI = dyn_cast<StoreInst>(&I)) {
        Written.insert(SI->getPointerOperand());
        continue;
      }
      auto *LI = cast<LoadInst>(&I);
      if (Plain[It->second].O.Entity->Auto && !LI->isVolatile() &&
          Written.count(LI->getPointerOperand())) {
        LLVM_DEBUG(dbgs() << "raceway: " << F.getName()
                          << ": read dropped, written later in its block:"
                          << I << '\n');
        Drop[It->second] = true;
        ++NumRedundant;
      }
    }
  }
  size_t Out = 0;
  for (size_t K = 0; K < Plain.size(); ++K)
    if (!Drop[K])
      Plain[Out++] = Plain[K];
  Plain.truncate(Out);
}

} // namespace raceway
