//===- FunctionInstrumenter.cpp - the runtime calls of one function -------===//
//
// Not tracked, by design: accesses through pointers that leave the
// function other than as arguments of calls Escapes.h retargets to a
// clone (whose parameters arrive seeded), and copies whose length is not
// a constant.
//
//===----------------------------------------------------------------------===//

#include "FunctionInstrumenter.h"
#include "SyncFunctions.h"
#include "ValueBits.h"
#include "raceway/abi.h"

#include "llvm/ADT/Statistic.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/Demangle/Demangle.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/Support/AtomicOrdering.h"
#include "llvm/Support/Debug.h"
#include "llvm/Support/raw_ostream.h"

#define DEBUG_TYPE "raceway"

using namespace llvm;

STATISTIC(NumReads, "Number of instrumented reads of tracked state");
STATISTIC(NumWrites, "Number of instrumented writes of tracked state");
STATISTIC(NumTrackedAtomics, "Number of instrumented atomics on tracked state");
STATISTIC(NumSyncAtomics, "Number of instrumented atomics on other memory");
STATISTIC(NumFences, "Number of instrumented fences");
STATISTIC(NumCallsites, "Number of synchronisation call sites marked");
STATISTIC(NumCopies, "Number of copies (memcpy, memset, aggregates) of tracked state");

/// -debug-only=raceway: one line per decision, "raceway: fn: WHY: inst".
#define EXPLAIN(I, WHY)                                                        \
  LLVM_DEBUG(dbgs() << "raceway: " << F.getName() << ": " << WHY << ":" << (I) \
                    << '\n')

