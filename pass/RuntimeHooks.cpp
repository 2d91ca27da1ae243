//===- RuntimeHooks.cpp - declare the runtime's entry points --------------===//

#include "RuntimeHooks.h"
#include "Compat.h"

#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/DerivedTypes.h"

using namespace llvm;

namespace raceway {

FunctionCallee RuntimeHooks::declare(Module &M, StringRef Name,
                                     ArrayRef<Type *> Params, bool ReadsArgs) {
  bool Existed = M.getFunction(Name) != nullptr;
  FunctionType *FTy =
      FunctionType::get(Type::getVoidTy(M.getContext()), Params, false);
  FunctionCallee Callee = M.getOrInsertFunction(Name, FTy);
  if (auto *F = dyn_cast<Function>(Callee.getCallee())) {
    F->addFnAttr(Attribute::NoUnwind);
    setReadsArgsAndRuntimeState(*F, ReadsArgs);
    if (!Existed)
      Added.push_back(F);
  }
  return Callee;
}

CallInst *RuntimeHooks::call(IRBuilder<> &B, FunctionCallee Hook,
                             ArrayRef<Value *> Args) {
  FunctionType *FTy = Hook.getFunctionType();
  (void)FTy;
  assert(FTy->getReturnType()->isVoidTy() && !FTy->isVarArg() &&
         FTy->getNumParams() == Args.size() && "hook called with its type");
  assert(llvm::all_of(llvm::enumerate(Args),
                      [&](const auto &A) {
                        return A.value()->getType() ==
                               FTy->getParamType(A.index());
                      }) &&
         "hook arguments have the hook's parameter types");
  CallInst *CI = B.CreateCall(Hook, Args);
  Function *F = CI->getFunction();
  if (!CI->getDebugLoc())
    if (DISubprogram *SP = F->getSubprogram())
      CI->setDebugLoc(DILocation::get(F->getContext(), 0, 0, SP));
  return CI;
}

void RuntimeHooks::dropUnused() {
  for (Function *F : Added)
    if (F->use_empty())
      F->eraseFromParent();
  Added.clear();
}

RuntimeHooks::RuntimeHooks(Module &M) {
  LLVMContext &C = M.getContext();
  Type *P = PointerType::get(C, 0);
  Type *I64 = Type::getInt64Ty(C);
  // Read/write hooks read the accessed memory (the write hook reads the old
  // value before the store); all keep runtime state the program cannot see.
  Read = declare(M, "__raceway_read", {P, P, I64}, true);
  Write = declare(M, "__raceway_write", {P, P, I64}, true);
  AtomicPre = declare(M, "__raceway_atomic_pre", {P, P}, true);
  AtomicPost = declare(M, "__raceway_atomic_post", {P, P, I64, I64}, true);
  Fence = declare(M, "__raceway_fence", {P}, true);
  Callsite = declare(M, "__raceway_callsite", {P}, true);
  FuncEntry = declare(M, "__raceway_func_entry", {P, P}, true);
  FuncExit = declare(M, "__raceway_func_exit", {P}, true);
  CheckedRead = declare(M, "__raceway_checked_read", {P, P, I64}, true);
  CheckedWrite = declare(M, "__raceway_checked_write", {P, P, I64}, true);
  RegisterRanges = declare(M, "__raceway_register_ranges", {P, I64}, true);
}

} // namespace raceway
