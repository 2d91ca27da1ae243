//===- CopyAccess.h - the tracked locations a copy touches ----------------===//
//
// A struct copy (`*d = *s`, `a = b`: llvm.memcpy from clang, or an
// aggregate load/store), a memcpy/memmove/memset call or an aggregate
// load/store reads or writes every tracked location in its byte range.
// CopyLeaves finds them: the scalar members (each at most a register wide,
// so the detector sees every byte) of each tracked field or global the
// range holds, named as a direct access to that member would be
// (FieldPath), e.g. "acct.balance", "Account@0x....hist[2]".
//
// What the memory is comes from, in order: the tracked entity the pointer
// points into (PointerOrigin: a tracked global, an annotated or listed
// field); the type of the global, local or member the pointer's GEPs
// reach (FieldPath's route); the declared type of a pointer loaded from a
// local variable, a parameter or a global (debug info, -g), or an sret /
// byval parameter's type.  A copy through a pointer with none of these
// (a `void *`, a pointer stored in the heap, no -g) is not seen; nor is
// one whose length is not a constant.
//
//===----------------------------------------------------------------------===//
#ifndef RACEWAY_PASS_COPYACCESS_H
#define RACEWAY_PASS_COPYACCESS_H

#include "FieldPath.h"
#include "PointerOrigin.h"
#include "TrackedState.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/DataLayout.h"
#include "llvm/IR/Function.h"

namespace raceway {

/// One tracked location inside a copy's range.
struct CopyLeaf {
  uint64_t Rel = 0;            ///< Byte offset from the copy's pointer.
  uint64_t Size = 0;
  llvm::Type *Ty = nullptr;    ///< The member's type, if covered whole.
  Origin O;                    ///< Entity, and the offset inside it.
  AccessName Name;
};

class CopyLeaves {
public:
  /// Most locations one side of one copy records (48 bytes of site each).
  static const unsigned MaxLeaves = 256;

  CopyLeaves(llvm::Function &F, TrackedState &TS, PointerOrigins &Origins,
             FieldPaths &Paths);

  /// Appends the tracked locations in [Ptr, Ptr + Len) to Out; returns
  /// false if there were more than MaxLeaves (the first MaxLeaves are in
  /// Out).
  bool find(llvm::Value *Ptr, uint64_t Len,
            llvm::SmallVectorImpl<CopyLeaf> &Out);

  /// The indices of the scalar of Size bytes at byte Off of aggregate type
  /// Ty (for extractvalue), or false if there is none there.
  bool pathTo(llvm::Type *Ty, uint64_t Off, uint64_t Size,
              llvm::SmallVectorImpl<unsigned> &Path) const;

private:
  bool hasTracked(llvm::Type *Ty);
  bool descend(llvm::Type *Ty, int64_t Base, uint64_t Len,
               const TrackedEntity *Cur, int64_t CurStart,
               llvm::SmallVectorImpl<CopyLeaf> &Out);
  llvm::StructType *declaredStruct(const llvm::Value *Ptr);
  llvm::StructType *structOf(const llvm::DIType *PtrTy);

  llvm::Function &F;
  TrackedState &TS;
  PointerOrigins &Origins;
  FieldPaths &Paths;
  const llvm::DataLayout &DL;
  llvm::DenseMap<llvm::Type *, bool> Tracked;
  bool DeclsLoaded = false;
  llvm::DenseMap<const llvm::Value *, const llvm::DIType *> Decls;
};

} // namespace raceway

#endif // RACEWAY_PASS_COPYACCESS_H
