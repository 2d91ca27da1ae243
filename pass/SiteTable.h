//===- SiteTable.h - constant site records for the runtime ----------------===//
//
// Builds the raceway_site and raceway_func_site records of raceway/abi.h as
// private constants, one per instrumented instruction (two for a cmpxchg:
// success and failure; an array of them, one per element, for an access
// whose array index is only known at run time) or function, with their strings deduplicated per
// module.  The IR struct types mirror the C structs field for field;
// test/pass/site-layout.ll pins them.
//
//===----------------------------------------------------------------------===//
#ifndef RACEWAY_PASS_SITETABLE_H
#define RACEWAY_PASS_SITETABLE_H

#include "llvm/ADT/StringMap.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/Instruction.h"
#include "llvm/IR/Module.h"
#include <optional>
#include <string>
#include <vector>

namespace raceway {

/// The contents of one raceway_site; unset strings become NULL.
struct SiteDesc {
  std::optional<std::string> Variable;
  std::optional<std::string> TypeName;
  std::string File;
  uint32_t Line = 0;
  uint32_t Column = 0;
  uint32_t FieldOffset = 0;
  uint8_t Access = 0;
  uint8_t ValueKind = 0;
  uint8_t Size = 0;
  uint8_t Flags = 0;
  uint8_t Order = 0;
};

/// The contents of one raceway_func_site.
struct FuncSiteDesc {
  std::string Name;
  std::string ModuleName;
  std::string File;
  uint32_t Line = 0;
  std::vector<std::optional<std::string>> ArgNames; ///< All unset: NULL.
  std::vector<uint8_t> ArgKinds;
};

class SiteTable {
public:
  explicit SiteTable(llvm::Module &M);

  /// A new private constant raceway_site.
  llvm::GlobalVariable *site(const SiteDesc &D);
  /// A new private constant array of raceway_site, one per element of an
  /// array indexed at run time (FieldPath).
  llvm::GlobalVariable *siteArray(llvm::ArrayRef<SiteDesc> Ds);
  llvm::GlobalVariable *funcSite(const FuncSiteDesc &D);

  /// Source position of I: its debug location, else the module's source
  /// file with line = column = 0.
  void locate(const llvm::Instruction &I, SiteDesc &D) const;

private:
  static llvm::StructType *siteType(llvm::LLVMContext &C);
  llvm::Constant *siteInit(const SiteDesc &D);
  static llvm::StructType *funcSiteType(llvm::LLVMContext &C);
  llvm::Constant *string(llvm::StringRef S);
  llvm::Constant *optString(const std::optional<std::string> &S);

  llvm::Module &M;
  llvm::StringMap<llvm::Constant *> Strings;
};

} // namespace raceway

#endif // RACEWAY_PASS_SITETABLE_H
