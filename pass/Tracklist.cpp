//===- Tracklist.cpp - state tracked by a list instead of annotations -----===//

#include "Tracklist.h"
#include "Compat.h"
#include "TrackedState.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/VirtualFileSystem.h"

using namespace llvm;

namespace raceway {

/// The section raceway's entries are queried in.
static const char *const Section = "raceway";

static bool hasGlobChars(StringRef S) {
  return S.find_first_of("*?[]{}\\") != StringRef::npos;
}

/// SpecialCaseList::inSectionBlame gives a line number, or from LLVM 22 on
/// a (file index, line) pair.
[[maybe_unused]] static unsigned blameLine(unsigned Line) { return Line; }
[[maybe_unused]] static unsigned blameLine(std::pair<unsigned, unsigned> Where) {
  return Where.second;
}

std::unique_ptr<Tracklist> Tracklist::load(const std::vector<std::string> &Paths,
                                           std::string &Error) {
  std::unique_ptr<Tracklist> TL(new Tracklist());
  TL->Paths = Paths;
  // The syntax first (a line without ':', a bad glob): SpecialCaseList's
  // own message names the file and line.
  std::string ListError;
  TL->List = SpecialCaseList::create(Paths, *vfs::getRealFileSystem(), ListError);
  if (!TL->List) {
    Error = "raceway tracklist: " + ListError;
    return nullptr;
  }
  // Then what raceway makes of each entry.
  for (const std::string &P : Paths)
    if (!TL->check(P, Error))
      return nullptr;
  return TL;
}

/// True if entries under [Name] apply to raceway.
static bool sectionApplies(StringRef Name) {
  if (Name == Section || Name == "*")
    return true;
  Expected<GlobPattern> G = GlobPattern::create(Name);
  if (!G) {
    consumeError(G.takeError());
    return false;
  }
  return G->match(Section);
}

bool Tracklist::check(StringRef Path, std::string &Error) {
  auto Buf = MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buf) {
    Error = ("raceway tracklist: can't open file '" + Path +
             "': " + Buf.getError().message())
                .str();
    return false;
  }
  SmallVector<StringRef, 64> Lines;
  (*Buf)->getBuffer().split(Lines, '\n');
  bool Applies = true;
  for (size_t I = 0; I < Lines.size(); ++I) {
    StringRef L = Lines[I].trim();
    auto Fail = [&](const Twine &Msg) {
      Error = ("raceway tracklist: " + Path + ":" + Twine(I + 1) + ": " + Msg +
               " (in '" + L + "')")
                  .str();
      return false;
    };
    if (L.empty() || startsWith(L, "#"))
      continue;
    if (startsWith(L, "[")) {
      Applies = endsWith(L, "]") && sectionApplies(L.drop_front().drop_back());
      continue;
    }
    if (!Applies)
      continue;
    auto [Prefix, Rest] = L.split(':');
    auto [Pattern, Category] = Rest.split('=');
    if (Prefix != "global" && Prefix != "field" && Prefix != "type" &&
        Prefix != "src")
      return Fail("unknown entry kind '" + Prefix +
                  "': a raceway tracklist has global:, field:, type: and src: "
                  "entries");
    if (Pattern.empty())
      return Fail("empty pattern");
    Annotation A =
        parseAnnotation(Category.empty() ? std::string("raceway")
                                         : ("raceway:" + Category).str());
    if (A.Status != Annotation::Valid)
      return Fail("bad category '" + Category +
                  "': expected =redact, =<name> or =<name>,redact");
    if (!A.Name.empty()) {
      if (Prefix == "type" || Prefix == "src")
        return Fail("a " + Prefix + ": entry names many things; =<name> is "
                    "for one global: or field:");
      if (hasGlobChars(Pattern))
        return Fail("a name is for one " + Prefix +
                    ", not a pattern with wildcards");
    }
    if (Prefix == "field") {
      StringRef Type = Pattern.rsplit('.').first;
      StringRef Member = Pattern.rsplit('.').second;
      if (!Pattern.contains('.') || Type.empty() || Member.empty())
        return Fail("expected field:<struct>.<member>");
      Type.consume_front("struct ");
      Type.consume_front("class ");
      if (Expected<GlobPattern> G = GlobPattern::create(Type))
        FieldTypes.push_back(std::move(*G));
      else
        consumeError(G.takeError());
    }
    std::vector<std::string> &Cats = Categories[Prefix];
    if (!is_contained(Cats, Category.str()))
      Cats.push_back(Category.str());
  }
  return true;
}

Tracklist::Match Tracklist::query(StringRef Prefix,
                                  ArrayRef<std::string> Queries) const {
  Match M;
  auto It = Categories.find(Prefix);
  if (It == Categories.end())
    return M;
  unsigned NameLine = 0;
  for (const std::string &Cat : It->second) {
    unsigned Line = 0;
    for (const std::string &Q : Queries)
      Line = std::max(Line, blameLine(List->inSectionBlame(Section, Prefix, Q, Cat)));
    if (!Line)
      continue;
    M.Matched = true;
    if (Cat.empty())
      continue;
    Annotation A = parseAnnotation("raceway:" + Cat);
    M.Redact |= A.Redact;
    // As with several annotations on one declaration, the last name wins.
    if (!A.Name.empty() && Line >= NameLine) {
      M.Name = A.Name;
      NameLine = Line;
    }
  }
  return M;
}

bool Tracklist::fieldEntriesMention(StringRef Type) const {
  return any_of(FieldTypes, [&](const GlobPattern &G) { return G.match(Type); });
}

} // namespace raceway
