//===- Plugin.cpp - RacewayPass plugin entry point ------------------------===//
//
// Registers the "raceway" module pass for `opt -passes=raceway` and adds it
// at the start of clang's pipelines (-O0 to -O3), before any optimisation.
//
// LLVM_PLUGIN_API_VERSION has been 1 for years, so a plugin built for one
// LLVM loads into another and would crash on the first C++ ABI mismatch.
// The host's version is read through the stable C API instead, and a
// mismatch is refused with one clear error before any LLVM code runs.
//
//===----------------------------------------------------------------------===//

#include "RacewayPass.h"

#include "llvm/Config/llvm-config.h"
#include "llvm/Passes/PassBuilder.h"
#if LLVM_VERSION_MAJOR >= 22
#include "llvm/Plugins/PassPlugin.h"
#else
#include "llvm/Passes/PassPlugin.h"
#endif

#include <dlfcn.h>
#include <stdio.h>

using namespace llvm;

/// True unless the host LLVM's major version is known and differs from
/// ours.  LLVMGetVersion is in the C API since LLVM 16; older hosts are
/// not checked.  Prints only through libc: the host's LLVM may not match.
static bool hostLLVMMatches() {
  using GetVersionFn = void(unsigned *, unsigned *, unsigned *);
  auto *GetVersion =
      reinterpret_cast<GetVersionFn *>(dlsym(RTLD_DEFAULT, "LLVMGetVersion"));
  if (!GetVersion)
    return true;
  unsigned Major = 0, Minor = 0, Patch = 0;
  GetVersion(&Major, &Minor, &Patch);
  if (Major == LLVM_VERSION_MAJOR)
    return true;
  fprintf(stderr,
          "error: RacewayPass was built for LLVM %d but this compiler is "
          "LLVM %u; use clang-%d or rebuild RacewayPass against LLVM %u\n",
          LLVM_VERSION_MAJOR, Major, LLVM_VERSION_MAJOR, Major);
  return false;
}

static bool parsePipeline(StringRef Name, ModulePassManager &MPM,
                          ArrayRef<PassBuilder::PipelineElement>) {
  if (Name != "raceway")
    return false;
  MPM.addPass(raceway::RacewayPass());
  return true;
}

static void registerCallbacks(PassBuilder &PB) {
  PB.registerPipelineParsingCallback(parsePipeline);
  PB.registerPipelineStartEPCallback(
      [](ModulePassManager &MPM, OptimizationLevel) {
        MPM.addPass(raceway::RacewayPass());
      });
}

// Checked once, when the plugin is loaded.  Options are registered at load
// time too: clang parses -mllvm before it loads -fpass-plugin libraries, so
// `-mllvm -raceway-functions=...` needs the plugin also loaded early with
// -fplugin=RacewayPass.so, which runs only this initializer.
static const bool HostMatches = [] {
  bool OK = hostLLVMMatches();
  if (OK)
    raceway::registerOptions();
  return OK;
}();

extern "C" LLVM_ATTRIBUTE_WEAK PassPluginLibraryInfo llvmGetPassPluginInfo() {
  if (!HostMatches)
    return {0, "RacewayPass", "refused", nullptr}; // API version 0: rejected.
  return {LLVM_PLUGIN_API_VERSION, "RacewayPass", "0.1.0", registerCallbacks};
}
