//===- ValueBits.h - pass a loaded or stored value to the runtime ---------===//
//
// The hooks take every value as 64 raw bits; the site's value_kind says how
// to print them.  Integers up to 64 bits, float, double, pointers and bools
// have a kind; anything else (aggregates, vectors, x86_fp80, i128) is passed
// as 0 with kind NONE.
//
//===----------------------------------------------------------------------===//
#ifndef RACEWAY_PASS_VALUEBITS_H
#define RACEWAY_PASS_VALUEBITS_H

#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/IRBuilder.h"

namespace raceway {

/// raceway_value_kind for a value of type Ty.  DeclaredType (debug info,
/// may be null) decides signedness and bool; IR alone gives SINT.
uint8_t valueKind(llvm::Type *Ty, const llvm::DIType *DeclaredType,
                  bool IRSaysBool = false);

/// V as an i64 of raw bits (zero-extended), or i64 0 for kind NONE.
llvm::Value *valueBits(llvm::IRBuilder<> &B, llvm::Value *V, uint8_t Kind);
/// Like valueBits, but widened to a full 8-byte value of its kind (signed
/// integers sign-extended, float as double): function-entry arguments.
llvm::Value *argBits(llvm::IRBuilder<> &B, llvm::Value *V, uint8_t Kind);

/// The value an atomicrmw leaves in memory, computed at B from the value
/// Old it found there.  Operations with no formula here give Old.
llvm::Value *rmwResult(llvm::IRBuilder<> &B, llvm::AtomicRMWInst *RMW,
                       llvm::Value *Old);

/// The member of DeclaredType covering [Offset, Offset+Size) bytes, with
/// nested structs and arrays descended; sets IsBitField when the bytes
/// hold a bit-field's storage unit.  Returns null when unknown.
const llvm::DIType *typeAt(const llvm::DIType *DeclaredType, uint64_t Offset,
                           uint64_t Size, bool &IsBitField);

} // namespace raceway

#endif // RACEWAY_PASS_VALUEBITS_H
