//===- RacewayPass.cpp - instrument accesses to tracked state -------------===//
//
// For each function: find the accesses whose pointer points into tracked
// state (PointerOrigin), the atomics, fences and synchronisation calls;
// give each one a constant site record (SiteTable) and a runtime call.
//
// Not tracked, by design: whole-struct copies (llvm.memcpy/memset on a
// struct holding a tracked field carry no field annotation; the runtime
// would need byte ranges), and accesses through pointers that leave the
// function (the callee sees no annotation).
//
//===----------------------------------------------------------------------===//

#include "RacewayPass.h"
#include "FunctionEntry.h"
#include "PointerOrigin.h"
#include "RuntimeHooks.h"
#include "SiteTable.h"
#include "SyncFunctions.h"
#include "TrackedState.h"
#include "ValueBits.h"
#include "raceway/abi.h"

#include "llvm/ADT/Statistic.h"
#include "llvm/Analysis/OptimizationRemarkEmitter.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/Demangle/Demangle.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/Support/AtomicOrdering.h"
#include "llvm/Support/CommandLine.h"
#include <memory>

#define DEBUG_TYPE "raceway"

using namespace llvm;

STATISTIC(NumReads, "Number of instrumented reads of tracked state");
STATISTIC(NumWrites, "Number of instrumented writes of tracked state");
STATISTIC(NumTrackedAtomics, "Number of instrumented atomics on tracked state");
STATISTIC(NumSyncAtomics, "Number of instrumented atomics on other memory");
STATISTIC(NumFences, "Number of instrumented fences");
STATISTIC(NumCallsites, "Number of synchronisation call sites marked");

namespace raceway {

namespace {
struct Options {
  cl::opt<std::string> Functions{
      "raceway-functions",
      cl::desc("Comma-separated globs of functions that get entry/exit "
               "events (mangled or demangled names)"),
      cl::init("")};
  cl::opt<bool> UntrackedAtomics{
      "raceway-untracked-atomics",
      cl::desc("In modules with tracked state, also instrument atomics on "
               "untracked memory and fences (happens-before only)"),
      cl::init(true)};
  cl::opt<bool> Callsites{
      "raceway-callsites",
      cl::desc("Mark calls to synchronisation functions with their source "
               "location"),
      cl::init(true)};
};
std::unique_ptr<Options> &optionStorage() {
  static std::unique_ptr<Options> Opts;
  return Opts;
}
} // namespace

void registerOptions() {
  if (!optionStorage())
    optionStorage() = std::make_unique<Options>();
}

RacewayOptions currentOptions() {
  registerOptions();
  Options &O = *optionStorage();
  return {O.Functions, O.UntrackedAtomics, O.Callsites};
}

namespace {

/// A plain load or store of tracked state.
struct PlainAccess {
  Instruction *I;
  Origin O;
  uint8_t Flags = 0;
};

/// An atomic instruction; O.Entity == null for untracked memory.
struct AtomicAccess {
  Instruction *I;
  Origin O;
};

/// Instruments one function.  Collects first, then rewrites, so that the
/// calls it inserts are never themselves visited.
class FunctionInstrumenter {
public:
  FunctionInstrumenter(Function &F, TrackedState &TS, SiteTable &Sites,
                       const RuntimeHooks &Hooks, const RacewayOptions &Opts)
      : F(F), DL(F.getParent()->getDataLayout()), Sites(Sites),
        Hooks(Hooks), Opts(Opts), Origins(F, TS) {}

  /// Returns the number of accesses to tracked state instrumented.
  unsigned run();

private:
  void collect();
  void markCompoundAndBitFields();
  SiteDesc baseSite(Instruction *I, const Origin &O, Type *ValueTy,
                    bool IRSaysBool, bool &IsBitField);
  void instrumentPlain(PlainAccess &A);
  void instrumentAtomic(AtomicAccess &A);
  void instrumentCmpXchg(AtomicCmpXchgInst *CX, SiteDesc D);
  void instrumentFence(FenceInst *FI);
  void instrumentCallsite(CallBase *CB, StringRef Callee);

