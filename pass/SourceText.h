//===- SourceText.h - raceway annotations and C source text ---------------===//
//
// The text of raceway annotations (the annotate("raceway...") strings),
// and what the pass reads from the module's source files themselves, for
// what the IR and debug info do not say:
//  * the name an annotated field is declared with, when the module has no
//    debug info (the annotation's file and line are in the IR);
//  * raceway annotations on bit-fields, which clang drops before the pass
//    could see them.
// Files are read once each and kept as lines; a file that cannot be read
// has no lines.
//
//===----------------------------------------------------------------------===//
#ifndef RACEWAY_PASS_SOURCETEXT_H
#define RACEWAY_PASS_SOURCETEXT_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include <string>
#include <utility>
#include <vector>

namespace raceway {

/// The result of parsing one annotation string.
struct Annotation {
  enum StatusTy { Unrelated, Valid, Malformed } Status = Unrelated;
  std::string Name; ///< "raceway:<name>", empty when not given.
  bool Redact = false;
};

/// Grammar: "raceway" | "raceway:" item ("," item)*, where an item is the
/// keyword "redact" or an identifier (at most one identifier: the name).
/// Strings not starting with "raceway" are Unrelated.
Annotation parseAnnotation(llvm::StringRef S);

/// A C identifier: [A-Za-z_][A-Za-z0-9_]*.
bool isIdentifier(llvm::StringRef S);

/// The bit-field a declaration line with one raceway annotation declares
/// ("unsigned a : 3 RACEWAY_TRACK;"), or "".
std::string annotatedBitField(llvm::StringRef Line);

/// The source files of a module, read on demand and cached.
class SourceText {
public:
  /// Line (counting from 1) of File, or "" (no such file or line).
  llvm::StringRef line(llvm::StringRef File, unsigned Line);
  /// Every line of File; empty if it cannot be read.
  const std::vector<std::string> &lines(llvm::StringRef File);
  /// The name declared on File:Line, which has one raceway annotation
  /// (attribute or macro), or "".
  std::string nameAt(llvm::StringRef File, unsigned Line);

  /// The files to read for Candidates ((directory, file) pairs, the file
  /// relative to the directory unless absolute): each by its real path,
  /// once, in order, without unreadable files and system headers; then
  /// the quoted #includes of the first of them.
  std::vector<std::string>
  filesToRead(llvm::ArrayRef<std::pair<llvm::StringRef, llvm::StringRef>>
                  Candidates);
  /// The bit-fields with a raceway annotation in File: (line, name).
  std::vector<std::pair<unsigned, std::string>>
  annotatedBitFields(llvm::StringRef File);

private:
  llvm::StringMap<std::vector<std::string>> Files; ///< Lines, by file.
};

} // namespace raceway

#endif // RACEWAY_PASS_SOURCETEXT_H
