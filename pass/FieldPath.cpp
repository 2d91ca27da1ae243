//===- FieldPath.cpp - name accesses from the outermost visible object ----===//

#include "FieldPath.h"
#include "raceway/abi.h"

#include "llvm/Demangle/Demangle.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/GetElementPtrTypeIterator.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Operator.h"

using namespace llvm;

namespace raceway {

/// One step of a path: ".name" or "[3]", at byte offset Start of the object.
struct FieldPaths::Component {
  std::string Text;
  uint64_t Start;
  bool IsIndex;
};

// Pointer chains in real code are short; this only bounds pathological IR.
static const unsigned MaxSteps = 64;

bool FieldPaths::walk(const Value *Ptr, const TrackedEntity *E, Route &R) {
  SmallVector<const GEPOperator *, 8> Geps;
  const Value *V = Ptr;
  for (unsigned Step = 0; Step < MaxSteps; ++Step) {
    if (auto *GEP = dyn_cast<GEPOperator>(V)) {
      int64_t Within;
      if (E && E->Listed && TS.listedAnchor(GEP, Within) == E)
        R.SawAnnot = true;
      Geps.push_back(GEP);
      V = GEP->getPointerOperand();
    } else if (TrackedState::isPtrAnnotation(V)) {
      auto *II = cast<IntrinsicInst>(V);
      if (E && TS.field(II) == E)
        R.SawAnnot = true;
      V = II->getArgOperand(0);
    } else if (auto *Op = dyn_cast<Operator>(V);
               Op && (Op->getOpcode() == Instruction::BitCast ||
                      Op->getOpcode() == Instruction::AddrSpaceCast)) {
      V = Op->getOperand(0);
    } else {
      break;
    }
  }
  R.Root = V;
  auto *GV = dyn_cast<GlobalVariable>(V);
  if (GV)
    R.ObjTy = GV->getValueType();
  else if (!Geps.empty())
    R.ObjTy = Geps.back()->getSourceElementType();
  else if (auto *AI = dyn_cast<AllocaInst>(V))
    R.ObjTy = AI->getAllocatedType(); // A local object, used whole (copies).
  else
    return false;
  if (!R.ObjTy->isSized())
    return false;
  for (const GEPOperator *GEP : Geps) {
    bool Outermost = GEP == Geps.back();
    for (auto GTI = gep_type_begin(GEP), End = gep_type_end(GEP); GTI != End;
         ++GTI) {
      Value *Idx = GTI.getOperand();
      if (StructType *ST = GTI.getStructTypeOrNull()) {
        R.Const += DL.getStructLayout(ST)->getElementOffset(
            cast<ConstantInt>(Idx)->getZExtValue());
        continue;
      }
      // A pointer root's first index picks the object, not a path in it.
      if (Outermost && !GV && GTI == gep_type_begin(GEP))
        continue;
      TypeSize Stride = DL.getTypeAllocSize(GTI.getIndexedType());
      if (Stride.isScalable())
        return false;
      int64_t S = int64_t(Stride.getFixedValue());
      if (auto *CI = dyn_cast<ConstantInt>(Idx)) {
        R.Const += CI->getSExtValue() * S;
        continue;
      }
      if (S == 0)
        continue;
      auto It = llvm::find_if(R.Vars, [&](auto &P) { return P.first == Idx; });
      if (It != R.Vars.end())
        It->second += S;
      else
        R.Vars.push_back({Idx, S});
    }
  }
  // A listed field at a constant offset into a global (no GEP selects it
  // when clang folded the address).
  uint64_t Within;
  if (E && !R.SawAnnot && E->Listed && GV && R.Vars.empty() && R.Const >= 0 &&
      TS.listedFieldAt(R.ObjTy, uint64_t(R.Const), 1, Within) == E)
    R.SawAnnot = true;
  return true;
}

/// The members and elements that hold [Off, Off+Size) of Ty, outermost
/// first, as deep as one of them still holds all of it.
void FieldPaths::pathAt(const TrackedEntity *E, Type *Ty, uint64_t Off,
                        uint64_t Size, std::vector<Component> &Out) {
  uint64_t Start = 0;
  for (unsigned Depth = 0; Depth < MaxSteps; ++Depth) {
    if (auto *ST = dyn_cast<StructType>(Ty)) {
      if (ST->isOpaque())
        return;
      const StructLayout *SL = DL.getStructLayout(ST);
      if (Off >= SL->getSizeInBytes())
        return;
      unsigned I = SL->getElementContainingOffset(Off);
      uint64_t MStart = SL->getElementOffset(I);
      Type *MTy = ST->getElementType(I);
      if (Off < MStart || Off + Size > MStart + DL.getTypeAllocSize(MTy))
        return;
      // The annotated field is named by this access's annotation.
      std::string Name = E && E->LeafStruct == ST && E->LeafIndex == I
                             ? E->Variable
                             : TS.memberName(ST, I);
      if (!Name.empty()) // C11 anonymous members add no step.
        Out.push_back({"." + Name, Start + MStart, false});
      Ty = MTy;
      Off -= MStart;
      Start += MStart;
    } else if (auto *AT = dyn_cast<ArrayType>(Ty)) {
      uint64_t ES = DL.getTypeAllocSize(AT->getElementType());
      if (ES == 0)
        return;
      uint64_t K = Off / ES;
      if (K >= AT->getNumElements() || Off - K * ES + Size > ES)
        return;
      Out.push_back({"[" + std::to_string(K) + "]", Start + K * ES, true});
      Ty = AT->getElementType();
      Off -= K * ES;
      Start += K * ES;
    } else {
      return;
    }
  }
}

/// The array, inside Ty, whose elements are Stride bytes and which holds
/// offset Off: its start and length.
static bool findArray(const DataLayout &DL, Type *Ty, uint64_t Off,
                      uint64_t Stride, uint64_t &Lo, uint64_t &Count) {
  uint64_t Start = 0;
  for (unsigned Depth = 0; Depth < MaxSteps; ++Depth) {
    if (auto *AT = dyn_cast<ArrayType>(Ty)) {
      uint64_t ES = DL.getTypeAllocSize(AT->getElementType());
      if (ES == 0 || Off >= ES * AT->getNumElements())
        return false;
      if (ES == Stride) {
        Lo = Start;
        Count = AT->getNumElements();
        return true;
      }
      uint64_t K = Off / ES;
      Ty = AT->getElementType();
      Off -= K * ES;
      Start += K * ES;
    } else if (auto *ST = dyn_cast<StructType>(Ty)) {
      if (ST->isOpaque())
        return false;
      const StructLayout *SL = DL.getStructLayout(ST);
      if (Off >= SL->getSizeInBytes())
        return false;
      unsigned I = SL->getElementContainingOffset(Off);
      uint64_t MStart = SL->getElementOffset(I);
      Ty = ST->getElementType(I);
      Off -= MStart;
      Start += MStart;
    } else {
      return false;
    }
  }
  return false;
}

std::optional<SiteName> FieldPaths::nameAt(const TrackedEntity *E,
                                           const Route &R, int64_t Off,
                                           uint64_t Size) {
  if (Off < 0 || uint64_t(Off) > UINT32_MAX)
    return std::nullopt;
  std::vector<Component> Cs;
  pathAt(E, R.ObjTy, uint64_t(Off), std::max<uint64_t>(Size, 1), Cs);
  auto Join = [&](size_t From) {
    std::string S;
    for (size_t I = From; I < Cs.size(); ++I)
      S += Cs[I].Text;
    return S;
  };
  SiteName N;
  if (E->Kind == TrackedEntity::Global) {
    N.Variable = E->Variable + Join(0);
    return N;
  }
  if (Cs.empty())
    return std::nullopt;
  if (auto *GV = dyn_cast<GlobalVariable>(R.Root)) {
    // The object is the global, or the element of a global array of
    // structs: raceway_name_object(&accounts[2], ...) names that.
    size_t I = 0;
    while (I < Cs.size() && Cs[I].IsIndex)
      ++I;
    if (I == Cs.size())
      return std::nullopt;
    uint64_t ObjStart = I ? Cs[I - 1].Start : 0;
    std::string Object = demangle(GV->getName().str());
    for (size_t J = 0; J < I; ++J)
      Object += Cs[J].Text;
    N.TypeName = Object;
    N.Variable = Join(I).substr(1); // Without the leading '.'.
    N.FieldOffset = uint32_t(Off - ObjStart);
    N.Flags = RACEWAY_SITE_FIELD | RACEWAY_SITE_GLOBAL;
    return N;
  }
  auto *ST = dyn_cast<StructType>(R.ObjTy);
  if (!ST || Cs.front().IsIndex)
    return std::nullopt;
  std::string Type = ST->hasName() ? TrackedState::sourceStructName(ST->getName())
                                   : std::string();
  if (Type.empty() || Type == "anon")
    Type = E->TypeName;
  if (!Type.empty())
    N.TypeName = Type;
  N.Variable = Join(0).substr(1);
  N.FieldOffset = uint32_t(Off);
  N.Flags = RACEWAY_SITE_FIELD;
  return N;
}

SiteName FieldPaths::fieldOnly(const Origin &O, uint64_t Size) {
  const TrackedEntity *E = O.Entity;
  SiteName N;
  N.Variable = E->Variable;
  if (E->Kind == TrackedEntity::Global)
    return N;
  if (O.Offset < 0 || E->FieldOffset + uint64_t(O.Offset) > UINT32_MAX) {
    // Which object is not known: one name for this field of every object.
    if (!E->TypeName.empty())
      N.Variable = E->TypeName + "." + E->Variable;
    return N;
  }
  if (!E->TypeName.empty())
    N.TypeName = E->TypeName;
  N.FieldOffset = E->FieldOffset + uint32_t(O.Offset);
  N.Flags = RACEWAY_SITE_FIELD;
  if (O.Offset > 0 && E->LeafStruct) {
    std::vector<Component> Cs;
    pathAt(E, E->LeafStruct->getElementType(E->LeafIndex), uint64_t(O.Offset),
           std::max<uint64_t>(Size, 1), Cs);
    for (const Component &C : Cs)
      *N.Variable += C.Text;
  }
  return N;
}

AccessName FieldPaths::name(const Origin &O, Value *Ptr, uint64_t Size,
                            int64_t Delta) {
  const TrackedEntity *E = O.Entity;
  assert(E && "names an access to tracked state");
  Route R;
  const Value *Root = E->Root ? E->Root : E->GV; // Root: whole-file mode.
  bool Ok = walk(Ptr, E, R) &&
            (E->Kind == TrackedEntity::Global ? R.Root == Root : R.SawAnnot);
  if (Ok)
    R.Const += Delta;
  if (!Ok && O.Offset >= 0) {
    // The pointer went through a local slot: start from where it came from.
    R = Route();
    if (E->Kind == TrackedEntity::Global && E->GV) {
      R.Root = E->GV;
      R.ObjTy = E->GV->getValueType();
      Ok = R.ObjTy->isSized();
    } else if (O.Annot) {
      Ok = walk(O.Annot, E, R) && R.SawAnnot && R.Vars.empty();
      // A listed field's anchor GEP may go past the field's start (into
      // an element of it); O.Offset counts from the field's start.
      int64_t Within;
      if (auto *GEP = dyn_cast<GEPOperator>(O.Annot))
        if (TS.listedAnchor(GEP, Within) == E)
          R.Const -= std::max<int64_t>(Within, 0);
    }
    R.Const += O.Offset;
  }
  if (!Ok)
    return AccessName{fieldOnly(O, Size), {}, nullptr, 0};
  return nameIn(E, R, Size, O);
}

AccessName FieldPaths::nameIn(const TrackedEntity *E, const Route &R,
                              uint64_t Size, const Origin &O) {
  AccessName A;
  A.Static = fieldOnly(O, Size);
  if (R.Vars.empty()) {
    if (std::optional<SiteName> N = nameAt(E, R, R.Const, Size))
      A.Static = *N;
    return A;
  }
  // One run-time index: a site per element of the array it indexes.
  if (R.Vars.size() != 1 || R.Vars[0].second <= 0 || R.Const < 0 ||
      !R.Vars[0].first->getType()->isIntegerTy())
    return A;
  uint64_t Stride = uint64_t(R.Vars[0].second), Lo, Count;
  if (!findArray(DL, R.ObjTy, uint64_t(R.Const), Stride, Lo, Count) ||
      Count == 0 || Count > MaxElements)
    return A;
  uint64_t K0 = (uint64_t(R.Const) - Lo) / Stride;
  uint64_t Inner = (uint64_t(R.Const) - Lo) % Stride;
  for (uint64_t J = 0; J < Count; ++J) {
    std::optional<SiteName> N = nameAt(E, R, int64_t(Lo + J * Stride + Inner), Size);
    if (!N)
      return AccessName{fieldOnly(O, Size), {}, nullptr, 0};
    A.Elements.push_back(*N);
  }
  A.Index = R.Vars[0].first;
  A.Bias = int64_t(K0);
  return A;
}

} // namespace raceway
