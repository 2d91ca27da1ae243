// The C side of the site layout that site-layout.ll checks in IR.
// RUN: %clang %rwinc -fsyntax-only -Werror %s
#include <stddef.h>
#include "raceway/abi.h"

_Static_assert(sizeof(raceway_site) == 48, "raceway_site size");
_Static_assert(offsetof(raceway_site, variable) == 0, "");
_Static_assert(offsetof(raceway_site, type_name) == 8, "");
_Static_assert(offsetof(raceway_site, file) == 16, "");
_Static_assert(offsetof(raceway_site, line) == 24, "");
_Static_assert(offsetof(raceway_site, column) == 28, "");
_Static_assert(offsetof(raceway_site, field_offset) == 32, "");
_Static_assert(offsetof(raceway_site, access) == 36, "");
_Static_assert(offsetof(raceway_site, value_kind) == 37, "");
_Static_assert(offsetof(raceway_site, size) == 38, "");
_Static_assert(offsetof(raceway_site, flags) == 39, "");
_Static_assert(offsetof(raceway_site, order) == 40, "");
_Static_assert(offsetof(raceway_site, reserved) == 41, "");
_Static_assert(sizeof(raceway_func_site) == 48, "raceway_func_site size");
_Static_assert(offsetof(raceway_func_site, line) == 24, "");
_Static_assert(offsetof(raceway_func_site, nargs) == 28, "");
_Static_assert(offsetof(raceway_func_site, arg_names) == 32, "");
_Static_assert(offsetof(raceway_func_site, arg_kinds) == 40, "");
// Version 2: FIELD sites carry paths and exact offsets, and GLOBAL (64).
_Static_assert(RACEWAY_ABI_VERSION == 2, "bump with the site layout");
_Static_assert(RACEWAY_SITE_GLOBAL == 64, "");
// Checked escapes: the range record and the filter the pass indexes
// inline (escapes-checked.c pins the IR side: { ptr, i64, ptr },
// lshr 12, and 65535).
_Static_assert(sizeof(raceway_range) == 24, "raceway_range size");
_Static_assert(offsetof(raceway_range, size) == 8, "");
_Static_assert(offsetof(raceway_range, name) == 16, "");
_Static_assert(RACEWAY_RANGE_PAGE_SHIFT == 12, "");
_Static_assert(RACEWAY_RANGE_FILTER_SIZE == 65536, "");
