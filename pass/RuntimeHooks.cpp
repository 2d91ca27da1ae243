//===- RuntimeHooks.cpp - declare the runtime's entry points --------------===//

#include "RuntimeHooks.h"
#include "Compat.h"

#include "llvm/IR/DerivedTypes.h"

using namespace llvm;

namespace raceway {

static FunctionCallee declare(Module &M, StringRef Name, Type *Ret,
                              ArrayRef<Type *> Params, bool ReadsArgs) {
  FunctionType *FTy = FunctionType::get(Ret, Params, /*isVarArg=*/false);
  FunctionCallee Callee = M.getOrInsertFunction(Name, FTy);
  if (auto *F = dyn_cast<Function>(Callee.getCallee())) {
    F->addFnAttr(Attribute::NoUnwind);
    setReadsArgsAndRuntimeState(*F, ReadsArgs);
  }
  return Callee;
}

RuntimeHooks::RuntimeHooks(Module &M) {
  LLVMContext &C = M.getContext();
  Type *Void = Type::getVoidTy(C);
  Type *P = PointerType::get(C, 0);
  Type *I64 = Type::getInt64Ty(C);
  // Read/write hooks read the accessed memory (the write hook reads the old
  // value before the store); all keep runtime state the program cannot see.
  Read = declare(M, "__raceway_read", Void, {P, P, I64}, true);
  Write = declare(M, "__raceway_write", Void, {P, P, I64}, true);
  AtomicPre = declare(M, "__raceway_atomic_pre", Void, {P, P}, true);
  AtomicPost = declare(M, "__raceway_atomic_post", Void, {P, P, I64, I64}, true);
  Fence = declare(M, "__raceway_fence", Void, {P}, true);
  Callsite = declare(M, "__raceway_callsite", Void, {P}, true);
  FuncEntry = declare(M, "__raceway_func_entry", Void, {P, P}, true);
  FuncExit = declare(M, "__raceway_func_exit", Void, {P}, true);
}

} // namespace raceway
