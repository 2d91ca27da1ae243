//===- Diagnostics.cpp - warnings from RacewayPass ------------------------===//

#include "Diagnostics.h"

#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/DiagnosticPrinter.h"

using namespace llvm;

namespace raceway {
namespace {

// DiagnosticInfoGeneric only has a Twine constructor from LLVM 20 on, so the
// pass has its own kind, allocated once per process as plugins must.
class RacewayDiagnostic : public DiagnosticInfo {
public:
  RacewayDiagnostic(const Twine &Msg, DiagnosticSeverity Severity)
      : DiagnosticInfo(kind(), Severity), Msg(Msg) {}
  void print(DiagnosticPrinter &DP) const override { DP << Msg; }

private:
  static int kind() {
    static const int Kind = getNextAvailablePluginDiagnosticKind();
    return Kind;
  }
  const Twine &Msg;
};

} // namespace

void warn(LLVMContext &C, const Twine &Msg) {
  C.diagnose(RacewayDiagnostic(Msg, DS_Warning));
}

void error(LLVMContext &C, const Twine &Msg) {
  C.diagnose(RacewayDiagnostic(Msg, DS_Error));
}

} // namespace raceway
