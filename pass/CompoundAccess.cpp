//===- CompoundAccess.cpp - pair the halves of x++ per basic block --------===//

#include "CompoundAccess.h"
#include "raceway/abi.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/Support/Debug.h"
#include "llvm/Support/raw_ostream.h"

#define DEBUG_TYPE "raceway"

using namespace llvm;

namespace raceway {

// countSyncs' count of an access it did not find in the block (none).
static const unsigned NoCount = ~0u;

// How far (in instructions) a stored value may be from the load it is
// computed from: x = x * 3 + 1 is two, a bit-field store two or three.
static const unsigned MaxDepth = 8;

namespace {

/// Finds the loads a value is computed from through at most MaxDepth
/// instructions of one block that neither touch memory nor merge control
/// flow (phis).
class LoadFinder {
public:
  explicit LoadFinder(const BasicBlock *BB) : BB(BB) {}

  /// Sets Out to the loads V is computed from.
  void find(const Value *V, SmallVectorImpl<const LoadInst *> &Out) {
    Out.clear();
    DepthLeft.clear();
    visit(V, MaxDepth, Out);
  }

private:
  void visit(const Value *V, unsigned Depth,
             SmallVectorImpl<const LoadInst *> &Out);

  const BasicBlock *BB;
  /// The most depth each value was visited with: a second visit with no
  /// more depth left finds nothing new, which bounds the walk.
  DenseMap<const Value *, unsigned> DepthLeft;
};

} // namespace

void LoadFinder::visit(const Value *V, unsigned Depth,
                       SmallVectorImpl<const LoadInst *> &Out) {
  auto [It, First] = DepthLeft.try_emplace(V, Depth);
  if (!First) {
    if (It->second >= Depth)
      return;
    It->second = Depth;
  }
  if (auto *LI = dyn_cast<LoadInst>(V)) {
    if (First)
      Out.push_back(LI);
    return;
  }
  auto *I = dyn_cast<Instruction>(V);
  if (!I || Depth == 0 || I->getParent() != BB || isa<PHINode>(I) ||
      I->mayReadOrWriteMemory())
    return;
  for (const Value *Op : I->operands())
    visit(Op, Depth - 1, Out);
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

/// I may order this thread with another: an atomic, a fence, or a call
/// that may touch memory (not an intrinsic that only informs the
/// optimizer).  With none between the halves of x++, both run in one
/// epoch of the thread's clock.
static bool maySynchronize(const Instruction &I) {
  if (auto *CB = dyn_cast<CallBase>(&I)) {
    auto *II = dyn_cast<IntrinsicInst>(CB);
    return !(II && II->isAssumeLikeIntrinsic()) && !CB->doesNotAccessMemory();
  }
  return I.isAtomic();
}

/// For each access of Block, how many instructions that may synchronise
/// come before it in its block (the accesses themselves never count).
static void countSyncs(ArrayRef<PlainAccess> Block,
                       SmallVectorImpl<unsigned> &Syncs) {
  DenseMap<const Instruction *, size_t> Index;
  for (size_t K = 0; K < Block.size(); ++K)
    Index[Block[K].I] = K;
  Syncs.assign(Block.size(), NoCount);
  unsigned N = 0;
  for (const Instruction &I : *Block.front().I->getParent()) {
    auto It = Index.find(&I);
    if (It != Index.end())
      Syncs[It->second] = N;
    else if (maySynchronize(I))
      ++N;
  }
}

/// The accesses of one block, in instruction order.
static void markInBlock(MutableArrayRef<PlainAccess> Block) {
  // Position of each load in Block, which orders it against the stores.
  DenseMap<const LoadInst *, size_t> Loads;
  for (size_t K = 0; K < Block.size(); ++K)
    if (auto *LI = dyn_cast<LoadInst>(Block[K].I))
      Loads[LI] = K;
  if (Loads.empty())
    return;
  SmallVector<unsigned, 16> Syncs;
  countSyncs(Block, Syncs);
  LoadFinder Finder(Block.front().I->getParent());
  SmallVector<const LoadInst *, 4> From;
  for (size_t S = 0; S < Block.size(); ++S) {
    auto *SI = dyn_cast<StoreInst>(Block[S].I);
    if (!SI)
      continue;
    Finder.find(SI->getValueOperand(), From);
    for (const LoadInst *LI : From) {
      auto It = Loads.find(LI);
      if (It == Loads.end() || It->second > S ||
          LI->getPointerOperand() != SI->getPointerOperand())
        continue;
      assert(LI->getParent() == SI->getParent() && LI->comesBefore(SI) &&
             "the read half of a compound access precedes its write half");
      PlainAccess &Load = Block[It->second];
      Load.Flags |= RACEWAY_SITE_COMPOUND;
      // Same epoch and bytes at both halves: an access that would race
      // with the read's record races with the write's.
      unsigned Before = Syncs[It->second];
      bool WriteFollows = Before != NoCount && Before == Syncs[S] &&
                          LI->getType() == SI->getValueOperand()->getType();
      if (WriteFollows)
        Load.Flags |= RACEWAY_SITE_WRITE_FOLLOWS;
      bool BitField = isBitFieldStore(SI, LI);
      if (BitField) {
        Load.Flags |= RACEWAY_SITE_BITFIELD;
        Block[S].Flags |= RACEWAY_SITE_BITFIELD;
      }
      LLVM_DEBUG(dbgs() << "raceway: compound access to " << Load.O
                        << (BitField ? " (bit-field store)" : "")
                        << (WriteFollows ? ", the write records both" : "")
                        << ", read:" << *LI << "\n");
    }
  }
}

void markCompoundAccesses(MutableArrayRef<PlainAccess> Accesses) {
#ifndef NDEBUG
  SmallPtrSet<const BasicBlock *, 16> Done;
#endif
  size_t Begin = 0;
  while (Begin < Accesses.size()) {
    const BasicBlock *BB = Accesses[Begin].I->getParent();
    assert(Done.insert(BB).second && "accesses are grouped by block");
    size_t End = Begin + 1;
    while (End < Accesses.size() && Accesses[End].I->getParent() == BB)
      ++End;
    markInBlock(Accesses.slice(Begin, End - Begin));
    Begin = End;
  }
}

} // namespace raceway
