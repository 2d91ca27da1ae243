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
