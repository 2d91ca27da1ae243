//===- RuntimeHooks.h - declarations of the __raceway_* entry points ------===//
//
// The hooks of raceway/abi.h, declared in the module being instrumented.
// They are nounwind and say which memory they may touch, so that the
// optimiser still works on untracked code around them.
//
//===----------------------------------------------------------------------===//
#ifndef RACEWAY_PASS_RUNTIMEHOOKS_H
#define RACEWAY_PASS_RUNTIMEHOOKS_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"

namespace raceway {

class RuntimeHooks {
public:
  explicit RuntimeHooks(llvm::Module &M);

  llvm::FunctionCallee Read;       // (site, addr, u64 value)
  llvm::FunctionCallee Write;      // (site, addr, u64 value)
  llvm::FunctionCallee AtomicPre;  // (site, addr)
  llvm::FunctionCallee AtomicPost; // (site, addr, u64 old, u64 new)
  llvm::FunctionCallee Fence;      // (site)
  llvm::FunctionCallee Callsite;   // (site)
  llvm::FunctionCallee FuncEntry;  // (func_site, const u64 *args)
  llvm::FunctionCallee FuncExit;   // (func_site)
  llvm::FunctionCallee CheckedRead;    // (site, addr, u64 value)
  llvm::FunctionCallee CheckedWrite;   // (site, addr, u64 value)
  llvm::FunctionCallee RegisterRanges; // (const raceway_range *, u64 n)

  /// Calls Hook with Args at B's insertion point.  The call has B's debug
  /// location or, if that is empty in a function with a DISubprogram, a
  /// line-0 location in it: the verifier rejects calls without one to
  /// functions that have debug info (the runtime's, under LTO).
  static llvm::CallInst *call(llvm::IRBuilder<> &B, llvm::FunctionCallee Hook,
                              llvm::ArrayRef<llvm::Value *> Args);

  /// Erases the declarations this object added that ended up unused, so
  /// that a module only declares the hooks it calls.
  void dropUnused();

  /// True for the hooks' own names: their definitions (the runtime, if it
  /// is compiled with the plugin) are never instrumented.
  static bool isHookName(llvm::StringRef Name) {
    return Name.substr(0, 10) == "__raceway_";
  }

private:
  llvm::FunctionCallee declare(llvm::Module &M, llvm::StringRef Name,
                               llvm::ArrayRef<llvm::Type *> Params,
                               bool ReadsArgs);
  llvm::SmallVector<llvm::Function *, 8> Added;
};

} // namespace raceway

#endif // RACEWAY_PASS_RUNTIMEHOOKS_H
