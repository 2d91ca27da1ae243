//===- TrackedState.cpp - find annotated globals, fields and functions ----===//

#include "TrackedState.h"
#include "Compat.h"
#include "Diagnostics.h"

#include "llvm/ADT/Statistic.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/BinaryFormat/Dwarf.h"
#include "llvm/Demangle/Demangle.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DebugInfo.h"
#include "llvm/IR/GetElementPtrTypeIterator.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Operator.h"

#define DEBUG_TYPE "raceway"

using namespace llvm;

STATISTIC(NumTrackedGlobals, "Number of tracked globals");
STATISTIC(NumBadAnnotations, "Number of malformed raceway annotations");

namespace raceway {

static bool isIdentifier(StringRef S) {
  if (S.empty() || !(isAlpha(S[0]) || S[0] == '_'))
    return false;
  return llvm::all_of(S, [](char C) { return isAlnum(C) || C == '_'; });
}

Annotation parseAnnotation(StringRef S) {
  Annotation A;
  if (S.substr(0, strlen("raceway")) != "raceway")
    return A;
  A.Status = Annotation::Malformed;
  StringRef Rest = S.drop_front(strlen("raceway"));
  if (Rest.empty()) {
    A.Status = Annotation::Valid;
    return A;
  }
  if (!Rest.consume_front(":") || Rest.empty())
    return A;
  SmallVector<StringRef, 4> Items;
  Rest.split(Items, ',');
  for (StringRef Item : Items) {
    // RACEWAY_TRACKED(int, arr[10]) stringises the whole declarator: the
    // name is the identifier before the array bounds.
    if (!Item.empty() && Item.back() == ']')
      Item = Item.take_until([](char C) { return C == '['; });
    if (Item == "redact") {
      A.Redact = true;
    } else if (isIdentifier(Item) && A.Name.empty()) {
      A.Name = Item.str();
    } else {
      A.Redact = false;
      A.Name.clear();
      return A; // Empty item, bad character, or a second name.
    }
  }
  A.Status = Annotation::Valid;
  return A;
}

bool TrackedState::isPtrAnnotation(const Value *V) {
  auto *II = dyn_cast<IntrinsicInst>(V);
  return II && II->getIntrinsicID() == Intrinsic::ptr_annotation;
}

TrackedState::TrackedState(Module &M) : M(M) {
  scanGlobalAnnotations();
  scanFieldAnnotations();
}

void TrackedState::warnMalformed(StringRef Str, StringRef File,
                                 unsigned Line) {
  std::string Key = (File + ":" + Twine(Line) + ":" + Str).str();
  if (!Warned.insert(Key).second)
    return; // One warning per annotation, not per access.
  ++NumBadAnnotations;
  std::string Where = File.empty() ? "" : (File + ":" + Twine(Line) + ": ").str();
  std::string Msg = Where + "ignoring malformed raceway annotation \"" +
                    Str.str() +
                    "\"; expected \"raceway\" or \"raceway:<name>[,redact]\"";
  warn(M.getContext(), Msg);
}

Annotation TrackedState::readAnnotation(const Value *Str, const Value *File,
                                        unsigned Line) {
  StringRef S, FileName;
  if (!constantString(Str, S))
    return Annotation();
  Annotation A = parseAnnotation(S);
  if (A.Status == Annotation::Malformed) {
    constantString(File, FileName);
    warnMalformed(S, FileName, Line);
  }
  return A;
}

void TrackedState::addGlobal(GlobalVariable *GV, const Annotation &A) {
  auto &E = Globals[GV];
  if (!E) {
    E = std::make_unique<TrackedEntity>();
    E->Kind = TrackedEntity::Global;
    // clang names a function-static "fn.x"; C++ names are mangled.
    E->Variable = demangle(GV->getName().str());
    SmallVector<DIGlobalVariableExpression *, 1> GVEs;
    GV->getDebugInfo(GVEs);
    if (!GVEs.empty())
      E->DeclaredType = GVEs.front()->getVariable()->getType();
    ++NumTrackedGlobals;
  }
  // A name in the annotation is for readers of C, who may have several
  // annotations on one declaration; the last name given wins.
  if (!A.Name.empty())
    E->Variable = A.Name;
  E->Redact |= A.Redact;
}

void TrackedState::scanGlobalAnnotations() {
  GlobalVariable *GA = M.getNamedGlobal("llvm.global.annotations");
  if (!GA || !GA->hasInitializer())
    return;
  auto *Arr = dyn_cast<ConstantArray>(GA->getInitializer());
  if (!Arr)
    return;
  for (const Use &U : Arr->operands()) {
    auto *Entry = dyn_cast<ConstantStruct>(U.get());
    if (!Entry || Entry->getNumOperands() < 4)
      continue;
    unsigned Line = 0;
    if (auto *CI = dyn_cast<ConstantInt>(Entry->getOperand(3)))
      Line = CI->getZExtValue();
    Annotation A =
        readAnnotation(Entry->getOperand(1), Entry->getOperand(2), Line);
    if (A.Status != Annotation::Valid)
      continue;
    Value *Target = Entry->getOperand(0)->stripPointerCasts();
    if (auto *GV = dyn_cast<GlobalVariable>(Target))
      addGlobal(GV, A);
    else if (auto *F = dyn_cast<Function>(Target))
      Functions.insert(F);
  }
}

void TrackedState::scanFieldAnnotations() {
  for (Function &F : M)
    for (Instruction &I : instructions(F))
      if (isPtrAnnotation(&I) && field(cast<IntrinsicInst>(&I)))
        HasTrackedFields = true;
}

const TrackedEntity *TrackedState::global(const GlobalVariable *GV) const {
  auto It = Globals.find(GV);
  return It == Globals.end() ? nullptr : It->second.get();
}

static unsigned annotationLine(const IntrinsicInst *II) {
  auto *CI = dyn_cast<ConstantInt>(II->getArgOperand(3));
  return CI ? CI->getZExtValue() : 0;
}

const TrackedEntity *TrackedState::field(const IntrinsicInst *Call) {
  auto Cached = FieldCache.find(Call);
  if (Cached != FieldCache.end())
    return Cached->second;

  // Several annotate attributes on one field give a chain of calls; merge
  // every valid raceway annotation on the chain.
  Annotation Merged;
  bool Tracked = false;
  unsigned Line = 0;
  const Value *Addr = Call;
  while (isPtrAnnotation(Addr)) {
    auto *II = cast<IntrinsicInst>(Addr);
    Annotation A = readAnnotation(II->getArgOperand(1), II->getArgOperand(2),
                                  annotationLine(II));
    if (A.Status == Annotation::Valid) {
      Tracked = true;
      Line = annotationLine(II);
      if (!A.Name.empty())
        Merged.Name = A.Name;
      Merged.Redact |= A.Redact;
    }
    Addr = II->getArgOperand(0)->stripPointerCasts();
  }
  const TrackedEntity *Result = nullptr;
  if (Tracked) {
    TrackedEntity Probe;
    Probe.Kind = TrackedEntity::Field;
    Probe.Redact = Merged.Redact;
    nameField(Probe, Addr, Line);
    if (!Merged.Name.empty())
      Probe.Variable = Merged.Name;
    // Fields are keyed by what a report shows, so every object's copy of a
    // field shares one entity (pointers to it can flow through locals).
    std::string Key = Probe.TypeName + "|" + Probe.Variable + "|" +
                      std::to_string(Probe.FieldOffset) + "|" +
                      (Probe.Redact ? "r" : "");
    auto &Slot = Fields[Key];
    if (!Slot)
      Slot = std::make_unique<TrackedEntity>(std::move(Probe));
    Result = Slot.get();
  }
  FieldCache[Call] = Result;
  return Result;
}

/// "struct.Account" -> "Account", "class.ns::Bank.12" -> "ns::Bank".
static std::string sourceStructName(StringRef IRName) {
  for (StringRef Prefix : {"struct.", "class.", "union."})
    if (IRName.consume_front(Prefix))
      break;
  StringRef Base = IRName.rsplit('.').first;
  StringRef Suffix = IRName.rsplit('.').second;
  if (!Suffix.empty() && llvm::all_of(Suffix, isDigit))
    IRName = Base;
  return IRName.str();
}

DICompositeType *TrackedState::compositeNamed(StringRef Name) {
  if (!CompositesLoaded) {
    CompositesLoaded = true;
    DebugInfoFinder Finder;
    Finder.processModule(M);
    for (DIType *T : Finder.types())
      if (auto *CT = dyn_cast<DICompositeType>(T)) {
        AllComposites.push_back(CT);
        if (!CT->getName().empty())
          Composites.try_emplace(CT->getName(), CT);
      }
  }
  return Composites.lookup(Name);
}

static DIDerivedType *memberAt(DICompositeType *CT, uint64_t OffsetBits) {
  if (!CT)
    return nullptr;
  for (DINode *N : CT->getElements())
    if (auto *DT = dyn_cast<DIDerivedType>(N))
      if (DT->getTag() == dwarf::DW_TAG_member &&
          DT->getOffsetInBits() == OffsetBits)
        return DT;
  return nullptr;
}

/// Names a field from, in order: debug info, then the IR struct type.
/// (The annotation's own name, if any, is applied by the caller.)
void TrackedState::nameField(TrackedEntity &E, const Value *FieldAddr,
                             unsigned AnnotLine) {
  const DataLayout &DL = M.getDataLayout();
  StructType *ST = nullptr;
  unsigned Index = 0;
  if (auto *GEP = dyn_cast<GEPOperator>(FieldAddr)) {
    // The last struct index of the GEP selects the annotated field.
    for (auto GTI = gep_type_begin(GEP), End = gep_type_end(GEP); GTI != End;
         ++GTI)
      if (StructType *S = GTI.getStructTypeOrNull())
        if (auto *CI = dyn_cast<ConstantInt>(GTI.getOperand())) {
          ST = S;
          Index = CI->getZExtValue();
        }
  }
  if (ST && !ST->isOpaque()) {
    E.FieldOffset = DL.getStructLayout(ST)->getElementOffset(Index);
    if (ST->hasName())
      E.TypeName = sourceStructName(ST->getName());
    E.Variable = "field" + std::to_string(Index);
  } else if (auto *GEP = dyn_cast<GEPOperator>(FieldAddr)) {
    // A byte GEP (optimised IR) still gives the offset, not the struct.
    APInt Off(DL.getIndexTypeSizeInBits(GEP->getType()), 0);
    if (GEP->accumulateConstantOffset(DL, Off) && Off.isIntN(32))
      E.FieldOffset = Off.getZExtValue();
  }

  DICompositeType *CT = E.TypeName.empty() ? nullptr : compositeNamed(E.TypeName);
  DIDerivedType *Member = memberAt(CT, uint64_t(E.FieldOffset) * 8);
  if (!Member && AnnotLine) {
    // Anonymous structs have no name to look up: find the member declared
    // on the annotation's line at the same offset.
    compositeNamed("");
    for (DICompositeType *C : AllComposites)
      if (DIDerivedType *M2 = memberAt(C, uint64_t(E.FieldOffset) * 8))
        if (M2->getLine() == AnnotLine) {
          CT = C;
          Member = M2;
          break;
        }
  }
  if (Member) {
    E.Variable = Member->getName().str();
    E.DeclaredType = Member->getBaseType();
    // The IR name is namespace-qualified in C++; debug info names anonymous
    // and zero-offset (no GEP) cases the IR cannot.
    bool IRNameUseful = !E.TypeName.empty() && E.TypeName != "anon";
    if (CT && !CT->getName().empty() && !IRNameUseful)
      E.TypeName = CT->getName().str();
  }
  if (E.Variable.empty())
    E.Variable = "field@" + std::to_string(E.FieldOffset);
}

} // namespace raceway
