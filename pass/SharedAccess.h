//===- SharedAccess.h - whole-file mode: the accesses that may be shared --===//
//
// -mllvm -raceway-track=all instruments, besides tracked state, every load,
// store and atomic of the module that may touch memory another thread can
// see: globals, the heap, and stack objects whose address escapes (clang's
// OpenMP outlined functions receive shared locals through pointers).  As
// ThreadSanitizer's chooseInstructionsToInstrument does, it skips what
// provably cannot be shared: a stack object whose address is never
// captured (PointerMayBeCaptured), constant and thread-local globals,
// vtable-pointer and !invariant.load loads; and in a basic block it drops a
// read followed by a write of the same address with no call, atomic or
// fence between (whatever races with the read races with the write).
//
// Each such access gets an Auto entity (TrackedState.h) named from what
// its pointer is rooted at, through FieldPath: a global ("g", "grid[2]",
// "stats.hits"), a local or parameter named by debug info ("a[3]", "x",
// "p.f"), a pointer loaded from one ("*p"; "p[]" when indexed), else
// "*ptr".  Annotated and listed state keep their own entities and names and
// are never dropped; copies (memcpy, struct assignment) are seen only for
// tracked state.
//
//===----------------------------------------------------------------------===//
#ifndef RACEWAY_PASS_SHAREDACCESS_H
#define RACEWAY_PASS_SHAREDACCESS_H

#include "CompoundAccess.h"
#include "FieldPath.h"
#include "PointerOrigin.h"
#include "TrackedState.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/Instructions.h"
#include <memory>
#include <string>

namespace raceway {

class SharedAccesses {
public:
  SharedAccesses(llvm::Module &M, TrackedState &TS);

  /// The origin to instrument I, an access at Ptr whose tracked origin is
  /// O, with: O itself for tracked state, else an Auto entity's, or none
  /// (Entity == null) when the memory provably cannot be shared.
  Origin choose(llvm::Instruction &I, llvm::Value *Ptr, const Origin &O);

  /// Drops, block by block, each read of Auto memory that a write of the
  /// same pointer follows in its block with no call, atomic or fence in
  /// between.  Plain is in instruction order.
  static void dropRedundant(llvm::SmallVectorImpl<PlainAccess> &Plain);

  /// False when an access I at Ptr provably touches memory no other
  /// thread sees (choose()'s test, without naming): checked escapes.
  bool mayBeSharedAt(const llvm::Instruction &I, const llvm::Value *Ptr) {
    return Ptr->getType()->getPointerAddressSpace() == 0 &&
           mayBeShared(I, llvm::getUnderlyingObject(Ptr));
  }

private:
  /// How an access names its root: "a[3]" / "p.f" (the root's object,
  /// with a path), "p[]" (indexed through a pointer), "*p".
  enum Form { Object, Indexed, Deref };
  bool mayBeShared(const llvm::Instruction &I, const llvm::Value *Obj);
  bool escapes(const llvm::AllocaInst *AI);
  void nameLocals(llvm::Function &F);
  std::string rootName(const llvm::Value *Root);
  std::string indirectName(const llvm::Value *Root);
  bool isArtificial(const llvm::Value *Root);
  const TrackedEntity *entity(const llvm::Value *Root, Form How);

  FieldPaths Paths;
  const llvm::Function *Named = nullptr; ///< The function Locals describes.
  llvm::DenseMap<const llvm::Value *, std::string> Locals;
  llvm::DenseMap<const llvm::Value *, llvm::DIType *> LocalTypes;
  llvm::SmallPtrSet<const llvm::Value *, 8> Artificial;
  llvm::SmallPtrSet<const llvm::Value *, 8> References;
  llvm::DenseMap<std::pair<const llvm::Value *, uint64_t>, std::string> Indirect;
  llvm::DenseMap<const llvm::AllocaInst *, bool> Escapes;
  llvm::DenseMap<std::pair<const llvm::Value *, unsigned>,
                 std::unique_ptr<TrackedEntity>>
      Entities;
};

} // namespace raceway

#endif // RACEWAY_PASS_SHAREDACCESS_H
