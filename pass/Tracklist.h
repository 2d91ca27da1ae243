//===- Tracklist.h - state tracked by a list instead of annotations -------===//
//
// -mllvm -raceway-tracklist=<file> names state to track without touching
// its declaration (a struct from a third-party header, a library's
// globals), in the sanitizers' special-case-list format
// (llvm::SpecialCaseList, as -fsanitize-ignorelist= reads it):
//
//   # comments and blank lines are ignored
//   global:counter                every global whose name matches
//   global:g_internal=hits        ... reported as "hits"
//   field:Account.balance         one field of a struct (needs -g)
//   field:User.pin=redact         ... tracked, its values never sent
//   type:struct Account           every field of the struct
//   src:*/vendor/*.c              every global defined in those files
//
// Patterns are globs.  A category after '=' takes the items of an
// annotation string: "redact", a name, or "<name>,redact"; a name only
// where it names one thing (global: and field: with a literal pattern).
// Entries before any [section] header, or under [raceway] (or a section
// glob matching it), apply; other sections ([address], ...) are the
// sanitizers' and are skipped, so one file may serve both.
//
// A listed global or field is the same TrackedEntity an annotation would
// give: same names, same events.  A bad line is one error naming the file
// and line.
//
//===----------------------------------------------------------------------===//
#ifndef RACEWAY_PASS_TRACKLIST_H
#define RACEWAY_PASS_TRACKLIST_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/GlobPattern.h"
#include "llvm/Support/SpecialCaseList.h"
#include <memory>
#include <string>
#include <vector>

namespace raceway {

class Tracklist {
public:
  /// What the matching entries of one kind say about a name.
  struct Match {
    bool Matched = false;
    std::string Name; ///< From the last matching entry that gives one.
    bool Redact = false;
  };

  /// Reads Paths.  On a bad file or line returns null and sets Error to
  /// one message that names the file and line.
  static std::unique_ptr<Tracklist> load(const std::vector<std::string> &Paths,
                                         std::string &Error);

  /// global:, src:, type:, field: entries matching any of Queries.
  Match global(llvm::ArrayRef<std::string> Queries) const {
    return query("global", Queries);
  }
  Match source(llvm::ArrayRef<std::string> Queries) const {
    return query("src", Queries);
  }
  Match structType(llvm::ArrayRef<std::string> Queries) const {
    return query("type", Queries);
  }
  Match field(llvm::ArrayRef<std::string> Queries) const {
    return query("field", Queries);
  }

  bool hasGlobals() const { return has("global") || has("src"); }
  bool hasFields() const { return has("field") || has("type"); }
  /// True if a field: entry's struct part may match Type ("Account").
  bool fieldEntriesMention(llvm::StringRef Type) const;

  /// The paths given, for messages.
  const std::vector<std::string> &paths() const { return Paths; }

private:
  Match query(llvm::StringRef Prefix, llvm::ArrayRef<std::string> Queries) const;
  bool has(llvm::StringRef Prefix) const { return Categories.count(Prefix) != 0; }
  bool check(llvm::StringRef Path, std::string &Error);

  std::unique_ptr<llvm::SpecialCaseList> List;
  std::vector<std::string> Paths;
  /// The categories each prefix is used with ("" included): the queries
  /// ask SpecialCaseList about each.
  llvm::StringMap<std::vector<std::string>> Categories;
  std::vector<llvm::GlobPattern> FieldTypes;
};

} // namespace raceway

#endif // RACEWAY_PASS_TRACKLIST_H
