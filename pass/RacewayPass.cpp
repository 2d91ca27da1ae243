//===- RacewayPass.cpp - instrument accesses to tracked state -------------===//
//
// The module pass: finds what the module tracks (TrackedState),
// specialises the callees that receive pointers into it (Escapes), has
// every function instrumented (FunctionInstrumenter), then adds the opt-in
// function entry/exit events (FunctionEntry).
//
//===----------------------------------------------------------------------===//

#include "RacewayPass.h"
#include "CheckedAccess.h"
#include "Escapes.h"
#include "FunctionEntry.h"
#include "FunctionInstrumenter.h"
#include "RuntimeHooks.h"
#include "Diagnostics.h"
#include "SharedAccess.h"
#include "SiteTable.h"
#include "TrackedState.h"
#include "Tracklist.h"

#include "llvm/Analysis/OptimizationRemarkEmitter.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Debug.h"
#include "llvm/Support/raw_ostream.h"
#include <memory>

#define DEBUG_TYPE "raceway"

using namespace llvm;

namespace raceway {

namespace {
enum TrackMode { TrackAnnotated, TrackAll };
enum EscapeMode { EscapesCloned, EscapesChecked };
struct Options {
  cl::opt<std::string> Functions{
      "raceway-functions",
      cl::desc("Comma-separated globs of functions that get entry/exit "
               "events (mangled or demangled names)"),
      cl::init("")};
  cl::opt<bool> UntrackedAtomics{
      "raceway-untracked-atomics",
      cl::desc("Also instrument atomics on untracked memory and fences "
               "(happens-before only), in every module"),
      cl::init(true)};
  cl::opt<bool> Callsites{
      "raceway-callsites",
      cl::desc("Mark calls to synchronisation functions with their source "
               "location"),
      cl::init(true)};
  cl::list<std::string> Tracklists{
      "raceway-tracklist",
      cl::desc("Track the globals and struct fields this file lists "
               "(sanitizer special-case-list format: global:, field:, type:, "
               "src:); may be given more than once"),
      cl::value_desc("file")};
  cl::opt<unsigned> MaxClones{
      "raceway-max-clones",
      cl::desc("Most functions cloned, per module, for the pointers into "
               "tracked state their calls pass (past it: not tracked there, "
               "with a missed remark)"),
      cl::init(EscapeCloner::DefaultMaxClones)};
  cl::opt<TrackMode> Track{
      "raceway-track",
      cl::desc("What to track: annotated (annotated and listed state, the "
               "default) or all (also every access that may touch shared "
               "memory: globals, heap, escaping locals)"),
      cl::values(clEnumValN(TrackAnnotated, "annotated",
                            "annotated and tracklisted state only"),
                 clEnumValN(TrackAll, "all", "whole-file mode")),
      cl::init(TrackAnnotated)};
  cl::opt<EscapeMode> Escapes{
      "raceway-escapes",
      cl::desc("How pointers into tracked state are followed: cloned (callees "
               "in the module, the default) or checked (also a run-time "
               "range check on every access that may touch tracked memory: "
               "other files, pointers stored in memory)"),
      cl::values(clEnumValN(EscapesCloned, "cloned",
                            "clone callees in the module only"),
                 clEnumValN(EscapesChecked, "checked",
                            "also check unproven accesses at run time")),
      cl::init(EscapesCloned)};
};
std::unique_ptr<Options> &optionStorage() {
  static std::unique_ptr<Options> Opts;
  return Opts;
}
} // namespace

void registerOptions() {
  if (!optionStorage())
    optionStorage() = std::make_unique<Options>();
}

RacewayOptions currentOptions() {
  registerOptions();
  Options &O = *optionStorage();
  return {O.Functions, O.UntrackedAtomics, O.Callsites,
          std::vector<std::string>(O.Tracklists.begin(), O.Tracklists.end()),
          O.MaxClones, O.Track == TrackAll, O.Escapes == EscapesChecked};
}

/// The tracklist of Paths, read once per process (clang compiles one
/// module per process; opt may run the pass on several).  Null with Error
/// set when a file is bad.
static const Tracklist *loadTracklist(const std::vector<std::string> &Paths,
                                      std::string &Error) {
  static std::vector<std::string> LoadedPaths;
  static std::unique_ptr<Tracklist> Loaded;
  static std::string LoadError;
  if (LoadedPaths != Paths) {
    LoadedPaths = Paths;
    LoadError.clear();
    Loaded = Tracklist::load(Paths, LoadError);
  }
  Error = LoadError;
  return Loaded.get();
}

/// Why F gets no instrumentation at all, or null.
static const char *skipReason(const Function &F) {
  if (F.isDeclaration())
    return "declaration";
  if (F.hasFnAttribute(Attribute::Naked))
    return "naked";
  if (F.hasFnAttribute(Attribute::DisableSanitizerInstrumentation))
    return "disable_sanitizer_instrumentation";
  if (RuntimeHooks::isHookName(F.getName()))
    return "runtime hook";
  return nullptr;
}

/// True if F has an atomic or fence that orders threads (what the
/// instrumenter would make a happens-before hook of).
static bool hasThreadSync(Function &F) {
  for (Instruction &I : instructions(F)) {
    if (!I.isAtomic() || I.hasMetadata(LLVMContext::MD_nosanitize))
      continue;
    auto SSID = getAtomicSyncScopeID(&I);
    if (SSID && *SSID == SyncScope::SingleThread)
      continue;
    return true;
  }
  return false;
}

/// Instruments the accesses, atomics, fences and sync calls of Functions,
/// with one remark per function that touches tracked state.
static void instrumentFunctions(ArrayRef<Function *> Functions,
                                TrackedState &TS, SiteTable &Sites,
                                const RuntimeHooks &Hooks,
                                const RacewayOptions &Opts,
                                FunctionAnalysisManager &FAM,
                                const ArgumentOrigins &Seeds,
                                SharedAccesses *Shared,
                                CheckedAccesses *Checked) {
  for (Function *F : Functions) {
    unsigned N = FunctionInstrumenter(*F, TS, Sites, Hooks, Opts, &Seeds,
                                      Shared, Checked)
                     .run();
    if (N == 0)
      continue;
    auto &ORE = FAM.getResult<OptimizationRemarkEmitterAnalysis>(*F);
    ORE.emit([&] {
      return OptimizationRemark(DEBUG_TYPE, "Instrumented", F)
             << "instrumented " << ore::NV("Accesses", N)
             << " accesses to tracked state";
    });
  }
}

PreservedAnalyses RacewayPass::run(Module &M, ModuleAnalysisManager &MAM) {
  // Already instrumented (e.g. the pass was added twice to one pipeline).
  if (M.getNamedMetadata("raceway.instrumented")) {
    LLVM_DEBUG(dbgs() << "raceway: module already instrumented\n");
    return PreservedAnalyses::all();
  }
  RacewayOptions Opts = currentOptions();
  const Tracklist *List = nullptr;
  if (!Opts.Tracklists.empty()) {
    std::string Error;
    List = loadTracklist(Opts.Tracklists, Error);
    if (!List) {
      error(M.getContext(), Error);
      return PreservedAnalyses::all();
    }
  }
  TrackedState TS(M, List);
  FunctionSelector Selector(M, Opts.Functions);
  SmallVector<Function *, 16> Instrumentable;
  SmallVector<Function *, 4> Entries;
  for (Function &F : M) {
    if (const char *Why = skipReason(F)) {
      (void)Why;
      LLVM_DEBUG(if (!F.isDeclaration()) dbgs()
                 << "raceway: " << F.getName() << ": not instrumented, " << Why
                 << '\n');
      continue;
    }
    Instrumentable.push_back(&F);
    if (Selector.selects(F, TS))
      Entries.push_back(&F);
  }
  // Atomics and fences order threads whether or not the module tracks
  // anything (a spinlock or a lock-free queue in its own file).
  bool Sync = Opts.UntrackedAtomics &&
              llvm::any_of(Instrumentable,
                           [](Function *F) { return hasThreadSync(*F); });
  if (!TS.any() && Entries.empty() && !Sync && !Opts.TrackAll &&
      !Opts.Checked) {
    LLVM_DEBUG(dbgs() << "raceway: no tracked state, atomic, fence or "
                         "selected function: module unchanged\n");
    return PreservedAnalyses::all();
  }

  SiteTable Sites(M);
  RuntimeHooks Hooks(M);
  auto &FAM = MAM.getResult<FunctionAnalysisManagerModuleProxy>(M).getManager();
  EscapeCloner Escapes(M, TS, Opts.MaxClones, FAM);
  if (TS.any()) {
    size_t Originals = Instrumentable.size();
    Escapes.run(Instrumentable);
    for (Function *C : ArrayRef<Function *>(Instrumentable).drop_front(Originals))
      if (llvm::is_contained(Entries, Escapes.originalOf(C)))
        Entries.push_back(C);
  }
  std::unique_ptr<SharedAccesses> Shared;
  if (Opts.TrackAll)
    Shared = std::make_unique<SharedAccesses>(M, TS);
  // Whole-file mode already instruments every access checked mode would
  // check; its tracked globals are still registered for other files.
  std::unique_ptr<CheckedAccesses> Checked;
  if (Opts.Checked)
    Checked = std::make_unique<CheckedAccesses>(M, TS, Sites, Hooks);
  if (TS.any() || Sync || Shared || Checked)
    instrumentFunctions(Instrumentable, TS, Sites, Hooks, Opts, FAM,
                        Escapes.seeds(), Shared.get(),
                        Shared ? nullptr : Checked.get());
  else
    LLVM_DEBUG(dbgs() << "raceway: no tracked state, atomic or fence: "
                         "entry/exit events only\n");
  for (Function *F : Entries)
    instrumentFunctionEntry(*F, Sites, Hooks);
  if (Checked) {
    Checked->registerGlobals();
    Checked->dropUnused();
  }
  Hooks.dropUnused();
  M.getOrInsertNamedMetadata("raceway.instrumented");
  return PreservedAnalyses::none();
}

} // namespace raceway
