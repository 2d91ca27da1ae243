//===- DebugTypes.cpp - the struct types debug info describes -------------===//

#include "DebugTypes.h"

#include "llvm/BinaryFormat/Dwarf.h"
#include "llvm/IR/DebugInfo.h"

using namespace llvm;

namespace raceway {

DIDerivedType *memberAt(DICompositeType *CT, uint64_t OffsetBits) {
  if (!CT)
    return nullptr;
  for (DINode *N : CT->getElements())
    if (auto *DT = dyn_cast<DIDerivedType>(N))
      if (DT->getTag() == dwarf::DW_TAG_member &&
          DT->getOffsetInBits() == OffsetBits)
        return DT;
  return nullptr;
}

/// The struct a variable of type T is, under typedefs, qualifiers and
/// arrays; null for anything else (a pointer, a union, a scalar).
static DICompositeType *structUnder(DIType *T) {
  for (unsigned Depth = 0; T && Depth < 16; ++Depth) {
    if (auto *CT = dyn_cast<DICompositeType>(T)) {
      if (CT->getTag() == dwarf::DW_TAG_structure_type)
        return CT;
      if (CT->getTag() != dwarf::DW_TAG_array_type)
        return nullptr;
      T = CT->getBaseType();
    } else if (auto *DT = dyn_cast<DIDerivedType>(T)) {
      unsigned Tag = DT->getTag();
      if (Tag != dwarf::DW_TAG_typedef && Tag != dwarf::DW_TAG_const_type &&
          Tag != dwarf::DW_TAG_volatile_type && Tag != dwarf::DW_TAG_atomic_type)
        return nullptr;
      T = DT->getBaseType();
    } else {
      return nullptr;
    }
  }
  return nullptr;
}

/// Pairs the IR struct under Ty (through arrays) with the struct under T,
/// then their struct members in turn.
void DebugTypes::pair(Type *Ty, DIType *T, unsigned Depth) {
  while (auto *AT = dyn_cast<ArrayType>(Ty))
    Ty = AT->getElementType();
  auto *ST = dyn_cast<StructType>(Ty);
  DICompositeType *CT = structUnder(T);
  if (!ST || !CT || ST->isOpaque() || Depth > 8 || !ByIR.try_emplace(ST, CT).second)
    return;
  const StructLayout *SL = M.getDataLayout().getStructLayout(ST);
  for (unsigned I = 0; I < ST->getNumElements(); ++I)
    if (DIDerivedType *Member = memberAt(CT, SL->getElementOffset(I) * 8))
      pair(ST->getElementType(I), Member->getBaseType(), Depth + 1);
}

void DebugTypes::load() {
  if (Loaded)
    return;
  Loaded = true;
  DebugInfoFinder Finder;
  Finder.processModule(M);
  for (DIType *T : Finder.types())
    if (auto *CT = dyn_cast<DICompositeType>(T)) {
      AllComposites.push_back(CT);
      if (!CT->getName().empty())
        Composites.try_emplace(CT->getName(), CT);
    } else if (auto *DT = dyn_cast<DIDerivedType>(T)) {
      // typedef struct { ... } Name;  (clang names the IR type
      // "struct.Name", debug info gives the struct no name).
      if (DT->getTag() == dwarf::DW_TAG_typedef && !DT->getName().empty())
        if (auto *Base = dyn_cast_or_null<DICompositeType>(DT->getBaseType()))
          Typedefs.try_emplace(DT->getName(), Base);
    }
  // static struct { ... } L;  has no name to look up: its variable's debug
  // type says which struct it is.
  SmallVector<DIGlobalVariableExpression *, 1> GVEs;
  for (const GlobalVariable &GV : M.globals()) {
    GVEs.clear();
    GV.getDebugInfo(GVEs);
    for (DIGlobalVariableExpression *GVE : GVEs)
      if (GVE->getVariable() && GVE->getExpression()->getNumElements() == 0)
        pair(GV.getValueType(), GVE->getVariable()->getType(), 0);
  }
}

DICompositeType *DebugTypes::forIRStruct(StructType *ST) {
  load();
  return ByIR.lookup(ST);
}

DICompositeType *DebugTypes::named(StringRef Name) {
  load();
  return Composites.lookup(Name);
}

DICompositeType *DebugTypes::forStructName(StringRef Name) {
  if (DICompositeType *CT = named(Name))
    return CT;
  return Typedefs.lookup(Name);
}

ArrayRef<DICompositeType *> DebugTypes::all() {
  load();
  return AllComposites;
}

DIDerivedType *DebugTypes::memberOnLine(uint64_t OffsetBits, unsigned Line,
                                        DICompositeType *&CT) {
  for (DICompositeType *C : all())
    if (DIDerivedType *Member = memberAt(C, OffsetBits))
      if (Member->getLine() == Line) {
        CT = C;
        return Member;
      }
  return nullptr;
}

} // namespace raceway
