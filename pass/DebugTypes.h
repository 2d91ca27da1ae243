//===- DebugTypes.h - the struct types debug info describes ---------------===//
//
// The composite types (structs, classes, unions) of a module's debug info,
// by name, with their members: where a field's source name, declared type
// and struct come from when the IR does not say (anonymous structs,
// typedef'd structs, fields at offset zero).  Read on first use.
//
//===----------------------------------------------------------------------===//
#ifndef RACEWAY_PASS_DEBUGTYPES_H
#define RACEWAY_PASS_DEBUGTYPES_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/Module.h"
#include <vector>

namespace raceway {

/// The member of CT (a DW_TAG_member) at OffsetBits, or null (also when CT
/// is null).
llvm::DIDerivedType *memberAt(llvm::DICompositeType *CT, uint64_t OffsetBits);

class DebugTypes {
public:
  explicit DebugTypes(const llvm::Module &M) : M(M) {}

  /// The composite named Name, or null.
  llvm::DICompositeType *named(llvm::StringRef Name);
  /// The composite for the source name of a struct: by name, or through
  /// a typedef of an anonymous struct, or null.
  llvm::DICompositeType *forStructName(llvm::StringRef Name);
  /// The struct that a global of the module (or a struct member of one)
  /// of IR type ST is declared with, or null: anonymous structs.
  llvm::DICompositeType *forIRStruct(llvm::StructType *ST);
  /// Every composite, named or not.
  llvm::ArrayRef<llvm::DICompositeType *> all();
  /// A member at OffsetBits declared on Line, of any composite (anonymous
  /// structs have no name to look up), or null; CT is set to its composite.
  llvm::DIDerivedType *memberOnLine(uint64_t OffsetBits, unsigned Line,
                                    llvm::DICompositeType *&CT);

private:
  void load();
  void pair(llvm::Type *Ty, llvm::DIType *T, unsigned Depth);

  const llvm::Module &M;
  bool Loaded = false;
  llvm::StringMap<llvm::DICompositeType *> Composites;
  llvm::StringMap<llvm::DICompositeType *> Typedefs;
  std::vector<llvm::DICompositeType *> AllComposites;
  llvm::DenseMap<llvm::StructType *, llvm::DICompositeType *> ByIR;
};

} // namespace raceway

#endif // RACEWAY_PASS_DEBUGTYPES_H
