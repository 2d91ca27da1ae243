//===- CheckedAccess.cpp - checked escapes: a run-time range check --------===//

#include "CheckedAccess.h"
#include "ValueBits.h"
#include "raceway/abi.h"

#include "llvm/ADT/Statistic.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/Support/Debug.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"

#define DEBUG_TYPE "raceway"

using namespace llvm;

STATISTIC(NumChecked, "Checked escapes: loads and stores given a range check");
STATISTIC(NumRanges, "Checked escapes: ranges of tracked globals registered");

namespace raceway {

CheckedAccesses::CheckedAccesses(Module &M, TrackedState &TS, SiteTable &Sites,
                                 RuntimeHooks &Hooks)
    : M(M), TS(TS), Sites(Sites), Hooks(Hooks), Shared(M, TS),
      Paths(TS, M.getDataLayout()) {
  Type *Ty = ArrayType::get(Type::getInt8Ty(M.getContext()),
                            RACEWAY_RANGE_FILTER_SIZE);
  Filter = cast<GlobalVariable>(
      M.getOrInsertGlobal("__raceway_range_filter", Ty));
}

bool CheckedAccesses::wants(Instruction &I, Value *Ptr) {
  Type *Ty = isa<StoreInst>(I) ? cast<StoreInst>(I).getValueOperand()->getType()
                               : I.getType();
  if (I.isAtomic() || !(isa<LoadInst>(I) || isa<StoreInst>(I)) ||
      !(Ty->isIntegerTy() || Ty->isFloatingPointTy() || Ty->isPointerTy()))
    return false;
  if (!Shared.mayBeSharedAt(I, Ptr))
    return false;
  // A global this module defines and does not track registers no range.
  if (auto *GV = dyn_cast<GlobalVariable>(getUnderlyingObject(Ptr)))
    if (!GV->isDeclaration() && !TS.global(GV))
      return false;
  return true;
}

void CheckedAccesses::instrument(Instruction &I) {
  const DataLayout &DL = M.getDataLayout();
  auto *SI = dyn_cast<StoreInst>(&I);
  Value *V = SI ? SI->getValueOperand() : &I;
  Value *Ptr = SI ? SI->getPointerOperand() : cast<LoadInst>(I).getPointerOperand();
  SiteDesc D;
  Sites.locate(I, D);
  uint64_t Size = DL.getTypeStoreSize(V->getType()).getKnownMinValue();
  D.Size = Size > 255 ? 0 : uint8_t(Size);
  D.Access = SI ? RACEWAY_ACCESS_WRITE : RACEWAY_ACCESS_READ;
  D.ValueKind = valueKind(V->getType(), nullptr);
  bool Volatile = SI ? SI->isVolatile() : cast<LoadInst>(I).isVolatile();
  D.Flags = Volatile ? RACEWAY_SITE_VOLATILE : 0;

  // A load is checked after it (the hook gets the loaded bits), a store
  // before it (the runtime reads what it overwrites).
  Instruction *At = SI ? &I : I.getNextNode();
  IRBuilder<> B(At);
  B.SetCurrentDebugLocation(I.getDebugLoc());
  Value *Addr = B.CreatePtrToInt(Ptr, B.getInt64Ty());
  Value *Idx = B.CreateAnd(B.CreateLShr(Addr, RACEWAY_RANGE_PAGE_SHIFT),
                           RACEWAY_RANGE_FILTER_SIZE - 1);
  Value *Slot = B.CreateInBoundsGEP(Filter->getValueType(), Filter,
                                    {B.getInt64(0), Idx});
  LoadInst *Byte = B.CreateLoad(B.getInt8Ty(), Slot);
  Byte->setMetadata(LLVMContext::MD_nosanitize, MDNode::get(M.getContext(), {}));
  Value *Hit = B.CreateICmpNE(Byte, B.getInt8(0));
  MDNode *Cold = MDBuilder(M.getContext()).createBranchWeights(1, 1 << 20);
  Instruction *Then = SplitBlockAndInsertIfThen(Hit, At, false, Cold);
  IRBuilder<> C(Then);
  C.SetCurrentDebugLocation(I.getDebugLoc());
  RuntimeHooks::call(C, SI ? Hooks.CheckedWrite : Hooks.CheckedRead,
                     {Sites.site(D), Ptr, valueBits(C, V, D.ValueKind)});
  ++NumChecked;
}

/// The scalar members of Ty at Off, as (offset, size), in order; stops
/// past MaxLeaves.
void CheckedAccesses::leaves(Type *Ty, uint64_t Off,
                             SmallVectorImpl<std::pair<uint64_t, uint64_t>> &Out) {
  const DataLayout &DL = M.getDataLayout();
  if (Out.size() > MaxLeaves)
    return;
  if (auto *ST = dyn_cast<StructType>(Ty)) {
    const StructLayout *SL = DL.getStructLayout(ST);
    for (unsigned K = 0; K < ST->getNumElements(); ++K)
      leaves(ST->getElementType(K), Off + SL->getElementOffset(K), Out);
    return;
  }
  if (auto *AT = dyn_cast<ArrayType>(Ty)) {
    uint64_t Stride = DL.getTypeAllocSize(AT->getElementType());
    for (uint64_t K = 0; K < AT->getNumElements() && Out.size() <= MaxLeaves; ++K)
      leaves(AT->getElementType(), Off + K * Stride, Out);
    return;
  }
  uint64_t Size = DL.getTypeStoreSize(Ty).getKnownMinValue();
  if (Size)
    Out.push_back({Off, Size});
}

/// A name site's location: the global's declaration.
SiteDesc CheckedAccesses::declSite(const TrackedEntity &E) {
  SiteDesc D;
  SmallVector<DIGlobalVariableExpression *, 1> GVEs;
  E.GV->getDebugInfo(GVEs);
  if (!GVEs.empty()) {
    DIGlobalVariable *V = GVEs.front()->getVariable();
    D.File = V->getFilename().str();
    D.Line = V->getLine();
  } else if (!E.AnnotFile.empty()) {
    D.File = E.AnnotFile;
    D.Line = E.AnnotLine;
  } else {
    D.File = M.getSourceFileName();
  }
  if (E.Redact)
    D.Flags |= RACEWAY_SITE_REDACT;
  return D;
}

void CheckedAccesses::registerGlobals() {
  LLVMContext &C = M.getContext();
  Type *P = PointerType::get(C, 0), *I64 = Type::getInt64Ty(C);
  StructType *RangeTy = StructType::get(C, {P, I64, P});
  SmallVector<Constant *, 16> Ranges;
  for (GlobalVariable &GV : M.globals()) {
    const TrackedEntity *E = TS.global(&GV);
    if (!E || GV.isDeclaration() || !GV.getValueType()->isSized())
      continue;
    SmallVector<std::pair<uint64_t, uint64_t>, 16> Leaves;
    leaves(GV.getValueType(), 0, Leaves);
    bool Whole = Leaves.empty() || Leaves.size() > MaxLeaves;
    if (Whole)
      Leaves.assign(1, {0, M.getDataLayout().getTypeStoreSize(GV.getValueType())
                               .getKnownMinValue()});
    SiteDesc Base = declSite(*E);
    for (auto [Off, Size] : Leaves) {
      SiteDesc D = Base;
      SiteName N = Whole
                       ? SiteName{E->Variable, std::nullopt, 0, 0}
                       : Paths.name(Origin{E, int64_t(Off), nullptr}, &GV,
                                    Size, int64_t(Off)).Static;
      D.Variable = N.Variable;
      D.TypeName = N.TypeName;
      D.FieldOffset = N.FieldOffset;
      D.Flags |= N.Flags;
      D.Size = Size > 255 ? 0 : uint8_t(Size);
      Constant *Addr = ConstantExpr::getInBoundsGetElementPtr(
          Type::getInt8Ty(C), &GV, ConstantInt::get(I64, Off));
      Ranges.push_back(ConstantStruct::get(
          RangeTy, {Addr, ConstantInt::get(I64, Size), Sites.site(D)}));
      ++NumRanges;
    }
  }
  Constant *Table = ConstantPointerNull::get(PointerType::get(C, 0));
  if (!Ranges.empty()) {
    auto *ATy = ArrayType::get(RangeTy, Ranges.size());
    Table = new GlobalVariable(M, ATy, true, GlobalValue::PrivateLinkage,
                               ConstantArray::get(ATy, Ranges),
                               "__raceway_ranges");
  }
  Function *Ctor = Function::Create(FunctionType::get(Type::getVoidTy(C), false),
                                    GlobalValue::InternalLinkage,
                                    "raceway.register_ranges", M);
  Ctor->addFnAttr(Attribute::NoUnwind);
  IRBuilder<> B(BasicBlock::Create(C, "", Ctor));
  B.CreateCall(Hooks.RegisterRanges,
               {Table, ConstantInt::get(I64, Ranges.size())});
  B.CreateRetVoid();
  appendToGlobalCtors(M, Ctor, 101);
  LLVM_DEBUG(dbgs() << "raceway: checked escapes: " << Ranges.size()
                    << " ranges of tracked globals registered\n");
}

void CheckedAccesses::dropUnused() {
  if (Filter->use_empty())
    Filter->eraseFromParent();
  Filter = nullptr;
}

} // namespace raceway
