//===- ValueBits.cpp - value -> (64 bits, value kind) ---------------------===//

#include "ValueBits.h"
#include "raceway/abi.h"

#include "llvm/BinaryFormat/Dwarf.h"
#include "llvm/IR/Instructions.h"

using namespace llvm;

namespace raceway {

/// The scalar type under typedefs, qualifiers and _Atomic.
static const DIType *stripTypedefs(const DIType *T) {
  while (auto *DT = dyn_cast_or_null<DIDerivedType>(T)) {
    unsigned Tag = DT->getTag();
    if (Tag != dwarf::DW_TAG_typedef && Tag != dwarf::DW_TAG_const_type &&
        Tag != dwarf::DW_TAG_volatile_type &&
        Tag != dwarf::DW_TAG_atomic_type && Tag != dwarf::DW_TAG_member &&
        Tag != dwarf::DW_TAG_restrict_type)
      break;
    T = DT->getBaseType();
  }
  return T;
}

uint8_t valueKind(Type *Ty, const DIType *DeclaredType, bool IRSaysBool) {
  if (Ty->isPointerTy())
    return RACEWAY_VALUE_PTR;
  if (Ty->isFloatTy() || Ty->isDoubleTy())
    return RACEWAY_VALUE_FLOAT;
  if (!Ty->isIntegerTy() || Ty->getIntegerBitWidth() > 64)
    return RACEWAY_VALUE_NONE;
  if (Ty->getIntegerBitWidth() == 1 || IRSaysBool)
    return RACEWAY_VALUE_BOOL;
  if (auto *BT = dyn_cast_or_null<DIBasicType>(stripTypedefs(DeclaredType))) {
    switch (BT->getEncoding()) {
    case dwarf::DW_ATE_boolean:
      return RACEWAY_VALUE_BOOL;
    case dwarf::DW_ATE_unsigned:
    case dwarf::DW_ATE_unsigned_char:
    case dwarf::DW_ATE_UTF:
      return RACEWAY_VALUE_UINT;
    case dwarf::DW_ATE_float:
      // An _Atomic double updated with x += y is a cmpxchg loop on i64:
      // the bits are the double's.
      if (Ty->getIntegerBitWidth() == 32 || Ty->getIntegerBitWidth() == 64)
        return RACEWAY_VALUE_FLOAT;
      break;
    default:
      break;
    }
  }
  return RACEWAY_VALUE_SINT;
}

Value *valueBits(IRBuilder<> &B, Value *V, uint8_t Kind) {
  Type *I64 = B.getInt64Ty();
  switch (Kind) {
  case RACEWAY_VALUE_NONE:
    return ConstantInt::get(I64, 0);
  case RACEWAY_VALUE_PTR:
    return B.CreatePtrToInt(V, I64);
  case RACEWAY_VALUE_FLOAT:
    V = B.CreateBitCast(V, V->getType()->isFloatTy() ? B.getInt32Ty() : I64);
    return B.CreateZExtOrTrunc(V, I64);
  default:
    return B.CreateZExtOrTrunc(V, I64);
  }
}

Value *argBits(IRBuilder<> &B, Value *V, uint8_t Kind) {
  // Function-entry arguments are read back as 8-byte values, so widen them
  // the way C would: signed integers sign-extend, floats become doubles.
  if (Kind == RACEWAY_VALUE_SINT && V->getType()->isIntegerTy())
    return B.CreateSExtOrTrunc(V, B.getInt64Ty());
  if (Kind == RACEWAY_VALUE_FLOAT && V->getType()->isFloatTy())
    return B.CreateBitCast(B.CreateFPExt(V, B.getDoubleTy()), B.getInt64Ty());
  return valueBits(B, V, Kind);
}

Value *rmwResult(IRBuilder<> &B, AtomicRMWInst *RMW, Value *Old) {
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

const DIType *typeAt(const DIType *T, uint64_t Offset, uint64_t Size,
                     bool &IsBitField) {
  IsBitField = false;
  for (unsigned Depth = 0; Depth < 16; ++Depth) {
    T = stripTypedefs(T);
    if (!T)
      return nullptr;
    uint64_t TypeBytes = T->getSizeInBits() / 8;
    auto *CT = dyn_cast<DICompositeType>(T);
    if (!CT)
      return Offset == 0 ? T : nullptr;
    if (Offset == 0 && TypeBytes == Size)
      return T; // The whole aggregate.
    if (CT->getTag() == dwarf::DW_TAG_array_type) {
      const DIType *Elem = stripTypedefs(CT->getBaseType());
      uint64_t ElemBytes = Elem ? Elem->getSizeInBits() / 8 : 0;
      if (!ElemBytes)
        return nullptr;
      Offset %= ElemBytes;
      T = Elem;
      continue;
    }
    const DIType *Next = nullptr;
    for (DINode *N : CT->getElements()) {
      auto *M = dyn_cast<DIDerivedType>(N);
      if (!M || M->getTag() != dwarf::DW_TAG_member || M->isStaticMember())
        continue;
      if (M->isBitField()) {
        // Bit-fields are accessed as their storage unit.
        auto *Storage =
            dyn_cast_or_null<ConstantInt>(M->getStorageOffsetInBits());
        uint64_t Unit = (Storage ? Storage->getZExtValue() : 0) / 8;
        if (Offset >= Unit && Offset < Unit + std::max<uint64_t>(Size, 1)) {
          IsBitField = true;
          return nullptr;
        }
        continue;
      }
      uint64_t Start = M->getOffsetInBits() / 8;
      uint64_t Bytes = M->getSizeInBits() / 8;
      if (Offset >= Start && Offset + Size <= Start + Bytes) {
        Next = M->getBaseType();
        Offset -= Start;
        break;
      }
    }
    if (!Next)
      return nullptr;
    T = Next;
  }
  return nullptr;
}

} // namespace raceway
