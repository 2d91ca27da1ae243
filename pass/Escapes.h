//===- Escapes.h - follow pointers into tracked state into callees --------===//
//
// A pointer into tracked state passed to a function defined in the module
// (bump(&counter), credit(&acct.balance), add(&stats)) reaches accesses
// the callee's own PointerOrigins cannot tie to any annotation.  This
// module-level step, run before any function is instrumented, specialises
// the callee for it: a clone "<callee>.raceway.<N>" (internal) whose
// parameters are seeded with the origins of the tracked arguments
// (ArgumentOrigins), and the call retargeted to the clone.  The clone is
// then instrumented like any function: an access through the parameter is
// named as the same access in the caller would be ("counter",
// "acct.balance", "Account@0x....balance").  Clones are scanned in turn,
// so a pointer passed on gets a clone at each level (two calls deep and
// more); a recursive call with the same origins reuses its own clone.  The
// start routine given to pthread_create or thrd_create with a tracked
// argument is specialised the same way, and the clone passed instead.  A
// function passed beside a tracked pointer (a callback, the start routine
// a spawn(fn, arg) wrapper hands to pthread_create) is made a constant of
// the clone, so the calls through it are followed as well.
//
// One clone per (callee, tracked parameters and their origins), at most
// -raceway-max-clones per module: past that a call keeps its callee and
// gets a missed remark (-Rpass-missed=raceway), and accesses through that
// pointer in the callee are not tracked.  A tracked pointer passed to a
// function declared but not defined here gets a missed remark too.
//
// Why cloning and not a run-time check in callees: a clone runs the same
// hooks as a direct access, code that never receives a tracked pointer is
// left as it was (bench/untracked.c stays byte-identical, the other bench
// programs compile as before), and the name of the location is decided at
// compile time.  Measured (bench/escape_loop.c, callgrind, instructions
// per access): through a clone 100.0, directly 95.5 (the call, 1.5 in a
// plain build too, and the clone's frame); a check against a single
// tracked range takes an untracked access through a pointer parameter
// from 3.0 to 11.0, in every function that might see tracked memory,
// whether or not it ever does.  Cloning costs code size instead, bounded
// by the limit, and only where a tracked pointer escapes.
//
// Not followed: other indirect calls, callees defined in other modules (or
// interposable: weak) or with computed gotos, variadic arguments, and
// pointers stored in memory (a struct, the heap) and read back elsewhere.
//
//===----------------------------------------------------------------------===//
#ifndef RACEWAY_PASS_ESCAPES_H
#define RACEWAY_PASS_ESCAPES_H

#include "FieldPath.h"
#include "PointerOrigin.h"
#include "TrackedState.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/IR/InstrTypes.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/PassManager.h"
#include <string>

namespace raceway {

class EscapeCloner {
public:
  /// Default of -raceway-max-clones.
  static constexpr unsigned DefaultMaxClones = 64;

  EscapeCloner(llvm::Module &M, TrackedState &TS, unsigned MaxClones,
               llvm::FunctionAnalysisManager &FAM);

  /// Specialises the calls of Functions (the functions that will be
  /// instrumented) that pass tracked pointers; the clones it makes are
  /// appended to Functions.
  void run(llvm::SmallVectorImpl<llvm::Function *> &Functions);

  /// The clones' parameters that point into tracked state.
  const ArgumentOrigins &seeds() const { return Seeds; }
  /// The function F is a clone of, or F.
  llvm::Function *originalOf(llvm::Function *F) const;

  /// F's name without a ".raceway.<N>" clone suffix.
  static llvm::StringRef sourceName(const llvm::Function &F);

private:
  /// Parameter ParamNo receives a pointer with origin O, or (Fn) the
  /// function Fn, which the clone then uses in its place.
  struct Seed {
    unsigned ParamNo;
    Origin O;
    llvm::Function *Fn = nullptr;
  };
  using SeedList = llvm::SmallVector<Seed, 2>;
  /// A call that passes pointers to Callee: the call itself (Operand ==
  /// -1) or a thread start routine (Operand: the routine's argument).
  struct Target {
    llvm::Function *Callee = nullptr;
    int Operand = -1;
    llvm::SmallVector<std::pair<unsigned, unsigned>, 2> ArgToParam;
  };

  bool eligible(const llvm::Function *F) const;
  bool target(llvm::CallBase &CB, Target &T) const;
  void scan(llvm::Function &F);
  void visitCall(llvm::CallBase &CB, const Target &T, PointerOrigins &PO);
  void remarkOutside(llvm::CallBase &CB, PointerOrigins &PO);
  Origin canonical(const Origin &O, std::string &Key);
  static std::string describe(const llvm::Function *F, const SeedList &S);
  llvm::Function *cloneFor(llvm::CallBase &CB, llvm::Function *Orig,
                           const SeedList &S, const std::string &Key);

  TrackedState &TS;
  FieldPaths Paths;
  unsigned MaxClones;
  llvm::FunctionAnalysisManager &FAM;
  llvm::SmallPtrSet<const llvm::Function *, 16> Eligible;
  llvm::SmallVector<llvm::Function *, 8> Worklist;
  ArgumentOrigins Seeds;
  llvm::DenseMap<const llvm::Function *, std::pair<llvm::Function *, SeedList>>
      Clones;
  llvm::StringMap<llvm::Function *> ByKey;
};

} // namespace raceway

#endif // RACEWAY_PASS_ESCAPES_H
