//===- SiteTable.cpp - raceway_site / raceway_func_site constants ---------===//

#include "SiteTable.h"
#include "raceway/abi.h"

#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/GlobalVariable.h"

using namespace llvm;

namespace raceway {

SiteTable::SiteTable(Module &M) : M(M) {}

// struct raceway_site: 3 pointers, 3 x uint32_t, 5 x uint8_t, reserved[3].
StructType *SiteTable::siteType(LLVMContext &C) {
  Type *P = PointerType::get(C, 0);
  Type *I32 = Type::getInt32Ty(C);
  Type *I8 = Type::getInt8Ty(C);
  return StructType::get(C, {P, P, P, I32, I32, I32, I8, I8, I8, I8, I8,
                             ArrayType::get(I8, 3)});
}

// struct raceway_func_site: name, module, file, line, nargs, arg_names,
// arg_kinds.
StructType *SiteTable::funcSiteType(LLVMContext &C) {
  Type *P = PointerType::get(C, 0);
  Type *I32 = Type::getInt32Ty(C);
  return StructType::get(C, {P, P, P, I32, I32, P, P});
}

Constant *SiteTable::string(StringRef S) {
  Constant *&Slot = Strings[S];
  if (!Slot) {
    Constant *Init = ConstantDataArray::getString(M.getContext(), S);
    auto *GV = new GlobalVariable(M, Init->getType(), /*isConstant=*/true,
                                  GlobalValue::PrivateLinkage, Init,
                                  ".raceway.str");
    GV->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);
    GV->setAlignment(Align(1));
    Slot = GV;
  }
  return Slot;
}

Constant *SiteTable::optString(const std::optional<std::string> &S) {
  if (!S)
    return ConstantPointerNull::get(PointerType::get(M.getContext(), 0));
  return string(*S);
}

Constant *SiteTable::siteInit(const SiteDesc &D) {
  assert(D.Access <= RACEWAY_ACCESS_CALL && "site access out of range");
  assert(D.ValueKind <= RACEWAY_VALUE_BOOL && "site value kind out of range");
  assert(D.Order <= RACEWAY_ORDER_SEQ_CST && "site order out of range");
  assert((D.Flags & ~uint8_t(RACEWAY_SITE_FIELD | RACEWAY_SITE_REDACT |
                             RACEWAY_SITE_VOLATILE | RACEWAY_SITE_BITFIELD |
                             RACEWAY_SITE_COMPOUND | RACEWAY_SITE_TRACKED |
                             RACEWAY_SITE_GLOBAL |
                             RACEWAY_SITE_WRITE_FOLLOWS)) ==
             0 &&
         "unknown site flag");
  assert((D.Access == RACEWAY_ACCESS_READ ||
          !(D.Flags & RACEWAY_SITE_COMPOUND)) &&
         "only a read is the read half of a compound access");
  assert(((D.Flags & RACEWAY_SITE_COMPOUND) ||
          !(D.Flags & RACEWAY_SITE_WRITE_FOLLOWS)) &&
         "only the read half of a compound access has a write following");
  assert(((D.Flags & RACEWAY_SITE_FIELD) || !D.TypeName) &&
         "only a field site names a struct");
  assert(((D.Flags & RACEWAY_SITE_FIELD) || !(D.Flags & RACEWAY_SITE_GLOBAL)) &&
         "GLOBAL qualifies a field site");
  LLVMContext &C = M.getContext();
  auto I32 = [&](uint32_t V) { return ConstantInt::get(Type::getInt32Ty(C), V); };
  auto I8 = [&](uint8_t V) { return ConstantInt::get(Type::getInt8Ty(C), V); };
  StructType *ST = siteType(C);
  return ConstantStruct::get(
      ST, {optString(D.Variable), optString(D.TypeName), string(D.File),
           I32(D.Line), I32(D.Column), I32(D.FieldOffset), I8(D.Access),
           I8(D.ValueKind), I8(D.Size), I8(D.Flags), I8(D.Order),
           ConstantAggregateZero::get(ArrayType::get(Type::getInt8Ty(C), 3))});
}

GlobalVariable *SiteTable::site(const SiteDesc &D) {
  Constant *Init = siteInit(D);
  auto *GV = new GlobalVariable(M, Init->getType(), /*isConstant=*/true,
                                GlobalValue::PrivateLinkage, Init,
                                "__raceway_site");
  GV->setAlignment(Align(8));
  return GV;
}

GlobalVariable *SiteTable::siteArray(ArrayRef<SiteDesc> Ds) {
  assert(!Ds.empty() && "a site array has sites");
  SmallVector<Constant *, 16> Elts;
  for (const SiteDesc &D : Ds)
    Elts.push_back(siteInit(D));
  Constant *Init =
      ConstantArray::get(ArrayType::get(siteType(M.getContext()), Ds.size()), Elts);
  auto *GV = new GlobalVariable(M, Init->getType(), /*isConstant=*/true,
                                GlobalValue::PrivateLinkage, Init,
                                "__raceway_sites");
  GV->setAlignment(Align(8));
  return GV;
}

GlobalVariable *SiteTable::funcSite(const FuncSiteDesc &D) {
  LLVMContext &C = M.getContext();
  Type *P = PointerType::get(C, 0);
  Type *I8 = Type::getInt8Ty(C);
  size_t N = D.ArgKinds.size();
  assert(D.ArgNames.size() == N && "one name slot per recorded argument");
  assert(llvm::all_of(D.ArgKinds,
                      [](uint8_t K) {
                        return K != RACEWAY_VALUE_NONE &&
                               K <= RACEWAY_VALUE_BOOL;
                      }) &&
         "recorded arguments have a value kind");

  Constant *Names = ConstantPointerNull::get(cast<PointerType>(P));
  bool AnyName = llvm::any_of(D.ArgNames, [](auto &S) { return S.has_value(); });
  if (N && AnyName) {
    SmallVector<Constant *, 8> Elts;
    for (auto &S : D.ArgNames)
      Elts.push_back(optString(S));
    Constant *Arr = ConstantArray::get(ArrayType::get(P, N), Elts);
    auto *GV = new GlobalVariable(M, Arr->getType(), true,
                                  GlobalValue::PrivateLinkage, Arr,
                                  "__raceway_arg_names");
    Names = GV;
  }
  Constant *Kinds = ConstantPointerNull::get(cast<PointerType>(P));
  if (N) {
    Constant *Arr = ConstantDataArray::get(C, ArrayRef<uint8_t>(D.ArgKinds));
    auto *GV = new GlobalVariable(M, ArrayType::get(I8, N), true,
                                  GlobalValue::PrivateLinkage, Arr,
                                  "__raceway_arg_kinds");
    GV->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);
    Kinds = GV;
  }
  StructType *ST = funcSiteType(C);
  Constant *Init = ConstantStruct::get(
      ST, {string(D.Name), string(D.ModuleName), string(D.File),
           ConstantInt::get(Type::getInt32Ty(C), D.Line),
           ConstantInt::get(Type::getInt32Ty(C), N), Names, Kinds});
  auto *GV = new GlobalVariable(M, ST, true, GlobalValue::PrivateLinkage,
                                Init, "__raceway_func_site");
  GV->setAlignment(Align(8));
  return GV;
}

void SiteTable::locate(const Instruction &I, SiteDesc &D) const {
  if (const DILocation *Loc = I.getDebugLoc().get()) {
    D.File = Loc->getFilename().str();
    D.Line = Loc->getLine();
    D.Column = Loc->getColumn();
    return;
  }
  D.File = M.getSourceFileName();
  D.Line = 0;
  D.Column = 0;
}

} // namespace raceway
