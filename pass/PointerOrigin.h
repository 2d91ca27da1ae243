//===- PointerOrigin.h - which tracked entity a pointer points into -------===//
//
// Follows a pointer back to tracked state inside one function: through
// GEPs and casts, phi and select, ptr.annotation calls (annotated fields),
// struct GEPs selecting a listed field (Tracklist.h), and pointers kept in
// local allocas (clang -O0 keeps `long *p = &a->balance;` in a stack slot).
// Slots are solved by an optimistic fixpoint: a non-escaping pointer slot is
// tracked when every value stored into it points into the same entity.
// Pointers that leave the function (arguments, calls, memory other than
// such slots) are not followed here; a parameter may be given the origin
// its callers' argument has (Escapes.h clones a callee per origin).
//
//===----------------------------------------------------------------------===//
#ifndef RACEWAY_PASS_POINTERORIGIN_H
#define RACEWAY_PASS_POINTERORIGIN_H

#include "TrackedState.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/Support/raw_ostream.h"

namespace raceway {

/// Where a pointer points: an entity and the constant byte offset from its
/// start (Offset < 0: not constant).  Entity == null: untracked memory.
struct Origin {
  const TrackedEntity *Entity = nullptr;
  int64_t Offset = -1;
  /// Field: the one anchor the pointer comes from (Offset is from it): the
  /// ptr.annotation call of an annotated field, the struct GEP or global
  /// address of a listed one; null when several may (FieldPath then names
  /// the field alone).
  const llvm::Value *Annot = nullptr;
};

/// "counter", "Account.balance+8", "arr+?" (offset not constant), or
/// "untracked memory": for -debug-only=raceway.
llvm::raw_ostream &operator<<(llvm::raw_ostream &OS, const Origin &O);

/// Parameters known to point into tracked state (a clone's seeds).
using ArgumentOrigins = llvm::DenseMap<const llvm::Argument *, Origin>;

class PointerOrigins {
public:
  PointerOrigins(llvm::Function &F, TrackedState &TS,
                 const ArgumentOrigins *Seeds = nullptr);
  Origin of(const llvm::Value *Ptr);
  /// The origin of an access of Size bytes at Ptr: of(Ptr), or, for a
  /// constant offset into an untracked global, the listed field holding
  /// those bytes (clang folds &acct.first_field to @acct, so no GEP is
  /// there to select it).
  Origin ofAccess(const llvm::Value *Ptr, uint64_t Size);

private:
  // Lattice value while solving: None < Known < Pending (optimistic top).
  struct Lattice {
    enum StateTy { None, Known, Pending } State = None;
    Origin O;
  };
  Lattice walk(const llvm::Value *V, llvm::SmallPtrSetImpl<const llvm::Value *> &Seen,
               unsigned Depth);
  static Lattice meet(const Lattice &A, const Lattice &B);
  void solveSlots(llvm::Function &F);
  static bool isPointerSlot(const llvm::AllocaInst *AI);

  TrackedState &TS;
  const llvm::DataLayout &DL;
  const ArgumentOrigins *Seeds;
  llvm::DenseMap<const llvm::AllocaInst *, Lattice> Slots;
  llvm::DenseMap<const llvm::Value *, Origin> Cache;
};

} // namespace raceway

#endif // RACEWAY_PASS_POINTERORIGIN_H
