//===- SourceText.cpp - raceway annotations and C source text -------------===//

#include "SourceText.h"
#include "Compat.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <cstring>

using namespace llvm;

namespace raceway {

bool isIdentifier(StringRef S) {
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

const std::vector<std::string> &SourceText::lines(StringRef File) {
  auto It = Files.find(File);
  if (It == Files.end()) {
    std::vector<std::string> Lines;
    if (auto Buf = MemoryBuffer::getFile(File, /*IsText=*/true)) {
      SmallVector<StringRef, 0> Split;
      (*Buf)->getBuffer().split(Split, '\n');
      for (StringRef L : Split)
        Lines.push_back(L.rtrim("\r").str());
    }
    It = Files.try_emplace(File, std::move(Lines)).first;
  }
  return It->second;
}

StringRef SourceText::line(StringRef File, unsigned Line) {
  if (File.empty() || Line == 0)
    return "";
  const std::vector<std::string> &Lines = lines(File);
  return Line <= Lines.size() ? StringRef(Lines[Line - 1]) : "";
}

/// Where on Line a raceway annotation starts (the `__attribute__`, `[[`
/// or macro name) and, for RACEWAY_TRACKED/RACEWAY_REDACTED, the macro's
/// declarator argument.  Returns false unless the line has exactly one.
static bool findAnnotation(StringRef L, size_t &Start, StringRef &MacroDecl) {
  unsigned Found = 0;
  MacroDecl = "";
  for (size_t P = 0; (P = L.find("annotate(\"raceway", P)) != StringRef::npos;
       ++P) {
    ++Found;
    size_t Attr = L.take_front(P).rfind("__attribute__");
    size_t Std = L.take_front(P).rfind("[[");
    if (Attr == StringRef::npos && Std == StringRef::npos)
      return false;
    Start = Attr == StringRef::npos ? Std
            : Std == StringRef::npos ? Attr
                                     : std::max(Attr, Std);
  }
  for (StringRef Macro : {"RACEWAY_TRACKED", "RACEWAY_REDACTED", "RACEWAY_TRACK"})
    for (size_t P = 0; (P = L.find(Macro, P)) != StringRef::npos;
         P += Macro.size()) {
      char After = P + Macro.size() < L.size() ? L[P + Macro.size()] : ' ';
      if (isAlnum(After) || After == '_')
        continue; // RACEWAY_TRACK inside RACEWAY_TRACKED.
      if (P > 0 && (isAlnum(L[P - 1]) || L[P - 1] == '_'))
        continue;
      ++Found;
      Start = P;
      if (Macro != "RACEWAY_TRACK") {
        StringRef Args = L.drop_front(P + Macro.size()).ltrim();
        if (!Args.consume_front("("))
          return false;
        MacroDecl = Args.split(',').second.split(')').first.trim();
      }
    }
  return Found == 1;
}

/// The identifier a declarator ends with: "x", "cells[8]" -> "cells".
static StringRef trailingIdentifier(StringRef Before) {
  Before = Before.rtrim();
  while (endsWith(Before, "]")) {
    size_t Open = Before.rfind('[');
    if (Open == StringRef::npos)
      return "";
    Before = Before.take_front(Open).rtrim();
  }
  size_t I = Before.size();
  while (I && (isAlnum(Before[I - 1]) || Before[I - 1] == '_'))
    --I;
  StringRef Id = Before.drop_front(I);
  return isIdentifier(Id) ? Id : "";
}

std::string SourceText::nameAt(StringRef File, unsigned Line) {
  StringRef L = line(File, Line);
  size_t Start;
  StringRef MacroDecl;
  if (L.empty() || !findAnnotation(L, Start, MacroDecl))
    return "";
  if (!MacroDecl.empty())
    return trailingIdentifier(MacroDecl.split(':').first).str();
  return trailingIdentifier(L.take_front(Start)).str();
}

std::string annotatedBitField(StringRef L) {
  StringRef Code = L.split("//").first;
  StringRef Trim = Code.ltrim();
  if (startsWith(Trim, "#") || startsWith(Trim, "*") || startsWith(Trim, "/*"))
    return "";
  size_t Start;
  StringRef MacroDecl;
  if (!findAnnotation(Code, Start, MacroDecl))
    return "";
  // The declarator: the macro's argument, or the text around the attribute
  // (the width may come before or after it), without string literals.
  std::string Decl;
  if (!MacroDecl.empty()) {
    Decl = MacroDecl.str();
  } else {
    StringRef Before = Code.take_front(Start);
    size_t Semi = Before.find_last_of(";{");
    if (Semi != StringRef::npos)
      Before = Before.drop_front(Semi + 1);
    StringRef After = Code.drop_front(Start);
    size_t Close = After.find("))");
    size_t CloseStd = After.find("]]");
    size_t End = std::min(Close == StringRef::npos ? After.size() : Close + 2,
                          CloseStd == StringRef::npos ? After.size() : CloseStd + 2);
    if (startsWith(After, "RACEWAY_TRACK"))
      End = strlen("RACEWAY_TRACK");
    After = After.drop_front(End).split(';').first;
    Decl = (Before + " " + After).str();
  }
  std::string NoStrings;
  bool InStr = false;
  for (char C : Decl) {
    if (C == '"')
      InStr = !InStr;
    else if (!InStr)
      NoStrings += C;
  }
  StringRef D(NoStrings);
  for (size_t P = 0; (P = D.find(':', P)) != StringRef::npos; ++P) {
    if ((P + 1 < D.size() && D[P + 1] == ':') || (P > 0 && D[P - 1] == ':'))
      continue; // "::"
    StringRef Width = D.drop_front(P + 1).ltrim();
    if (Width.empty() || !(isAlnum(Width[0]) || Width[0] == '_' || Width[0] == '('))
      continue;
    return trailingIdentifier(D.take_front(P)).str();
  }
  return "";
}

std::vector<std::string> SourceText::filesToRead(
    ArrayRef<std::pair<StringRef, StringRef>> Candidates) {
  std::vector<std::string> Result;
  StringSet<> Seen;
  auto Add = [&](StringRef Dir, StringRef F) {
    if (F.empty())
      return;
    SmallString<256> Path;
    if (sys::path::is_relative(F) && !Dir.empty())
      sys::path::append(Path, Dir, F);
    else
      Path = F;
    SmallString<256> Real;
    if (sys::fs::real_path(Path, Real))
      return; // Not readable from here.
    if (startsWith(Real.str(), "/usr/include/") ||
        startsWith(Real.str(), "/usr/lib/"))
      return; // System headers.
    if (Seen.insert(Real).second)
      Result.push_back(Real.str().str());
  };
  for (const auto &DirFile : Candidates)
    Add(DirFile.first, DirFile.second);
  if (Result.empty())
    return Result;
  std::string Main = Result.front();
  StringRef MainDir = sys::path::parent_path(Main);
  for (const std::string &L : lines(Main)) {
    StringRef T = StringRef(L).ltrim();
    if (!T.consume_front("#"))
      continue;
    T = T.ltrim();
    if (!T.consume_front("include"))
      continue;
    T = T.ltrim();
    if (!T.consume_front("\""))
      continue;
    Add(MainDir, T.split('"').first);
  }
  return Result;
}

std::vector<std::pair<unsigned, std::string>>
SourceText::annotatedBitFields(StringRef File) {
  std::vector<std::pair<unsigned, std::string>> Result;
  const std::vector<std::string> &Lines = lines(File);
  for (size_t I = 0; I < Lines.size(); ++I) {
    if (Lines[I].find("raceway") == std::string::npos &&
        Lines[I].find("RACEWAY_") == std::string::npos)
      continue;
    std::string Name = annotatedBitField(Lines[I]);
    if (!Name.empty())
      Result.emplace_back(unsigned(I + 1), std::move(Name));
  }
  return Result;
}

} // namespace raceway
