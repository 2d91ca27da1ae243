//===- FieldPath.h - the name of the tracked location an access touches ---===//
//
// Names an access to tracked state from the outermost object the pass can
// see, so that every thread's access to one location gets one name:
//
//  * a tracked global: its name and the path into it ("grid[2]",
//    "stats.hits");
//  * a field reached from a global: object = the global (or, for an array
//    of structs, its element: "accounts[2]"), path = the members and
//    elements below it ("o.in.f", "ring.slots[3]"); the site says FIELD |
//    GLOBAL so that raceway_name_object can still rename the object;
//  * a field reached through a pointer: object = the struct the outermost
//    GEP indexes ("Outer"), path from there ("arr[2].f"), and the byte
//    offset of the access from the object's start, so the runtime finds
//    the object's base as addr - field_offset.
//
// A path with one index that is only known at run time (r->slots[i]) gets
// one site per element of the indexed array (at most MaxElements) and the
// instrumentation picks the element's site at run time: the hooks and the
// site layout stay as they are.  Anything else (two run-time indices, a
// larger array, a pointer that went through memory) falls back to naming
// the annotated field alone: "<Type>@0x<base>.<field>" when its offset in
// the object is known, else one name for that field of every object,
// "<Type>.<field>".
//
//===----------------------------------------------------------------------===//
#ifndef RACEWAY_PASS_FIELDPATH_H
#define RACEWAY_PASS_FIELDPATH_H

#include "PointerOrigin.h"
#include "TrackedState.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/DataLayout.h"
#include "llvm/IR/Value.h"
#include <optional>
#include <string>
#include <vector>

namespace raceway {

/// The naming part of a raceway_site.
struct SiteName {
  std::optional<std::string> Variable;
  std::optional<std::string> TypeName;
  uint32_t FieldOffset = 0;
  uint8_t Flags = 0; ///< RACEWAY_SITE_FIELD, RACEWAY_SITE_GLOBAL
};

/// How to name one access: Static, or (Elements non-empty) Elements[Index
/// + Bias] chosen at run time, with Static when that is out of range.
struct AccessName {
  SiteName Static;
  std::vector<SiteName> Elements;
  llvm::Value *Index = nullptr;
  int64_t Bias = 0;
};

class FieldPaths {
public:
  /// Most sites one access gets for a run-time index (48 bytes each).
  static const unsigned MaxElements = 256;

  FieldPaths(TrackedState &TS, const llvm::DataLayout &DL) : TS(TS), DL(DL) {}

  /// The name of an access of Size bytes at Ptr + Delta, where Ptr points
  /// into O.Entity and O describes the accessed bytes (O.Offset counts
  /// them from the entity's start, Delta included).
  AccessName name(const Origin &O, llvm::Value *Ptr, uint64_t Size,
                  int64_t Delta = 0);

  /// Where a pointer is, relative to the object it was derived from:
  /// Root + Const + sum(Var * Scale), with the outermost GEP's first index
  /// (which selects one object among several: p[i].x) left out for a
  /// pointer root.
  struct Route {
    const llvm::Value *Root = nullptr;
    llvm::Type *ObjTy = nullptr;
    bool SawAnnot = false; ///< Went through an anchor of the entity.
    int64_t Const = 0;
    llvm::SmallVector<std::pair<llvm::Value *, int64_t>, 2> Vars;
  };
  /// The route of Ptr through GEPs to a global, an alloca or the pointer
  /// the outermost GEP indexes; false when no object type is known.
  bool route(const llvm::Value *Ptr, Route &R) { return walk(Ptr, nullptr, R); }
  /// The name of an access of Size bytes at R (R.Const its offset in
  /// R.ObjTy) to entity E; O (E, and E's bytes accessed) names it when the
  /// route cannot.
  AccessName nameIn(const TrackedEntity *E, const Route &R, uint64_t Size,
                    const Origin &O);

private:
  struct Component;
  bool walk(const llvm::Value *Ptr, const TrackedEntity *E, Route &R);
  void pathAt(const TrackedEntity *E, llvm::Type *Ty, uint64_t Off,
              uint64_t Size, std::vector<Component> &Out);
  std::optional<SiteName> nameAt(const TrackedEntity *E, const Route &R,
                                 int64_t Off, uint64_t Size);
  SiteName fieldOnly(const Origin &O, uint64_t Size);

  TrackedState &TS;
  const llvm::DataLayout &DL;
};

} // namespace raceway

#endif // RACEWAY_PASS_FIELDPATH_H
