//===- PointerOrigin.cpp - follow pointers back to tracked state ----------===//

#include "PointerOrigin.h"

#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Operator.h"

using namespace llvm;

namespace raceway {

// Pointer chains in real code are short; this only bounds pathological IR.
static const unsigned MaxDepth = 64;

PointerOrigins::PointerOrigins(Function &F, TrackedState &TS,
                               const ArgumentOrigins *Seeds)
    : TS(TS), DL(F.getParent()->getDataLayout()), Seeds(Seeds) {
  solveSlots(F);
}

PointerOrigins::Lattice PointerOrigins::meet(const Lattice &A,
                                             const Lattice &B) {
  if (A.State == Lattice::Pending)
    return B;
  if (B.State == Lattice::Pending)
    return A;
  if (A.State == Lattice::None || B.State == Lattice::None ||
      A.O.Entity != B.O.Entity)
    return Lattice();
  Lattice R = A;
  if (A.O.Offset != B.O.Offset)
    R.O.Offset = -1;
  if (A.O.Annot != B.O.Annot)
    R.O.Annot = nullptr;
  return R;
}

/// A stack slot that only ever holds a pointer and whose address never
/// leaves the function: loads from it, stores into it, lifetime markers.
bool PointerOrigins::isPointerSlot(const AllocaInst *AI) {
  if (!AI->getAllocatedType()->isPointerTy())
    return false;
  for (const User *U : AI->users()) {
    if (auto *LI = dyn_cast<LoadInst>(U)) {
      if (LI->getPointerOperand() != AI || LI->isVolatile())
        return false;
    } else if (auto *SI = dyn_cast<StoreInst>(U)) {
      if (SI->getPointerOperand() != AI || SI->getValueOperand() == AI)
        return false;
    } else if (auto *II = dyn_cast<IntrinsicInst>(U)) {
      if (!II->isLifetimeStartOrEnd() && !isa<DbgInfoIntrinsic>(II))
        return false;
    } else {
      return false;
    }
  }
  return true;
}

void PointerOrigins::solveSlots(Function &F) {
  SmallVector<AllocaInst *, 8> Candidates;
  for (Instruction &I : F.getEntryBlock())
    if (auto *AI = dyn_cast<AllocaInst>(&I))
      if (isPointerSlot(AI)) {
        Candidates.push_back(AI);
        Slots[AI].State = Lattice::Pending;
      }
  // Slots only move down the lattice, so this terminates.
  bool Changed = true;
  while (Changed) {
    Changed = false;
    for (AllocaInst *AI : Candidates) {
      Lattice &Cur = Slots[AI];
      if (Cur.State == Lattice::None)
        continue;
      Lattice New;
      New.State = Lattice::Pending;
      for (const User *U : AI->users())
        if (auto *SI = dyn_cast<StoreInst>(U)) {
          SmallPtrSet<const Value *, 16> Seen;
          New = meet(New, walk(SI->getValueOperand(), Seen, 0));
        }
      if (New.State != Cur.State || New.O.Entity != Cur.O.Entity ||
          New.O.Offset != Cur.O.Offset || New.O.Annot != Cur.O.Annot) {
        Cur = New;
        Changed = true;
      }
    }
  }
}

PointerOrigins::Lattice
PointerOrigins::walk(const Value *V, SmallPtrSetImpl<const Value *> &Seen,
                     unsigned Depth) {
  Lattice R;
  if (Depth > MaxDepth)
    return R;
  if (!Seen.insert(V).second) {
    R.State = Lattice::Pending; // A cycle adds nothing new.
    return R;
  }
  if (auto *GV = dyn_cast<GlobalVariable>(V)) {
    if (const TrackedEntity *E = TS.global(GV)) {
      R.State = Lattice::Known;
      R.O = {E, 0};
    }
    return R;
  }
  if (auto *A = dyn_cast<Argument>(V)) {
    if (Seeds)
      if (auto It = Seeds->find(A); It != Seeds->end()) {
        R.State = Lattice::Known;
        R.O = It->second;
      }
    return R;
  }
  if (auto *II = dyn_cast<IntrinsicInst>(V)) {
    if (TrackedState::isPtrAnnotation(II)) {
      if (const TrackedEntity *E = TS.field(II)) {
        R.State = Lattice::Known;
        R.O = {E, 0, II};
        return R;
      }
      return walk(II->getArgOperand(0), Seen, Depth + 1);
    }
    if (II->getIntrinsicID() == Intrinsic::launder_invariant_group ||
        II->getIntrinsicID() == Intrinsic::strip_invariant_group)
      return walk(II->getArgOperand(0), Seen, Depth + 1);
    return R;
  }
  if (auto *GEP = dyn_cast<GEPOperator>(V)) {
    // A listed field is where a struct GEP selects it, as an annotated one
    // is at its ptr.annotation call: the innermost wins.
    int64_t Within;
    if (const TrackedEntity *E = TS.listedAnchor(GEP, Within)) {
      R.State = Lattice::Known;
      R.O = {E, Within, GEP};
      return R;
    }
    R = walk(GEP->getPointerOperand(), Seen, Depth + 1);
    if (R.State == Lattice::Known && R.O.Offset >= 0) {
      APInt Off(DL.getIndexTypeSizeInBits(GEP->getType()), 0);
      if (GEP->accumulateConstantOffset(DL, Off) && Off.isSignedIntN(63) &&
          R.O.Offset + Off.getSExtValue() >= 0)
        R.O.Offset += Off.getSExtValue();
      else
        R.O.Offset = -1;
    }
    return R;
  }
  if (auto *Op = dyn_cast<Operator>(V))
    if (Op->getOpcode() == Instruction::BitCast ||
        Op->getOpcode() == Instruction::AddrSpaceCast)
      return walk(Op->getOperand(0), Seen, Depth + 1);
  if (auto *Sel = dyn_cast<SelectInst>(V))
    return meet(walk(Sel->getTrueValue(), Seen, Depth + 1),
                walk(Sel->getFalseValue(), Seen, Depth + 1));
  if (auto *Phi = dyn_cast<PHINode>(V)) {
    R.State = Lattice::Pending;
    for (const Value *In : Phi->incoming_values())
      R = meet(R, walk(In, Seen, Depth + 1));
    return R;
  }
  if (auto *LI = dyn_cast<LoadInst>(V))
    if (auto *AI = dyn_cast<AllocaInst>(LI->getPointerOperand())) {
      auto It = Slots.find(AI);
      if (It != Slots.end())
        return It->second;
    }
  return R;
}

raw_ostream &operator<<(raw_ostream &OS, const Origin &O) {
  const TrackedEntity *E = O.Entity;
  if (!E)
    return OS << "untracked memory";
  if (E->Kind == TrackedEntity::Field && !E->TypeName.empty())
    OS << E->TypeName << '.';
  OS << E->Variable;
  if (O.Offset < 0)
    OS << "+?";
  else if (O.Offset > 0)
    OS << '+' << O.Offset;
  return OS;
}

Origin PointerOrigins::ofAccess(const Value *Ptr, uint64_t Size) {
  Origin O = of(Ptr);
  if (O.Entity || !TS.hasListedFields())
    return O;
  APInt Off(DL.getIndexTypeSizeInBits(Ptr->getType()), 0);
  const Value *Base =
      Ptr->stripAndAccumulateConstantOffsets(DL, Off, /*AllowNonInbounds=*/true);
  auto *GV = dyn_cast<GlobalVariable>(Base);
  if (!GV || TS.global(GV) || Off.isNegative() || !GV->getValueType()->isSized())
    return O;
  uint64_t Within;
  if (const TrackedEntity *E =
          TS.listedFieldAt(GV->getValueType(), Off.getZExtValue(), Size, Within))
    O = {E, int64_t(Within), nullptr}; // FieldPaths walks from Ptr itself.
  return O;
}

Origin PointerOrigins::of(const Value *Ptr) {
  auto It = Cache.find(Ptr);
  if (It != Cache.end())
    return It->second;
  SmallPtrSet<const Value *, 16> Seen;
  Lattice L = walk(Ptr, Seen, 0);
  assert((L.State != Lattice::Known || L.O.Entity) &&
         "a known origin names its entity");
  Origin O = L.State == Lattice::Known ? L.O : Origin();
  Cache[Ptr] = O;
  return O;
}

} // namespace raceway
