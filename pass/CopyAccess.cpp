//===- CopyAccess.cpp - the tracked locations a copy touches --------------===//

#include "CopyAccess.h"
#include "Compat.h"

#include "llvm/BinaryFormat/Dwarf.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"

using namespace llvm;

namespace raceway {

// Types nest only so deep in real code; this only bounds pathological IR.
static const unsigned MaxDepth = 64;

CopyLeaves::CopyLeaves(Function &F, TrackedState &TS, PointerOrigins &Origins,
                       FieldPaths &Paths)
    : F(F), TS(TS), Origins(Origins), Paths(Paths),
      DL(F.getParent()->getDataLayout()) {}

bool CopyLeaves::hasTracked(Type *Ty) {
  auto It = Tracked.find(Ty);
  if (It != Tracked.end())
    return It->second;
  Tracked[Ty] = false;
  bool Result = false;
  if (auto *ST = dyn_cast<StructType>(Ty)) {
    if (!ST->isOpaque())
      for (unsigned I = 0; I < ST->getNumElements() && !Result; ++I)
        Result = TS.structField(ST, I) || hasTracked(ST->getElementType(I));
  } else if (auto *AT = dyn_cast<ArrayType>(Ty)) {
    Result = hasTracked(AT->getElementType());
  }
  Tracked[Ty] = Result;
  return Result;
}

/// The scalars of Ty (which starts Base bytes from the copy's pointer, may
/// be negative) inside [0, Len) that belong to a tracked entity: Cur, the
/// one Ty is part of (starting at CurStart), or the tracked fields inside.
bool CopyLeaves::descend(Type *Ty, int64_t Base, uint64_t Len,
                         const TrackedEntity *Cur, int64_t CurStart,
                         SmallVectorImpl<CopyLeaf> &Out) {
  if (!Ty->isSized() || isa<ScalableVectorType>(Ty))
    return true;
  int64_t Size = int64_t(DL.getTypeAllocSize(Ty).getFixedValue());
  if (Base >= int64_t(Len) || Base + Size <= 0)
    return true;
  if (!Cur && !hasTracked(Ty))
    return true;
  if (auto *ST = dyn_cast<StructType>(Ty)) {
    if (ST->isOpaque())
      return true;
    const StructLayout *SL = DL.getStructLayout(ST);
    for (unsigned I = 0; I < ST->getNumElements(); ++I) {
      int64_t MemberBase = Base + int64_t(SL->getElementOffset(I));
      const TrackedEntity *E = Cur ? Cur : TS.structField(ST, I);
      if (!descend(ST->getElementType(I), MemberBase, Len, E,
                   Cur ? CurStart : MemberBase, Out))
        return false;
    }
    return true;
  }
  if (auto *AT = dyn_cast<ArrayType>(Ty)) {
    int64_t ES = int64_t(DL.getTypeAllocSize(AT->getElementType()).getFixedValue());
    if (ES == 0)
      return true;
    uint64_t K = Base < 0 ? uint64_t(-Base / ES) : 0;
    for (; K < AT->getNumElements() && Base + int64_t(K) * ES < int64_t(Len); ++K)
      if (!descend(AT->getElementType(), Base + int64_t(K) * ES, Len, Cur,
                   CurStart, Out))
        return false;
    return true;
  }
  if (!Cur)
    return true;
  if (Out.size() >= MaxLeaves)
    return false;
  int64_t Store = int64_t(DL.getTypeStoreSize(Ty).getFixedValue());
  int64_t Lo = std::max<int64_t>(Base, 0);
  int64_t Hi = std::min<int64_t>(Base + Store, int64_t(Len));
  if (Lo >= Hi)
    return true;
  CopyLeaf L;
  L.Rel = uint64_t(Lo);
  L.Size = uint64_t(Hi - Lo);
  L.Ty = Lo == Base && Hi == Base + Store ? Ty : nullptr;
  L.O = {Cur, Lo - CurStart, nullptr};
  Out.push_back(std::move(L));
  return true;
}

bool CopyLeaves::find(Value *Ptr, uint64_t Len, SmallVectorImpl<CopyLeaf> &Out) {
  SmallVector<CopyLeaf, 8> Found;
  bool Complete = true;
  Origin O = Origins.ofAccess(Ptr, Len);
  if (const TrackedEntity *E = O.Entity) {
    // Into a tracked global or field: its members in the range.
    if (O.Offset < 0)
      return true; // Where in it is not known.
    Type *ETy = nullptr;
    if (E->Kind == TrackedEntity::Global && E->GV)
      ETy = E->GV->getValueType();
    else if (E->LeafStruct)
      ETy = E->LeafStruct->getElementType(E->LeafIndex);
    if (!ETy)
      return true;
    Complete = descend(ETy, -O.Offset, Len, E, -O.Offset, Found);
    for (CopyLeaf &L : Found) {
      L.O.Annot = O.Annot;
      L.Name = Paths.name(L.O, Ptr, L.Size, int64_t(L.Rel));
    }
  } else {
    // Untracked memory that may hold tracked fields: its type.
    FieldPaths::Route R;
    if (!Paths.route(Ptr, R) || R.Const < 0) {
      R = FieldPaths::Route();
      StructType *ST = declaredStruct(Ptr);
      if (!ST)
        return true;
      R.Root = Ptr->stripPointerCasts();
      R.ObjTy = ST;
    }
    Complete = descend(R.ObjTy, -R.Const, Len, nullptr, 0, Found);
    for (CopyLeaf &L : Found) {
      FieldPaths::Route At = R;
      At.Const += int64_t(L.Rel);
      L.Name = Paths.nameIn(L.O.Entity, At, L.Size, L.O);
    }
  }
  for (CopyLeaf &L : Found)
    Out.push_back(std::move(L));
  return Complete;
}

bool CopyLeaves::pathTo(Type *Ty, uint64_t Off, uint64_t Size,
                        SmallVectorImpl<unsigned> &Path) const {
  for (unsigned Depth = 0; Depth < MaxDepth; ++Depth) {
    if (auto *ST = dyn_cast<StructType>(Ty)) {
      const StructLayout *SL = DL.getStructLayout(ST);
      if (Off >= SL->getSizeInBytes())
        return false;
      unsigned I = SL->getElementContainingOffset(Off);
      Path.push_back(I);
      Off -= SL->getElementOffset(I);
      Ty = ST->getElementType(I);
    } else if (auto *AT = dyn_cast<ArrayType>(Ty)) {
      uint64_t ES = DL.getTypeAllocSize(AT->getElementType()).getFixedValue();
      if (ES == 0 || Off / ES >= AT->getNumElements())
        return false;
      Path.push_back(unsigned(Off / ES));
      Off %= ES;
      Ty = AT->getElementType();
    } else {
      return Off == 0 && Ty->isSized() && !isa<ScalableVectorType>(Ty) &&
             DL.getTypeStoreSize(Ty).getFixedValue() == Size;
    }
  }
  return false;
}

/// The struct a pointer-typed variable's debug info says it points to.
StructType *CopyLeaves::structOf(const DIType *T) {
  auto Strip = [](const DIType *T, StringRef *Typedef) {
    while (auto *DT = dyn_cast_or_null<DIDerivedType>(T)) {
      unsigned Tag = DT->getTag();
      if (Tag == dwarf::DW_TAG_typedef && Typedef)
        *Typedef = DT->getName();
      if (Tag != dwarf::DW_TAG_typedef && Tag != dwarf::DW_TAG_const_type &&
          Tag != dwarf::DW_TAG_volatile_type &&
          Tag != dwarf::DW_TAG_restrict_type && Tag != dwarf::DW_TAG_atomic_type)
        break;
      T = DT->getBaseType();
    }
    return T;
  };
  auto *PT = dyn_cast_or_null<DIDerivedType>(Strip(T, nullptr));
  if (!PT || PT->getTag() != dwarf::DW_TAG_pointer_type)
    return nullptr;
  StringRef Typedef;
  auto *CT = dyn_cast_or_null<DICompositeType>(Strip(PT->getBaseType(), &Typedef));
  if (!CT || (CT->getTag() != dwarf::DW_TAG_structure_type &&
              CT->getTag() != dwarf::DW_TAG_class_type))
    return nullptr;
  StringRef Name = CT->getName().empty() ? Typedef : CT->getName();
  if (Name.empty())
    return nullptr;
  for (const char *Prefix : {"struct.", "class."})
    if (StructType *ST =
            StructType::getTypeByName(F.getContext(), (Prefix + Name).str()))
      if (!ST->isOpaque() &&
          DL.getTypeAllocSizeInBits(ST).getFixedValue() == CT->getSizeInBits())
        return ST;
  return nullptr;
}

StructType *CopyLeaves::declaredStruct(const Value *Ptr) {
  const Value *V = Ptr->stripPointerCasts();
  if (auto *A = dyn_cast<Argument>(V)) {
    Type *T = A->getParamStructRetType();
    if (!T)
      T = A->getParamByValType();
    return dyn_cast_or_null<StructType>(T);
  }
  auto *LI = dyn_cast<LoadInst>(V);
  if (!LI)
    return nullptr;
  const Value *Slot = LI->getPointerOperand()->stripPointerCasts();
  if (auto *GV = dyn_cast<GlobalVariable>(Slot)) {
    SmallVector<DIGlobalVariableExpression *, 1> GVEs;
    GV->getDebugInfo(GVEs);
    return GVEs.empty() ? nullptr : structOf(GVEs.front()->getVariable()->getType());
  }
  if (!DeclsLoaded) {
    DeclsLoaded = true;
    for (Instruction &I : instructions(F))
      forEachDebugDeclare(I, [&](Value *Addr, DILocalVariable *Var) {
        if (Addr && Var)
          Decls.try_emplace(Addr, Var->getType());
      });
  }
  auto It = Decls.find(Slot);
  return It == Decls.end() ? nullptr : structOf(It->second);
}

} // namespace raceway
