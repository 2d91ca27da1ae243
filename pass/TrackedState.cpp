//===- TrackedState.cpp - find annotated globals, fields and functions ----===//

#include "TrackedState.h"
#include "Compat.h"
#include "DebugTypes.h"
#include "Diagnostics.h"
#include "SourceText.h"
#include "Tracklist.h"

#include "llvm/ADT/Statistic.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/BinaryFormat/Dwarf.h"
#include "llvm/Demangle/Demangle.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DebugInfo.h"
#include "llvm/IR/GetElementPtrTypeIterator.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Operator.h"
#include "llvm/Support/Path.h"

#define DEBUG_TYPE "raceway"

using namespace llvm;

STATISTIC(NumTrackedGlobals, "Number of tracked globals");
STATISTIC(NumBadAnnotations, "Number of malformed raceway annotations");

namespace raceway {

bool TrackedState::isPtrAnnotation(const Value *V) {
  auto *II = dyn_cast<IntrinsicInst>(V);
  return II && II->getIntrinsicID() == Intrinsic::ptr_annotation;
}

TrackedState::TrackedState(Module &M, const Tracklist *List)
    : M(M), Types(M) {
  scanGlobalAnnotations();
  scanFieldAnnotations();
  if (List && List->hasGlobals())
    scanListedGlobals(*List);
  if (List && List->hasFields())
    scanListedFields(*List);
  warnAnnotatedBitFields();
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

/// clang names a function-static "fn.x" (C) or "fn()::x" once demangled
/// (C++), with ".N" after a repeated name: the function is part of the
/// name README promises ("f.hits"), even when the annotation names "x".
static bool irNameEndsWith(StringRef IRName, StringRef Name) {
  StringRef Base = IRName;
  auto Dot = Base.rsplit('.');
  if (!Dot.second.empty() && llvm::all_of(Dot.second, isDigit))
    Base = Dot.first;
  return Base == Name || endsWith(Base, ("." + Name).str()) ||
         endsWith(Base, ("::" + Name).str());
}

void TrackedState::addGlobal(GlobalVariable *GV, const Annotation &A,
                             StringRef File, unsigned Line) {
  auto &E = Globals[GV];
  if (!E) {
    E = std::make_unique<TrackedEntity>();
    E->Kind = TrackedEntity::Global;
    E->GV = GV;
    E->AnnotFile = File.str();
    E->AnnotLine = Line;
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
  if (!A.Name.empty() &&
      !(GV->hasLocalLinkage() && irNameEndsWith(E->Variable, A.Name)))
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
    StringRef File;
    constantString(Entry->getOperand(2), File);
    if (auto *GV = dyn_cast<GlobalVariable>(Target))
      addGlobal(GV, A, File, Line);
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
  StringRef File;
  const Value *Addr = Call;
  while (isPtrAnnotation(Addr)) {
    auto *II = cast<IntrinsicInst>(Addr);
    Annotation A = readAnnotation(II->getArgOperand(1), II->getArgOperand(2),
                                  annotationLine(II));
    if (A.Status == Annotation::Valid) {
      Tracked = true;
      Line = annotationLine(II);
      constantString(II->getArgOperand(2), File);
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
    Probe.AnnotFile = File.str();
    Probe.AnnotLine = Line;
    nameField(Probe, Addr, File, Line);
    if (!Merged.Name.empty())
      Probe.Variable = Merged.Name;
    Result = registerField(std::move(Probe));
  }
  FieldCache[Call] = Result;
  return Result;
}

const TrackedEntity *TrackedState::registerField(TrackedEntity &&Probe) {
  // Fields are keyed by what a report shows, so every object's copy of a
  // field shares one entity (pointers to it can flow through locals), and
  // a field both annotated and listed is one entity.
  std::string Key = Probe.TypeName + "|" + Probe.Variable + "|" +
                    std::to_string(Probe.FieldOffset) + "|" +
                    (Probe.Redact ? "r" : "");
  auto &Slot = Fields[Key];
  if (!Slot)
    Slot = std::make_unique<TrackedEntity>(std::move(Probe));
  else
    Slot->Listed |= Probe.Listed;
  TrackedEntity *Result = Slot.get();
  if (Result->LeafStruct) {
    LeafNames.try_emplace({Result->LeafStruct, Result->LeafIndex},
                          Result->Variable);
    StructFields.try_emplace({Result->LeafStruct, Result->LeafIndex}, Result);
  }
  return Result;
}

std::string TrackedState::sourceStructName(StringRef IRName) {
  for (StringRef Prefix : {"struct.", "class.", "union."})
    if (IRName.consume_front(Prefix))
      break;
  StringRef Base = IRName.rsplit('.').first;
  StringRef Suffix = IRName.rsplit('.').second;
  if (!Suffix.empty() && llvm::all_of(Suffix, isDigit))
    IRName = Base;
  return IRName.str();
}

DICompositeType *TrackedState::compositeFor(StructType *ST) {
  if (!ST->hasName())
    return nullptr;
  if (DICompositeType *CT = Types.forStructName(sourceStructName(ST->getName())))
    return CT;
  return Types.forIRStruct(ST); // An anonymous struct, through a global.
}

/// The struct and element the last constant struct index of FieldAddr (a
/// GEP) selects, else the byte offset a GEP gives (optimised IR).
static void placeFieldInIR(TrackedEntity &E, const Value *FieldAddr,
                           const DataLayout &DL) {
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
    E.LeafStruct = ST;
    E.LeafIndex = Index;
    E.FieldOffset = DL.getStructLayout(ST)->getElementOffset(Index);
    if (ST->hasName())
      E.TypeName = TrackedState::sourceStructName(ST->getName());
    E.Variable = "field" + std::to_string(Index);
  } else if (auto *GEP = dyn_cast<GEPOperator>(FieldAddr)) {
    // A byte GEP (optimised IR) still gives the offset, not the struct.
    APInt Off(DL.getIndexTypeSizeInBits(GEP->getType()), 0);
    if (GEP->accumulateConstantOffset(DL, Off) && Off.isIntN(32))
      E.FieldOffset = Off.getZExtValue();
  }
}

/// No struct GEP (clang folds &g.first_field to @g): the struct is the one
/// debug info names (CT), else the global's own type.  Copies need it
/// (CopyAccess finds tracked fields by struct and element).
static void placeFieldInStruct(TrackedEntity &E, const Value *FieldAddr,
                               DICompositeType *CT, const Module &M) {
  const DataLayout &DL = M.getDataLayout();
  StructType *ST = nullptr;
  if (CT && !CT->getName().empty())
    for (const char *Prefix : {"struct.", "class."})
      if (!ST)
        ST = StructType::getTypeByName(M.getContext(),
                                       (Prefix + CT->getName()).str());
  if (!ST)
    if (auto *GV = dyn_cast<GlobalVariable>(FieldAddr->stripPointerCasts())) {
      Type *T = GV->getValueType();
      while (auto *AT = dyn_cast<ArrayType>(T))
        T = AT->getElementType();
      ST = dyn_cast<StructType>(T);
    }
  if (ST && !ST->isOpaque() &&
      E.FieldOffset < DL.getStructLayout(ST)->getSizeInBytes()) {
    unsigned I = DL.getStructLayout(ST)->getElementContainingOffset(E.FieldOffset);
    // Without debug info a struct member at that offset is ambiguous (the
    // annotated field may be inside it).
    bool Ambiguous = !CT && ST->getElementType(I)->isAggregateType();
    if (DL.getStructLayout(ST)->getElementOffset(I) == E.FieldOffset &&
        !Ambiguous) {
      E.LeafStruct = ST;
      E.LeafIndex = I;
    }
  }
}

/// Names a field from, in order: debug info, then the IR struct type.
/// (The annotation's own name, if any, is applied by the caller.)
void TrackedState::nameField(TrackedEntity &E, const Value *FieldAddr,
                             StringRef AnnotFile, unsigned AnnotLine) {
  placeFieldInIR(E, FieldAddr, M.getDataLayout());
  DICompositeType *CT = E.TypeName.empty() ? nullptr : Types.named(E.TypeName);
  DIDerivedType *Member = memberAt(CT, uint64_t(E.FieldOffset) * 8);
  if (!Member && AnnotLine)
    // Anonymous structs have no name to look up: find the member declared
    // on the annotation's line at the same offset.
    Member = Types.memberOnLine(uint64_t(E.FieldOffset) * 8, AnnotLine, CT);
  if (Member) {
    E.Variable = Member->getName().str();
    E.DeclaredType = Member->getBaseType();
    // The IR name is namespace-qualified in C++; debug info names anonymous
    // and zero-offset (no GEP) cases the IR cannot.
    bool IRNameUseful = !E.TypeName.empty() && E.TypeName != "anon";
    if (CT && !CT->getName().empty() && !IRNameUseful)
      E.TypeName = CT->getName().str();
  }
  if (!E.LeafStruct)
    placeFieldInStruct(E, FieldAddr, CT, M);
  if (!Member && AnnotLine) {
    // No debug info: the annotation's own line still names the field.
    std::string FromSource = Source.nameAt(AnnotFile, AnnotLine);
    if (!FromSource.empty())
      E.Variable = FromSource;
  }
  if (E.Variable.empty())
    E.Variable = "field@" + std::to_string(E.FieldOffset);
}

std::string TrackedState::memberName(StructType *ST, unsigned Index) {
  auto Leaf = LeafNames.find({ST, Index});
  if (Leaf != LeafNames.end())
    return Leaf->second;
  if (ST->hasName()) {
    const DataLayout &DL = M.getDataLayout();
    uint64_t Off = DL.getStructLayout(ST)->getElementOffset(Index);
    DICompositeType *CT = compositeFor(ST);
    DIDerivedType *Member = memberAt(CT, Off * 8);
    if (Member && Member->isBitField()) {
      // A bit-field storage unit: every bit-field it holds, "{a,b}".
      uint64_t End = (Off + DL.getTypeAllocSize(ST->getElementType(Index))) * 8;
      SmallVector<StringRef, 4> Names;
      for (DINode *N : CT->getElements())
        if (auto *DT = dyn_cast<DIDerivedType>(N))
          if (DT->getTag() == dwarf::DW_TAG_member && DT->isBitField() &&
              DT->getOffsetInBits() >= Off * 8 && DT->getOffsetInBits() < End &&
              !DT->getName().empty())
            Names.push_back(DT->getName());
      if (Names.size() > 1)
        return "{" + join(Names, ",") + "}";
    }
    if (Member)
      return Member->getName().str();
  }
  return "field" + std::to_string(Index);
}

//===----------------------------------------------------------------------===//
// The tracklist: globals and fields named by -raceway-tracklist
//===----------------------------------------------------------------------===//

void TrackedState::scanListedGlobals(const Tracklist &List) {
  std::string Main = M.getSourceFileName();
  for (GlobalVariable &GV : M.globals()) {
    if (startsWith(GV.getName(), "llvm.") ||
        startsWith(GV.getName(), "__raceway_") || GV.hasPrivateLinkage() ||
        GV.isConstant() || GV.getSection() == "llvm.metadata" ||
        !GV.getValueType()->isSized())
      continue;
    std::string Demangled = demangle(GV.getName().str());
    std::vector<std::string> Names{Demangled};
    if (Demangled != GV.getName())
      Names.push_back(GV.getName().str());
    Tracklist::Match Found = List.global(Names);
    SmallVector<DIGlobalVariableExpression *, 1> GVEs;
    GV.getDebugInfo(GVEs);
    DIGlobalVariable *DV = GVEs.empty() ? nullptr : GVEs.front()->getVariable();
    std::string DefFile;
    if (DV && DV->getFile()) {
      DefFile = DV->getFilename().str();
      if (sys::path::is_relative(DefFile) && !DV->getDirectory().empty()) {
        SmallString<256> Full(DV->getDirectory());
        sys::path::append(Full, DefFile);
        DefFile = Full.str().str();
      }
    }
    // src: every global defined in the files (not declared: an extern's
    // file is not known here; list it by name instead).
    if (!GV.isDeclaration() && !GV.isThreadLocal()) {
      std::vector<std::string> Files{Main};
      if (DV && DV->getFile()) {
        Files.push_back(DV->getFilename().str());
        Files.push_back(DefFile);
      }
      Tracklist::Match S = List.source(Files);
      Found.Matched |= S.Matched;
      Found.Redact |= S.Redact;
    }
    if (!Found.Matched)
      continue;
    Annotation A;
    A.Status = Annotation::Valid;
    A.Name = Found.Name;
    A.Redact = Found.Redact;
    addGlobal(&GV, A, DV ? StringRef(DefFile) : StringRef(),
              DV ? DV->getLine() : 0);
  }
}

void TrackedState::scanListedFields(const Tracklist &List) {
  const DataLayout &DL = M.getDataLayout();
  for (StructType *ST : M.getIdentifiedStructTypes()) {
    if (ST->isOpaque() || !ST->hasName() || startsWith(ST->getName(), "union."))
      continue;
    std::string Name = sourceStructName(ST->getName());
    if (Name.empty() || Name == "anon")
      continue;
    std::string Kw = startsWith(ST->getName(), "class.") ? "class " : "struct ";
    std::vector<std::string> Types{Name, Kw + Name};
    Tracklist::Match Whole = List.structType(Types);
    DICompositeType *CT = compositeFor(ST);
    if (!CT && !Whole.Matched && List.fieldEntriesMention(Name) &&
        Warned.insert("nodebug:" + Name).second)
      warn(M.getContext(),
           "raceway tracklist: field: entries for struct " + Name +
               " are not applied in " + M.getSourceFileName() +
               ": member names come from debug info; compile with -g (or "
               "list the whole struct with type:)");
    const StructLayout *SL = DL.getStructLayout(ST);
    for (unsigned I = 0; I < ST->getNumElements(); ++I) {
      uint64_t Start = SL->getElementOffset(I);
      uint64_t End = Start + DL.getTypeAllocSize(ST->getElementType(I));
      SmallVector<DIDerivedType *, 2> Members;
      if (CT)
        for (DINode *N : CT->getElements())
          if (auto *DT = dyn_cast<DIDerivedType>(N))
            if (DT->getTag() == dwarf::DW_TAG_member && !DT->isStaticMember() &&
                DT->getOffsetInBits() >= Start * 8 &&
                DT->getOffsetInBits() < End * 8)
              Members.push_back(DT);
      // Padding, a base class, or an anonymous member (whose own struct
      // has no name to list).
      if (CT && (Members.empty() ||
                 llvm::any_of(Members, [](DIDerivedType *D) {
                   return D->getName().empty();
                 })))
        continue;
      Tracklist::Match Found = Whole;
      std::vector<std::string> Queries;
      for (DIDerivedType *DT : Members) {
        Queries.push_back(Name + "." + DT->getName().str());
        Queries.push_back(Kw + Name + "." + DT->getName().str());
      }
      if (!Queries.empty()) {
        Tracklist::Match F = List.field(Queries);
        Found.Matched |= F.Matched;
        Found.Redact |= F.Redact;
        if (!F.Name.empty())
          Found.Name = F.Name;
      }
      if (!Found.Matched)
        continue;
      TrackedEntity E;
      E.Kind = TrackedEntity::Field;
      E.Listed = true;
      E.TypeName = Name;
      E.FieldOffset = uint32_t(Start);
      E.LeafStruct = ST;
      E.LeafIndex = I;
      E.Redact = Found.Redact;
      E.Variable = Found.Name.empty() ? memberName(ST, I) : Found.Name;
      if (Members.size() == 1 && !Members.front()->isBitField())
        E.DeclaredType = Members.front()->getBaseType();
      registerField(std::move(E));
      HasListedFields = true;
    }
  }
}

const TrackedEntity *TrackedState::structField(StructType *ST,
                                               unsigned Index) const {
  return StructFields.lookup({ST, Index});
}

const TrackedEntity *TrackedState::listedAnchor(const GEPOperator *GEP,
                                                int64_t &Within) const {
  Within = -1;
  if (!HasListedFields)
    return nullptr;
  const DataLayout &DL = M.getDataLayout();
  const TrackedEntity *Found = nullptr;
  int64_t Off = 0;
  bool Const = true;
  for (auto GTI = gep_type_begin(GEP), End = gep_type_end(GEP); GTI != End;
       ++GTI) {
    Value *Idx = GTI.getOperand();
    if (StructType *ST = GTI.getStructTypeOrNull()) {
      unsigned I = cast<ConstantInt>(Idx)->getZExtValue();
      Off += DL.getStructLayout(ST)->getElementOffset(I);
      const TrackedEntity *E = StructFields.lookup({ST, I});
      if (E && E->Listed) {
        // The innermost listed field; offsets count from its start.
        Found = E;
        Off = 0;
        Const = true;
      }
      continue;
    }
    TypeSize Stride = DL.getTypeAllocSize(GTI.getIndexedType());
    auto *CI = dyn_cast<ConstantInt>(Idx);
    if (CI && !Stride.isScalable())
      Off += CI->getSExtValue() * int64_t(Stride.getFixedValue());
    else
      Const = false;
  }
  if (Found && Const && Off >= 0)
    Within = Off;
  return Found;
}

const TrackedEntity *TrackedState::listedFieldAt(Type *Ty, uint64_t Off,
                                                 uint64_t Size,
                                                 uint64_t &Within) const {
  if (!HasListedFields)
    return nullptr;
  const DataLayout &DL = M.getDataLayout();
  const TrackedEntity *Found = nullptr;
  uint64_t Abs = 0, FoundAt = 0, Orig = Off;
  Size = std::max<uint64_t>(Size, 1);
  for (unsigned Depth = 0; Depth < 64; ++Depth) {
    if (auto *ST = dyn_cast<StructType>(Ty)) {
      if (ST->isOpaque())
        break;
      const StructLayout *SL = DL.getStructLayout(ST);
      if (Off >= SL->getSizeInBytes())
        break;
      unsigned I = SL->getElementContainingOffset(Off);
      uint64_t MStart = SL->getElementOffset(I);
      Type *MTy = ST->getElementType(I);
      if (Off < MStart || Off + Size > MStart + DL.getTypeAllocSize(MTy))
        break;
      const TrackedEntity *E = StructFields.lookup({ST, I});
      if (E && E->Listed) {
        Found = E;
        FoundAt = Abs + MStart;
      }
      Ty = MTy;
      Off -= MStart;
      Abs += MStart;
    } else if (auto *AT = dyn_cast<ArrayType>(Ty)) {
      uint64_t ES = DL.getTypeAllocSize(AT->getElementType());
      if (ES == 0)
        break;
      uint64_t K = Off / ES;
      if (K >= AT->getNumElements() || Off - K * ES + Size > ES)
        break;
      Ty = AT->getElementType();
      Off -= K * ES;
      Abs += K * ES;
    } else {
      break;
    }
  }
  if (Found)
    Within = Orig - FoundAt;
  return Found;
}

void TrackedState::warnAnnotatedBitFields() {
  // The files to read: the main file, files named by annotations and debug
  // info (and, found by SourceText, the main file's quoted includes).
  SmallVector<std::pair<StringRef, StringRef>, 16> Candidates;
  Candidates.push_back({"", M.getSourceFileName()});
  for (auto &KV : Globals)
    Candidates.push_back({"", KV.second->AnnotFile});
  for (auto &KV : Fields)
    Candidates.push_back({"", KV.second->AnnotFile});
  for (DICompileUnit *CU : M.debug_compile_units()) {
    Candidates.push_back({CU->getDirectory(), CU->getFilename()});
    for (DICompositeType *CT : Types.all())
      if (DIFile *F = CT->getFile())
        Candidates.push_back({F->getDirectory(), F->getFilename()});
    break;
  }
  for (const std::string &F : Source.filesToRead(Candidates))
    for (const auto &LineName : Source.annotatedBitFields(F)) {
      std::string Where = F + ":" + std::to_string(LineName.first);
      if (!Warned.insert(Where + ":bitfield").second)
        continue;
      warn(M.getContext(),
           Where + ": raceway annotation on bit-field '" + LineName.second +
               "' is ignored: clang drops annotations on bit-fields; make it a "
               "full field or annotate the object that holds it");
    }
}

} // namespace raceway