  Function &F;
  const DataLayout &DL;
  SiteTable &Sites;
  const RuntimeHooks &Hooks;
  const RacewayOptions &Opts;
  PointerOrigins Origins;

  SmallVector<PlainAccess, 16> Plain;
  SmallVector<AtomicAccess, 8> Atomics;
  SmallVector<FenceInst *, 4> Fences;
  SmallVector<std::pair<CallBase *, StringRef>, 8> SyncCalls;
};

/// The address a load, store, atomicrmw or cmpxchg accesses, else null.
Value *accessedPointer(Instruction *I) {
  if (Value *Ptr = getLoadStorePointerOperand(I))
    return Ptr;
  if (auto *RMW = dyn_cast<AtomicRMWInst>(I))
    return RMW->getPointerOperand();
  if (auto *CX = dyn_cast<AtomicCmpXchgInst>(I))
    return CX->getPointerOperand();
  return nullptr;
}

bool isSingleThread(const Instruction *I) {
  if (auto *LI = dyn_cast<LoadInst>(I))
    return LI->getSyncScopeID() == SyncScope::SingleThread;
  if (auto *SI = dyn_cast<StoreInst>(I))
    return SI->getSyncScopeID() == SyncScope::SingleThread;
  if (auto *RMW = dyn_cast<AtomicRMWInst>(I))
    return RMW->getSyncScopeID() == SyncScope::SingleThread;
  if (auto *CX = dyn_cast<AtomicCmpXchgInst>(I))
    return CX->getSyncScopeID() == SyncScope::SingleThread;
  if (auto *FI = dyn_cast<FenceInst>(I))
    return FI->getSyncScopeID() == SyncScope::SingleThread;
  return false;
}

} // namespace

void FunctionInstrumenter::collect() {
  for (Instruction &I : instructions(F)) {
    if (I.hasMetadata(LLVMContext::MD_nosanitize) || isSingleThread(&I))
      continue;
    if (auto *FI = dyn_cast<FenceInst>(&I)) {
      if (Opts.UntrackedAtomics)
        Fences.push_back(FI);
      continue;
    }
    if (auto *CB = dyn_cast<CallBase>(&I)) {
      auto *Callee =
          dyn_cast<Function>(CB->getCalledOperand()->stripPointerCasts());
      if (Opts.Callsites && Callee && isSyncFunction(Callee->getName()))
        SyncCalls.push_back({CB, Callee->getName()});
      continue;
    }
    Value *Ptr = accessedPointer(&I);
    if (!Ptr)
      continue;
    Origin O = Origins.of(Ptr);
    if (I.isAtomic()) {
      if (O.Entity || Opts.UntrackedAtomics)
        Atomics.push_back({&I, O});
    } else if (O.Entity) {
      Plain.push_back({&I, O});
    }
  }
}

/// True if V is computed from Load within a few instructions of its block
/// (x += n, x++, and the read-modify-write of a bit-field store).
static bool dependsOn(const Value *V, const LoadInst *Load, unsigned Depth) {
  if (V == Load)
    return true;
  auto *I = dyn_cast<Instruction>(V);
  if (!I || Depth == 0 || I->getParent() != Load->getParent() ||
      isa<PHINode>(I) || I->mayReadOrWriteMemory())
    return false;
  for (const Value *Op : I->operands())
    if (dependsOn(Op, Load, Depth - 1))
      return true;
  return false;
}

/// The `(load & mask) | bits` shape clang emits for a bit-field store.
static bool isBitFieldStore(const StoreInst *SI, const LoadInst *LI) {
  auto *Or = dyn_cast<BinaryOperator>(SI->getValueOperand());
  if (!Or || Or->getOpcode() != Instruction::Or)
    return false;
  for (const Value *Op : Or->operands())
    if (auto *And = dyn_cast<BinaryOperator>(Op))
      if (And->getOpcode() == Instruction::And &&
          (And->getOperand(0) == LI || And->getOperand(1) == LI))
        return true;
  return false;
}

void FunctionInstrumenter::markCompoundAndBitFields() {
  for (PlainAccess &Load : Plain) {
    auto *LI = dyn_cast<LoadInst>(Load.I);
    if (!LI)
      continue;
    for (PlainAccess &Store : Plain) {
      auto *SI = dyn_cast<StoreInst>(Store.I);
      if (!SI || SI->getPointerOperand() != LI->getPointerOperand() ||
          SI->getParent() != LI->getParent() || !LI->comesBefore(SI) ||
          !dependsOn(SI->getValueOperand(), LI, 8))
        continue;
      Load.Flags |= RACEWAY_SITE_COMPOUND;
      if (isBitFieldStore(SI, LI)) {
        Load.Flags |= RACEWAY_SITE_BITFIELD;
        Store.Flags |= RACEWAY_SITE_BITFIELD;
      }
    }
  }
}

/// The parts of a site every access kind shares: names, location, size,
/// value kind.  Debug info, when present, gives signedness and bit-fields.
SiteDesc FunctionInstrumenter::baseSite(Instruction *I, const Origin &O,
                                        Type *ValueTy, bool IRSaysBool,
                                        bool &IsBitField) {
  SiteDesc D;
  Sites.locate(*I, D);
  uint64_t Size = DL.getTypeStoreSize(ValueTy).getKnownMinValue();
  D.Size = Size > 255 ? 0 : uint8_t(Size);
  IsBitField = false;
  const DIType *Declared = nullptr;
  if (const TrackedEntity *E = O.Entity) {
    D.Variable = E->Variable;
    if (E->Kind == TrackedEntity::Field) {
      if (!E->TypeName.empty())
        D.TypeName = E->TypeName;
      D.FieldOffset = E->FieldOffset;
      D.Flags |= RACEWAY_SITE_FIELD;
    }
    if (E->Redact)
      D.Flags |= RACEWAY_SITE_REDACT;
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
  bool IsBitField;
  if (auto *LI = dyn_cast<LoadInst>(A.I)) {
    SiteDesc D = baseSite(LI, A.O, LI->getType(), loadIsBool(LI), IsBitField);
    D.Access = RACEWAY_ACCESS_READ;
    D.Flags |= A.Flags | (IsBitField ? RACEWAY_SITE_BITFIELD : 0) |
               (LI->isVolatile() ? RACEWAY_SITE_VOLATILE : 0);
    IRBuilder<> B(LI->getNextNode());
    B.SetCurrentDebugLocation(LI->getDebugLoc());
    B.CreateCall(Hooks.Read, {Sites.site(D), hookPtr(B, LI->getPointerOperand()),
                              valueBits(B, LI, D.ValueKind)});
    ++NumReads;
    return;
  }
  auto *SI = cast<StoreInst>(A.I);
  Value *V = SI->getValueOperand();
  SiteDesc D = baseSite(SI, A.O, V->getType(), storeIsBool(SI), IsBitField);
  D.Access = RACEWAY_ACCESS_WRITE;
  D.Flags |= A.Flags | (IsBitField ? RACEWAY_SITE_BITFIELD : 0) |
             (SI->isVolatile() ? RACEWAY_SITE_VOLATILE : 0);
  IRBuilder<> B(SI);
  B.CreateCall(Hooks.Write, {Sites.site(D), hookPtr(B, SI->getPointerOperand()),
                             valueBits(B, V, D.ValueKind)});
  ++NumWrites;
}

/// The value an atomicrmw leaves in memory, computed from the old value;
/// operations without an integer formula here report the old value.
static Value *rmwResult(IRBuilder<> &B, AtomicRMWInst *RMW, Value *Old) {
  Value *V = RMW->getValOperand();
  if (RMW->getOperation() == AtomicRMWInst::Xchg)
    return V;
  if (Old->getType()->isFloatingPointTy()) {
    switch (RMW->getOperation()) {
    case AtomicRMWInst::FAdd:
      return B.CreateFAdd(Old, V);
    case AtomicRMWInst::FSub:
      return B.CreateFSub(Old, V);
    case AtomicRMWInst::FMax:
      return B.CreateMaxNum(Old, V);
    case AtomicRMWInst::FMin:
      return B.CreateMinNum(Old, V);
    default:
      return Old;
    }
  }
  if (!Old->getType()->isIntegerTy())
    return Old;
  switch (RMW->getOperation()) {
  case AtomicRMWInst::Add:
    return B.CreateAdd(Old, V);
  case AtomicRMWInst::Sub:
    return B.CreateSub(Old, V);
  case AtomicRMWInst::And:
    return B.CreateAnd(Old, V);
  case AtomicRMWInst::Or:
    return B.CreateOr(Old, V);
  case AtomicRMWInst::Xor:
    return B.CreateXor(Old, V);
  case AtomicRMWInst::Nand:
    return B.CreateNot(B.CreateAnd(Old, V));
  case AtomicRMWInst::Max:
    return B.CreateSelect(B.CreateICmpSGT(Old, V), Old, V);
  case AtomicRMWInst::Min:
    return B.CreateSelect(B.CreateICmpSLT(Old, V), Old, V);
  case AtomicRMWInst::UMax:
    return B.CreateSelect(B.CreateICmpUGT(Old, V), Old, V);
  case AtomicRMWInst::UMin:
    return B.CreateSelect(B.CreateICmpULT(Old, V), Old, V);
  default:
    return Old;
  }
}

static uint8_t orderOf(AtomicOrdering AO) { return uint8_t(toCABI(AO)); }

void FunctionInstrumenter::instrumentAtomic(AtomicAccess &A) {
  Instruction *I = A.I;
  Type *ValueTy;
  if (auto *SI = dyn_cast<StoreInst>(I))
    ValueTy = SI->getValueOperand()->getType();
  else if (auto *CX = dyn_cast<AtomicCmpXchgInst>(I))
    ValueTy = CX->getNewValOperand()->getType();
  else
    ValueTy = I->getType();
  bool IsBitField;
  SiteDesc D = baseSite(I, A.O, ValueTy, false, IsBitField);
  if (A.O.Entity)
    D.Flags |= RACEWAY_SITE_TRACKED;
  if (A.O.Entity)
    ++NumTrackedAtomics;
  else
    ++NumSyncAtomics;

  if (auto *CX = dyn_cast<AtomicCmpXchgInst>(I))
    return instrumentCmpXchg(CX, D);

  Value *Ptr = accessedPointer(I);
  if (auto *RMW = dyn_cast<AtomicRMWInst>(I)) {
    D.Access = RACEWAY_ACCESS_ATOMIC_RMW;
    D.Order = orderOf(RMW->getOrdering());
  } else if (auto *LI = dyn_cast<LoadInst>(I)) {
    D.Access = RACEWAY_ACCESS_ATOMIC_READ;
    D.Order = orderOf(LI->getOrdering());
  } else {
    D.Access = RACEWAY_ACCESS_ATOMIC_WRITE;
    D.Order = orderOf(cast<StoreInst>(I)->getOrdering());
  }
  GlobalVariable *Site = Sites.site(D);
  IRBuilder<> Pre(I);
  Pre.CreateCall(Hooks.AtomicPre, {Site, hookPtr(Pre, Ptr)});

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
  Post.CreateCall(Hooks.AtomicPost, {Site, hookPtr(Post, Ptr), Old, New});
}

/// A cmpxchg has two sites: success (RMW, success order) and failure
/// (READ, failure order); the post hook gets the one that happened.
void FunctionInstrumenter::instrumentCmpXchg(AtomicCmpXchgInst *CX,
                                             SiteDesc D) {
  SiteDesc Fail = D;
  D.Access = RACEWAY_ACCESS_ATOMIC_RMW;
  D.Order = orderOf(CX->getSuccessOrdering());
  Fail.Access = RACEWAY_ACCESS_ATOMIC_READ;
  Fail.Order = orderOf(CX->getFailureOrdering());
  GlobalVariable *OkSite = Sites.site(D);
  GlobalVariable *FailSite = Sites.site(Fail);
  Value *Ptr = CX->getPointerOperand();

  IRBuilder<> Pre(CX);
  Pre.CreateCall(Hooks.AtomicPre, {OkSite, hookPtr(Pre, Ptr)});

  IRBuilder<> Post(CX->getNextNode());
  Post.SetCurrentDebugLocation(CX->getDebugLoc());
  Value *Loaded = Post.CreateExtractValue(CX, 0);
  Value *Success = Post.CreateExtractValue(CX, 1);
  Value *Site = Post.CreateSelect(Success, OkSite, FailSite);
  Value *Old = valueBits(Post, Loaded, D.ValueKind);
  Value *New = Post.CreateSelect(
      Success, valueBits(Post, CX->getNewValOperand(), D.ValueKind), Old);
  Post.CreateCall(Hooks.AtomicPost, {Site, hookPtr(Post, Ptr), Old, New});
}

void FunctionInstrumenter::instrumentFence(FenceInst *FI) {
  SiteDesc D;
  Sites.locate(*FI, D);
  D.Access = RACEWAY_ACCESS_FENCE;
  D.Order = orderOf(FI->getOrdering());
  // Every fence is an event (MemoryFence), not only a happens-before edge.
  D.Flags |= RACEWAY_SITE_TRACKED;
  IRBuilder<> B(FI);
  B.CreateCall(Hooks.Fence, {Sites.site(D)});
  ++NumFences;
}

void FunctionInstrumenter::instrumentCallsite(CallBase *CB, StringRef Callee) {
  SiteDesc D;
  Sites.locate(*CB, D);
  D.Access = RACEWAY_ACCESS_CALL;
  D.Variable = Callee.str();
  IRBuilder<> B(CB);
  B.CreateCall(Hooks.Callsite, {Sites.site(D)});
  ++NumCallsites;
}

unsigned FunctionInstrumenter::run() {
  collect();
  markCompoundAndBitFields();
  unsigned Tracked = Plain.size();
  for (PlainAccess &A : Plain)
    instrumentPlain(A);
  for (AtomicAccess &A : Atomics) {
    Tracked += A.O.Entity != nullptr;
    instrumentAtomic(A);
  }
  for (FenceInst *FI : Fences)
    instrumentFence(FI);
  for (auto &[CB, Callee] : SyncCalls)
    instrumentCallsite(CB, Callee);
  return Tracked;
}

static bool shouldSkip(const Function &F) {
  return F.isDeclaration() || F.hasFnAttribute(Attribute::Naked) ||
         F.hasFnAttribute(Attribute::DisableSanitizerInstrumentation) ||
         RuntimeHooks::isHookName(F.getName());
}

PreservedAnalyses RacewayPass::run(Module &M, ModuleAnalysisManager &MAM) {
  // Already instrumented (e.g. the pass was added twice to one pipeline).
  if (M.getNamedMetadata("raceway.instrumented"))
    return PreservedAnalyses::all();
  RacewayOptions Opts = currentOptions();
  TrackedState TS(M);
  FunctionSelector Selector(M, Opts.Functions);
  SmallVector<Function *, 4> Entries;
  for (Function &F : M)
    if (!shouldSkip(F) && Selector.selects(F, TS))
      Entries.push_back(&F);
  if (!TS.any() && Entries.empty())
    return PreservedAnalyses::all();

  SiteTable Sites(M);
  RuntimeHooks Hooks(M);
  auto &FAM = MAM.getResult<FunctionAnalysisManagerModuleProxy>(M).getManager();
  if (TS.any()) {
    for (Function &F : M) {
      if (shouldSkip(F))
        continue;
      unsigned N = FunctionInstrumenter(F, TS, Sites, Hooks, Opts).run();
      if (N == 0)
        continue;
      auto &ORE = FAM.getResult<OptimizationRemarkEmitterAnalysis>(F);
      ORE.emit([&] {
        return OptimizationRemark(DEBUG_TYPE, "Instrumented", &F)
               << "instrumented " << ore::NV("Accesses", N)
               << " accesses to tracked state";
      });
    }
  }
  for (Function *F : Entries)
    instrumentFunctionEntry(*F, Sites, Hooks);
  Hooks.dropUnused();
  M.getOrInsertNamedMetadata("raceway.instrumented");
  return PreservedAnalyses::none();
}

} // namespace raceway