namespace raceway {

FunctionInstrumenter::FunctionInstrumenter(Function &F, TrackedState &TS,
                                           SiteTable &Sites,
                                           const RuntimeHooks &Hooks,
                                           const RacewayOptions &Opts,
                                           const ArgumentOrigins *Seeds,
                                           SharedAccesses *Shared,
                                           CheckedAccesses *Checked)
    : F(F), DL(F.getParent()->getDataLayout()), Sites(Sites), Hooks(Hooks),
      Opts(Opts), Shared(Shared), Checked(Checked), Origins(F, TS, Seeds),
      Paths(TS, DL),
      Leaves(F, TS, Origins, Paths) {}

/// The address a load, store, atomicrmw or cmpxchg accesses, else null.
static Value *accessedPointer(Instruction *I) {
  if (Value *Ptr = getLoadStorePointerOperand(I))
    return Ptr;
  if (auto *RMW = dyn_cast<AtomicRMWInst>(I))
    return RMW->getPointerOperand();
  if (auto *CX = dyn_cast<AtomicCmpXchgInst>(I))
    return CX->getPointerOperand();
  return nullptr;
}

/// An atomic or fence that only orders against the same thread (signal
/// handlers), never against other threads.
static bool isSingleThread(const Instruction &I) {
  auto SSID = getAtomicSyncScopeID(&I);
  return SSID && *SSID == SyncScope::SingleThread;
}

void FunctionInstrumenter::collect() {
  for (Instruction &I : instructions(F)) {
    if (I.hasMetadata(LLVMContext::MD_nosanitize)) {
      if (I.mayReadOrWriteMemory())
        EXPLAIN(I, "skipped, !nosanitize");
      continue;
    }
    if (auto *FI = dyn_cast<FenceInst>(&I))
      collectFence(*FI);
    else if (auto *CB = dyn_cast<CallBase>(&I))
      collectCall(*CB);
    else if (Value *Ptr = accessedPointer(&I))
      collectAccess(I, Ptr);
  }
}

void FunctionInstrumenter::collectAccess(Instruction &I, Value *Ptr) {
  Type *AccessTy = isa<StoreInst>(I) ? cast<StoreInst>(I).getValueOperand()->getType()
                   : isa<AtomicCmpXchgInst>(I)
                       ? cast<AtomicCmpXchgInst>(I).getNewValOperand()->getType()
                       : I.getType();
  // A whole struct or array loaded or stored: a copy of what it holds.
  if (!I.isAtomic() && (AccessTy->isStructTy() || AccessTy->isArrayTy()) &&
      collectAggregate(I, Ptr, AccessTy))
    return;
  Origin O = Origins.ofAccess(
      Ptr, AccessTy->isSized() ? DL.getTypeStoreSize(AccessTy).getKnownMinValue() : 1);
  if (Shared)
    O = Shared->choose(I, Ptr, O);
  bool SingleThread = isSingleThread(I);
  if (!I.isAtomic() ||
      (SingleThread && (isa<LoadInst>(I) || isa<StoreInst>(I)))) {
    if (!O.Entity && Checked && !I.isAtomic() && Checked->wants(I, Ptr)) {
      EXPLAIN(I, "checked, may be tracked memory");
      Unproven.push_back(&I);
      return;
    }
    if (!O.Entity) {
      EXPLAIN(I, "not instrumented, untracked");
      return;
    }
    EXPLAIN(I, (isa<LoadInst>(I) ? "read of " : "write of ")
                   << O << (SingleThread ? " (single-thread atomic)" : ""));
    Plain.push_back({&I, O});
    return;
  }
  if (!O.Entity && SingleThread) {
    EXPLAIN(I, "not instrumented, single-thread atomic on untracked memory");
    return;
  }
  if (!O.Entity && !Opts.UntrackedAtomics) {
    EXPLAIN(I, "not instrumented, untracked atomic and "
               "-raceway-untracked-atomics=0");
    return;
  }
  EXPLAIN(I, "atomic on " << O << (O.Entity ? "" : ", happens-before only")
                          << (SingleThread ? ", single-thread: relaxed" : ""));
  Atomics.push_back({&I, O, SingleThread});
}

void FunctionInstrumenter::collectFence(FenceInst &FI) {
  if (isSingleThread(FI)) {
    EXPLAIN(FI, "not instrumented, single-thread (signal) fence");
    return;
  }
  if (!Opts.UntrackedAtomics) {
    EXPLAIN(FI, "not instrumented, -raceway-untracked-atomics=0");
    return;
  }
  EXPLAIN(FI, "fence");
  Fences.push_back(&FI);
}

void FunctionInstrumenter::collectCall(CallBase &CB) {
  auto *Callee = dyn_cast<Function>(CB.getCalledOperand()->stripPointerCasts());
  if (auto *MI = dyn_cast<MemIntrinsic>(&CB)) {
    collectMemIntrinsic(*MI);
    return;
  }
  if (!Callee || Callee->isIntrinsic() || !isSyncFunction(Callee->getName()))
    return;
  if (!Opts.Callsites) {
    EXPLAIN(CB, "not marked, -raceway-callsites=0");
    return;
  }
  EXPLAIN(CB, "call to " << Callee->getName());
  SyncCalls.push_back({&CB, Callee->getName()});
}

void FunctionInstrumenter::collectMemIntrinsic(MemIntrinsic &MI) {
  CopyAccess C;
  C.I = &MI;
  C.Dst = MI.getDest();
  auto *MT = dyn_cast<MemTransferInst>(&MI);
  C.Src = MT ? MT->getSource() : nullptr;
  C.Kind = MT ? CopyAccess::Transfer : CopyAccess::Set;
  auto *Len = dyn_cast<ConstantInt>(MI.getLength());
  if (!Len || Len->isZero() || Len->getValue().getActiveBits() > 32) {
    LLVM_DEBUG(if (Origins.of(C.Dst).Entity || (C.Src && Origins.of(C.Src).Entity))
                   EXPLAIN(MI, "not instrumented, copy of tracked state with a "
                               "length that is not a constant"));
    return;
  }
  uint64_t N = Len->getZExtValue();
  bool Complete = Leaves.find(C.Dst, N, C.Writes);
  if (C.Src)
    Complete &= Leaves.find(C.Src, N, C.Reads);
  (void)Complete; // For -debug-only=raceway.
  if (C.Writes.empty() && C.Reads.empty()) {
    EXPLAIN(MI, "not instrumented, copy of untracked memory");
    return;
  }
  EXPLAIN(MI, "copy: " << C.Writes.size() << " tracked writes, " << C.Reads.size()
                       << " tracked reads"
                       << (Complete ? "" : " (more left out: the first "
                                           "CopyLeaves::MaxLeaves per side)"));
  Copies.push_back(std::move(C));
}

bool FunctionInstrumenter::collectAggregate(Instruction &I, Value *Ptr, Type *Ty) {
  CopyAccess C;
  C.I = &I;
  bool Load = isa<LoadInst>(I);
  C.Kind = Load ? CopyAccess::AggLoad : CopyAccess::AggStore;
  (Load ? C.Src : C.Dst) = Ptr;
  Leaves.find(Ptr, DL.getTypeStoreSize(Ty).getFixedValue(), Load ? C.Reads : C.Writes);
  if (C.Reads.empty() && C.Writes.empty())
    return false;
  EXPLAIN(I, "aggregate " << (Load ? "load" : "store") << ": "
                          << (C.Reads.size() + C.Writes.size()) << " tracked locations");
  Copies.push_back(std::move(C));
  return true;
}

/// The parts of a site every access kind shares: names, location, size,
/// value kind.  Debug info, when present, gives signedness and bit-fields.
static void applyName(SiteDesc &D, const SiteName &N) {
  D.Variable = N.Variable;
  D.TypeName = N.TypeName;
  D.FieldOffset = N.FieldOffset;
  D.Flags = (D.Flags & ~uint8_t(RACEWAY_SITE_FIELD | RACEWAY_SITE_GLOBAL)) |
            N.Flags;
}

/// What the tracked entity adds to a site: without debug info, the annotation
/// still says where the state is; a redacted entity never sends its values.
static void applyEntity(SiteDesc &D, const Instruction &I,
                        const TrackedEntity &E) {
  if (!I.getDebugLoc() && !E.AnnotFile.empty() && E.AnnotLine) {
    D.File = E.AnnotFile;
    D.Line = E.AnnotLine;
    D.Column = 0;
  }
  if (E.Redact)
    D.Flags |= RACEWAY_SITE_REDACT;
}

SiteDesc FunctionInstrumenter::baseSite(Instruction *I, const Origin &O,
                                        Type *ValueTy, bool IRSaysBool,
                                        bool &IsBitField, AccessName &Name) {
  SiteDesc D;
  Sites.locate(*I, D);
  uint64_t Size = DL.getTypeStoreSize(ValueTy).getKnownMinValue();
  D.Size = Size > 255 ? 0 : uint8_t(Size);
  IsBitField = false;
  Name = AccessName();
  const DIType *Declared = nullptr;
  if (const TrackedEntity *E = O.Entity) {
    Name = Paths.name(O, accessedPointer(I), Size);
    applyName(D, Name.Static);
    applyEntity(D, *I, *E);
    if (O.Offset >= 0)
      Declared = typeAt(E->DeclaredType, O.Offset, Size, IsBitField);
  } else if (auto *GV = dyn_cast<GlobalVariable>(
                 getUnderlyingObject(accessedPointer(I)))) {
    // Untracked atomics on a global still say which global.
    D.Variable = demangle(GV->getName().str());
  }
  D.ValueKind = valueKind(ValueTy, Declared, IRSaysBool);
  return D;
}

Value *FunctionInstrumenter::siteValue(IRBuilder<> &B, const SiteDesc &D,
                                       const AccessName &Name) {
  GlobalVariable *Fallback = Sites.site(D);
  if (Name.Elements.empty())
    return Fallback;
  SmallVector<SiteDesc, 16> Ds;
  for (const SiteName &N : Name.Elements) {
    Ds.push_back(D);
    applyName(Ds.back(), N);
  }
  GlobalVariable *Table = Sites.siteArray(Ds);
  Value *Idx = B.CreateSExtOrTrunc(Name.Index, B.getInt64Ty());
  if (Name.Bias)
    Idx = B.CreateAdd(Idx, B.getInt64(uint64_t(Name.Bias)));
  Value *In = B.CreateICmpULT(Idx, B.getInt64(Ds.size()));
  Value *Safe = B.CreateSelect(In, Idx, B.getInt64(0));
  Value *Elem = B.CreateInBoundsGEP(Table->getValueType(), Table,
                                    {B.getInt64(0), Safe});
  return B.CreateSelect(In, Elem, Fallback);
}

/// The hooks take generic (address space 0) pointers.
static Value *hookPtr(IRBuilder<> &B, Value *Ptr) {
  return B.CreatePointerBitCastOrAddrSpaceCast(Ptr, B.getPtrTy());
}

/// Integer/boolean loads that clang marks as holding 0 or 1 are _Bool.
static bool loadIsBool(const LoadInst *LI) {
  const MDNode *Range = LI->getMetadata(LLVMContext::MD_range);
  if (!Range || Range->getNumOperands() != 2)
    return false;
  auto *Lo = mdconst::dyn_extract<ConstantInt>(Range->getOperand(0));
  auto *Hi = mdconst::dyn_extract<ConstantInt>(Range->getOperand(1));
  return Lo && Hi && Lo->isZero() && Hi->equalsInt(2);
}

static bool storeIsBool(const StoreInst *SI) {
  auto *ZExt = dyn_cast<ZExtInst>(SI->getValueOperand());
  return ZExt && ZExt->getSrcTy()->isIntegerTy(1);
}

void FunctionInstrumenter::instrumentPlain(PlainAccess &A) {
  assert(A.I->getFunction() == &F && A.O.Entity &&
         "a tracked access of the function being instrumented");
  bool IsBitField;
  AccessName Name;
  if (auto *LI = dyn_cast<LoadInst>(A.I)) {
    SiteDesc D =
        baseSite(LI, A.O, LI->getType(), loadIsBool(LI), IsBitField, Name);
    D.Access = RACEWAY_ACCESS_READ;
    D.Flags |= A.Flags | (IsBitField ? RACEWAY_SITE_BITFIELD : 0) |
               (LI->isVolatile() ? RACEWAY_SITE_VOLATILE : 0);
    IRBuilder<> B(LI->getNextNode());
    B.SetCurrentDebugLocation(LI->getDebugLoc());
    RuntimeHooks::call(B, Hooks.Read,
                       {siteValue(B, D, Name), hookPtr(B, LI->getPointerOperand()),
                        valueBits(B, LI, D.ValueKind)});
    ++NumReads;
    return;
  }
  auto *SI = cast<StoreInst>(A.I);
  Value *V = SI->getValueOperand();
  SiteDesc D =
      baseSite(SI, A.O, V->getType(), storeIsBool(SI), IsBitField, Name);
  D.Access = RACEWAY_ACCESS_WRITE;
  D.Flags |= A.Flags | (IsBitField ? RACEWAY_SITE_BITFIELD : 0) |
             (SI->isVolatile() ? RACEWAY_SITE_VOLATILE : 0);
  IRBuilder<> B(SI);
  RuntimeHooks::call(B, Hooks.Write,
                     {siteValue(B, D, Name), hookPtr(B, SI->getPointerOperand()),
                      valueBits(B, V, D.ValueKind)});
  ++NumWrites;
}

SiteDesc FunctionInstrumenter::copySite(Instruction *I, const CopyLeaf &L,
                                        Type *ValueTy, uint8_t Access) {
  SiteDesc D;
  Sites.locate(*I, D);
  D.Size = L.Size > 255 ? 0 : uint8_t(L.Size);
  applyName(D, L.Name.Static);
  const TrackedEntity *E = L.O.Entity;
  applyEntity(D, *I, *E);
  bool IsBitField = false;
  const DIType *Declared = nullptr;
  if (L.O.Offset >= 0)
    Declared = typeAt(E->DeclaredType, uint64_t(L.O.Offset), L.Size, IsBitField);
  if (IsBitField)
    D.Flags |= RACEWAY_SITE_BITFIELD;
  D.ValueKind = ValueTy ? valueKind(ValueTy, Declared) : uint8_t(RACEWAY_VALUE_NONE);
  D.Access = Access;
  return D;
}

/// Ptr + Off bytes.
static Value *bytePtr(IRBuilder<> &B, Value *Ptr, uint64_t Off) {
  return Off ? B.CreateConstInBoundsGEP1_64(B.getInt8Ty(), Ptr, Off) : Ptr;
}

/// The value memset leaves in an integer of type Ty: its byte repeated.
static Value *splatByte(IRBuilder<> &B, Value *Byte, Type *Ty) {
  unsigned Bits = Ty->getIntegerBitWidth();
  Value *Wide = B.CreateZExtOrTrunc(Byte, Ty);
  return Bits == 8 ? Wide
                   : B.CreateMul(Wide, ConstantInt::get(
                                           Ty, APInt::getSplat(Bits, APInt(8, 1))));
}

/// One leaf's hook: its site, the leaf's address in Base, and the bits
/// moved (0 when they cannot be had as one value).
void FunctionInstrumenter::copyHook(IRBuilder<> &B, Instruction *I,
                                    const CopyLeaf &L, Value *Base, Value *Val,
                                    uint8_t Access) {
  bool Write = Access == RACEWAY_ACCESS_WRITE;
  SiteDesc D = copySite(I, L, Val ? Val->getType() : nullptr, Access);
  RuntimeHooks::call(B, Write ? Hooks.Write : Hooks.Read,
                     {siteValue(B, D, L.Name), hookPtr(B, bytePtr(B, Base, L.Rel)),
                      Val ? valueBits(B, Val, D.ValueKind) : B.getInt64(0)});
  if (Write)
    ++NumWrites;
  else
    ++NumReads;
}

void FunctionInstrumenter::instrumentCopy(CopyAccess &C) {
  assert(C.I->getFunction() == &F && "a copy of the function being instrumented");
  ++NumCopies;
  // The destination's locations, written: before the copy, with the bits
  // about to be stored.
  IRBuilder<> Pre(C.I);
  for (CopyLeaf &L : C.Writes) {
    Value *Val = nullptr;
    if (L.Ty && L.Size <= 8) {
      if (C.Kind == CopyAccess::Transfer) {
        Val = Pre.CreateAlignedLoad(L.Ty, bytePtr(Pre, C.Src, L.Rel), Align(1));
      } else if (C.Kind == CopyAccess::Set) {
        if (L.Ty->isIntegerTy() && L.Ty->getIntegerBitWidth() % 8 == 0)
          Val = splatByte(Pre, cast<MemSetInst>(C.I)->getValue(), L.Ty);
      } else if (C.Kind == CopyAccess::AggStore) {
        Value *Agg = cast<StoreInst>(C.I)->getValueOperand();
        SmallVector<unsigned, 4> Path;
        if (Leaves.pathTo(Agg->getType(), L.Rel, L.Size, Path))
          Val = Pre.CreateExtractValue(Agg, Path);
      }
    }
    copyHook(Pre, C.I, L, C.Dst, Val, RACEWAY_ACCESS_WRITE);
  }
  if (C.Reads.empty())
    return;
  // The source's locations, read: after the copy, with the bits read
  // (which the destination now holds).
  IRBuilder<> Post(C.I->getNextNode());
  Post.SetCurrentDebugLocation(C.I->getDebugLoc());
  for (CopyLeaf &L : C.Reads) {
    Value *Val = nullptr;
    if (L.Ty && L.Size <= 8) {
      if (C.Kind == CopyAccess::Transfer) {
        Val = Post.CreateAlignedLoad(L.Ty, bytePtr(Post, C.Dst, L.Rel), Align(1));
      } else if (C.Kind == CopyAccess::AggLoad) {
        SmallVector<unsigned, 4> Path;
        if (Leaves.pathTo(C.I->getType(), L.Rel, L.Size, Path))
          Val = Post.CreateExtractValue(C.I, Path);
      }
    }
    copyHook(Post, C.I, L, C.Src, Val, RACEWAY_ACCESS_READ);
  }
}

/// The C11 order of a site; single-thread atomics order nothing between
/// threads, which for the runtime is relaxed.
static uint8_t orderOf(AtomicOrdering AO, bool SingleThread) {
  assert(AO != AtomicOrdering::NotAtomic && "an atomic's ordering");
  return SingleThread ? RACEWAY_ORDER_RELAXED : uint8_t(toCABI(AO));
}

void FunctionInstrumenter::instrumentAtomic(AtomicAccess &A) {
  Instruction *I = A.I;
  assert(I->getFunction() == &F && I->isAtomic() &&
         "an atomic of the function being instrumented");
  Type *ValueTy;
  if (auto *SI = dyn_cast<StoreInst>(I))
    ValueTy = SI->getValueOperand()->getType();
  else if (auto *CX = dyn_cast<AtomicCmpXchgInst>(I))
    ValueTy = CX->getNewValOperand()->getType();
  else
    ValueTy = I->getType();
  bool IsBitField;
  AccessName Name;
  SiteDesc D = baseSite(I, A.O, ValueTy, false, IsBitField, Name);
  if (A.O.Entity) {
    D.Flags |= RACEWAY_SITE_TRACKED;
    ++NumTrackedAtomics;
  } else {
    ++NumSyncAtomics;
  }

  if (auto *CX = dyn_cast<AtomicCmpXchgInst>(I))
    return instrumentCmpXchg(CX, D, Name, A.SingleThread);

  Value *Ptr = accessedPointer(I);
  if (auto *RMW = dyn_cast<AtomicRMWInst>(I)) {
    D.Access = RACEWAY_ACCESS_ATOMIC_RMW;
    D.Order = orderOf(RMW->getOrdering(), A.SingleThread);
  } else if (auto *LI = dyn_cast<LoadInst>(I)) {
    D.Access = RACEWAY_ACCESS_ATOMIC_READ;
    D.Order = orderOf(LI->getOrdering(), A.SingleThread);
  } else {
    D.Access = RACEWAY_ACCESS_ATOMIC_WRITE;
    D.Order = orderOf(cast<StoreInst>(I)->getOrdering(), A.SingleThread);
  }
  IRBuilder<> Pre(I);
  Value *Site = siteValue(Pre, D, Name);
  RuntimeHooks::call(Pre, Hooks.AtomicPre, {Site, hookPtr(Pre, Ptr)});

  IRBuilder<> Post(I->getNextNode());
  Post.SetCurrentDebugLocation(I->getDebugLoc());
  Value *Old, *New;
  if (auto *RMW = dyn_cast<AtomicRMWInst>(I)) {
    Old = valueBits(Post, RMW, D.ValueKind);
    New = valueBits(Post, rmwResult(Post, RMW, RMW), D.ValueKind);
  } else if (auto *SI = dyn_cast<StoreInst>(I)) {
    Old = Post.getInt64(0);
    New = valueBits(Post, SI->getValueOperand(), D.ValueKind);
  } else {
    Old = New = valueBits(Post, I, D.ValueKind);
  }
  RuntimeHooks::call(Post, Hooks.AtomicPost,
                     {Site, hookPtr(Post, Ptr), Old, New});
}

/// A cmpxchg has two sites: success (RMW, success order) and failure
/// (READ, failure order); the post hook gets the one that happened.
void FunctionInstrumenter::instrumentCmpXchg(AtomicCmpXchgInst *CX, SiteDesc D,
                                             const AccessName &Name,
                                             bool SingleThread) {
  SiteDesc Fail = D;
  D.Access = RACEWAY_ACCESS_ATOMIC_RMW;
  D.Order = orderOf(CX->getSuccessOrdering(), SingleThread);
  Fail.Access = RACEWAY_ACCESS_ATOMIC_READ;
  Fail.Order = orderOf(CX->getFailureOrdering(), SingleThread);
  Value *Ptr = CX->getPointerOperand();

  IRBuilder<> Pre(CX);
  Value *OkSite = siteValue(Pre, D, Name);
  Value *FailSite = siteValue(Pre, Fail, Name);
  RuntimeHooks::call(Pre, Hooks.AtomicPre, {OkSite, hookPtr(Pre, Ptr)});

  IRBuilder<> Post(CX->getNextNode());
  Post.SetCurrentDebugLocation(CX->getDebugLoc());
  Value *Loaded = Post.CreateExtractValue(CX, 0);
  Value *Success = Post.CreateExtractValue(CX, 1);
  Value *Site = Post.CreateSelect(Success, OkSite, FailSite);
  Value *Old = valueBits(Post, Loaded, D.ValueKind);
  Value *New = Post.CreateSelect(
      Success, valueBits(Post, CX->getNewValOperand(), D.ValueKind), Old);
  RuntimeHooks::call(Post, Hooks.AtomicPost,
                     {Site, hookPtr(Post, Ptr), Old, New});
}

void FunctionInstrumenter::instrumentFence(FenceInst *FI) {
  assert(FI->getFunction() == &F && !isSingleThread(*FI) &&
         "a thread fence of the function being instrumented");
  SiteDesc D;
  Sites.locate(*FI, D);
  D.Access = RACEWAY_ACCESS_FENCE;
  D.Order = orderOf(FI->getOrdering(), false);
  // Every fence is an event (MemoryFence), not only a happens-before edge.
  D.Flags |= RACEWAY_SITE_TRACKED;
  IRBuilder<> B(FI);
  RuntimeHooks::call(B, Hooks.Fence, {Sites.site(D)});
  ++NumFences;
}

void FunctionInstrumenter::instrumentCallsite(CallBase *CB, StringRef Callee) {
  assert(CB->getFunction() == &F &&
         "a call of the function being instrumented");
  SiteDesc D;
  Sites.locate(*CB, D);
  D.Access = RACEWAY_ACCESS_CALL;
  D.Variable = Callee.str();
  IRBuilder<> B(CB);
  RuntimeHooks::call(B, Hooks.Callsite, {Sites.site(D)});
  ++NumCallsites;
}

unsigned FunctionInstrumenter::run() {
  collect();
  if (Shared)
    SharedAccesses::dropRedundant(Plain);
  markCompoundAccesses(Plain);
  unsigned Tracked = Plain.size();
  for (PlainAccess &A : Plain)
    instrumentPlain(A);
  for (CopyAccess &C : Copies) {
    Tracked += C.Writes.size() + C.Reads.size();
    instrumentCopy(C);
  }
  for (AtomicAccess &A : Atomics) {
    Tracked += A.O.Entity != nullptr;
    instrumentAtomic(A);
  }
  for (FenceInst *FI : Fences)
    instrumentFence(FI);
  for (auto &[CB, Callee] : SyncCalls)
    instrumentCallsite(CB, Callee);
  for (Instruction *I : Unproven) // Last: each splits its block.
    Checked->instrument(*I);
  return Tracked;
}

} // namespace raceway
