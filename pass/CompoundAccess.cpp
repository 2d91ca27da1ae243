//===- CompoundAccess.cpp - pair the halves of x++ per basic block --------===//

#include "CompoundAccess.h"
#include "raceway/abi.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/Instructions.h"
#include "llvm/Support/Debug.h"
#include "llvm/Support/raw_ostream.h"

#define DEBUG_TYPE "raceway"

using namespace llvm;

namespace raceway {

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

/// The accesses of one block, in instruction order.
static void markInBlock(MutableArrayRef<PlainAccess> Block) {
  // Position of each load in Block, which orders it against the stores.
  DenseMap<const LoadInst *, size_t> Loads;
  for (size_t K = 0; K < Block.size(); ++K)
    if (auto *LI = dyn_cast<LoadInst>(Block[K].I))
      Loads[LI] = K;
  if (Loads.empty())
    return;
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
      bool BitField = isBitFieldStore(SI, LI);
      if (BitField) {
        Load.Flags |= RACEWAY_SITE_BITFIELD;
        Block[S].Flags |= RACEWAY_SITE_BITFIELD;
      }
      LLVM_DEBUG(dbgs() << "raceway: compound access to " << Load.O
                        << (BitField ? " (bit-field store)" : "")
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
