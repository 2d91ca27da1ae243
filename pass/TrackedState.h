//===- TrackedState.h - what the program asked Raceway to track -----------===//
//
// Reads __attribute__((annotate("raceway..."))) as clang lowers it:
//  * globals and functions: entries of @llvm.global.annotations;
//  * struct fields: llvm.ptr.annotation calls wrapping the field address.
// and what a tracklist (Tracklist.h) names: globals by name or defining
// file, struct fields by struct and member name (member names come from
// debug info).  Each tracked global or field becomes one TrackedEntity,
// which carries the names a site record reports; a listed field is found
// at the struct GEP that selects it, where clang puts an annotated field's
// ptr.annotation call.  Malformed "raceway..." strings are reported
// once each through LLVMContext::diagnose and otherwise ignored.
//
//===----------------------------------------------------------------------===//
#ifndef RACEWAY_PASS_TRACKEDSTATE_H
#define RACEWAY_PASS_TRACKEDSTATE_H

#include "DebugTypes.h"
#include "SourceText.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Operator.h"
#include <memory>
#include <string>

namespace raceway {

/// A tracked global variable or struct field.
struct TrackedEntity {
  enum KindTy { Global, Field } Kind = Global;
  std::string Variable;           ///< C name, or field name.
  std::string TypeName;           ///< Field: the struct's name.
  uint32_t FieldOffset = 0;       ///< Field: byte offset in the struct.
  bool Redact = false;
  llvm::DIType *DeclaredType = nullptr; ///< From debug info, if any.
  llvm::GlobalVariable *GV = nullptr;   ///< Global: the variable.
  /// Field: the IR struct and element index of the annotated field, when
  /// the annotation's address is a struct GEP (FieldPath names paths).
  llvm::StructType *LeafStruct = nullptr;
  unsigned LeafIndex = 0;
  /// Where the annotation is (llvm.global.annotations / ptr.annotation):
  /// the location of an access when the module has no debug info.
  std::string AnnotFile;
  unsigned AnnotLine = 0;
  /// Named by the tracklist: accesses are found at struct GEPs selecting
  /// (LeafStruct, LeafIndex), and at constant offsets into globals.
  bool Listed = false;
  /// Whole-file mode (SharedAccess.h): memory nobody named, tracked because
  /// the module is.  A Global-kind entity whose accesses are rooted at Root
  /// (a global, a local, a parameter or a loaded pointer); GV is set when
  /// Root is a global.
  bool Auto = false;
  const llvm::Value *Root = nullptr;
};

class Tracklist;

class TrackedState {
public:
  explicit TrackedState(llvm::Module &M, const Tracklist *List = nullptr);

  /// True if the module has any tracked global or field access.
  bool any() const {
    return HasTrackedFields || HasListedFields || !Globals.empty();
  }
  bool hasListedFields() const { return HasListedFields; }

  /// The tracked field element Index of ST is (annotated where the module
  /// accesses it, or listed), or null.
  const TrackedEntity *structField(llvm::StructType *ST, unsigned Index) const;
  /// The listed field a struct GEP selects (the innermost, if several),
  /// or null; Within is the GEP's byte offset inside that field, -1 when
  /// not constant.
  const TrackedEntity *listedAnchor(const llvm::GEPOperator *GEP,
                                    int64_t &Within) const;
  /// The innermost listed field holding bytes [Off, Off+Size) of an object
  /// of type Ty, or null; Within is Off's offset inside it.
  const TrackedEntity *listedFieldAt(llvm::Type *Ty, uint64_t Off,
                                     uint64_t Size, uint64_t &Within) const;

  const TrackedEntity *global(const llvm::GlobalVariable *GV) const;
  /// The field behind a chain of ptr.annotation calls ending at Call, or
  /// null if none of the chain's strings is a valid raceway annotation.
  const TrackedEntity *field(const llvm::IntrinsicInst *Call);
  bool isAnnotatedFunction(const llvm::Function *F) const {
    return Functions.count(F) != 0;
  }

  static bool isPtrAnnotation(const llvm::Value *V);

  /// The source name of element Index of ST: the annotated field's name if
  /// it is one, else debug info's member name ("" for an anonymous
  /// member), else "field<Index>".
  std::string memberName(llvm::StructType *ST, unsigned Index);
  /// "struct.Account" -> "Account", "class.ns::Bank.12" -> "ns::Bank".
  static std::string sourceStructName(llvm::StringRef IRName);

  /// Warns about raceway annotations on bit-fields, which clang drops
  /// before the pass could see them (read from the source files of the
  /// module: its main file, the files debug info and annotations name and
  /// the main file's quoted includes).
  void warnAnnotatedBitFields();

private:
  void scanGlobalAnnotations();
  void scanFieldAnnotations();
  void scanListedGlobals(const Tracklist &List);
  void scanListedFields(const Tracklist &List);
  const TrackedEntity *registerField(TrackedEntity &&Probe);
  Annotation readAnnotation(const llvm::Value *Str, const llvm::Value *File,
                            unsigned Line);
  void warnMalformed(llvm::StringRef Str, llvm::StringRef File, unsigned Line);
  void addGlobal(llvm::GlobalVariable *GV, const Annotation &A,
                 llvm::StringRef File, unsigned Line);
  void nameField(TrackedEntity &E, const llvm::Value *FieldAddr,
                 llvm::StringRef AnnotFile, unsigned AnnotLine);
  /// The composite debug info describes ST with (by name, or through a
  /// typedef of an anonymous struct), or null.
  llvm::DICompositeType *compositeFor(llvm::StructType *ST);

  llvm::DenseMap<std::pair<llvm::StructType *, unsigned>, std::string>
      LeafNames;
  SourceText Source; ///< Names without -g; annotated bit-fields.

  llvm::Module &M;
  DebugTypes Types; ///< Struct types and members from debug info.
  llvm::DenseMap<const llvm::GlobalVariable *, std::unique_ptr<TrackedEntity>>
      Globals;
  llvm::StringMap<std::unique_ptr<TrackedEntity>> Fields;
  llvm::DenseMap<const llvm::IntrinsicInst *, const TrackedEntity *> FieldCache;
  llvm::DenseMap<std::pair<llvm::StructType *, unsigned>, const TrackedEntity *>
      StructFields;
  llvm::SmallPtrSet<const llvm::Function *, 8> Functions;
  llvm::StringSet<> Warned;
  bool HasTrackedFields = false;
  bool HasListedFields = false;
};

} // namespace raceway

#endif // RACEWAY_PASS_TRACKEDSTATE_H
