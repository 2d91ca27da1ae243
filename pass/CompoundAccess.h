//===- CompoundAccess.h - x++, x += n and bit-field stores ----------------===//
//
// A load and a later store of the same tracked address in one basic block,
// where the stored value is computed from the loaded one, are the read and
// write halves of one source-level compound access (x++, x op= y, or the
// read-modify-write clang emits for a bit-field store).  The read half gets
// RACEWAY_SITE_COMPOUND; both halves of a bit-field store get
// RACEWAY_SITE_BITFIELD.  A read half with no call, atomic or fence before
// its write half also gets RACEWAY_SITE_WRITE_FOLLOWS: the runtime checks
// it but records only the write, which stands for both (ThreadSanitizer
// leaves out such a read altogether).
//
//===----------------------------------------------------------------------===//
#ifndef RACEWAY_PASS_COMPOUNDACCESS_H
#define RACEWAY_PASS_COMPOUNDACCESS_H

#include "PointerOrigin.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/IR/Instruction.h"

namespace raceway {

/// A plain (or single-thread-scope atomic) load or store of tracked state.
struct PlainAccess {
  llvm::Instruction *I;
  Origin O;
  uint8_t Flags = 0; ///< RACEWAY_SITE_* found by markCompoundAccesses.
};

/// Sets the COMPOUND, WRITE_FOLLOWS and BITFIELD flags of Accesses, which
/// must be in instruction order (as instructions(F) visits them).  Works
/// block by block; each store looks only at the few instructions its value
/// is computed from, so the cost is linear in the size of the function.
void markCompoundAccesses(llvm::MutableArrayRef<PlainAccess> Accesses);

} // namespace raceway

#endif // RACEWAY_PASS_COMPOUNDACCESS_H
