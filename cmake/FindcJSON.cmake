# FindcJSON.cmake - find_package(cJSON) giving the imported target cJSON::cJSON.
#
# cJSON's own CMake package (Debian's libcjson-dev ships one in
# <libdir>/cmake/cJSON) names its target `cjson`, with no namespace, so this
# module wraps whatever it finds in one name:
#
#   1. cJSON's config package, if there is one: cJSON::cJSON links `cjson`;
#   2. else the header and library found by hand (a cJSON built with make,
#      or installed without its CMake files).
#
# Result: target cJSON::cJSON, variables cJSON_FOUND, cJSON_VERSION,
# cJSON_INCLUDE_DIR, cJSON_LIBRARY (case 2 only).
#
# Raceway uses it at build time (top-level CMakeLists.txt) and installs it
# next to RacewayConfig.cmake, whose find_dependency(cJSON) needs it so that
# consumers of the static runtime get the same target.

include(FindPackageHandleStandardArgs)

if(NOT TARGET cJSON::cJSON)
  find_package(cJSON CONFIG QUIET NO_CMAKE_PACKAGE_REGISTRY NO_CMAKE_SYSTEM_PACKAGE_REGISTRY)
  if(TARGET cjson)
    add_library(cJSON::cJSON INTERFACE IMPORTED)
    set_target_properties(cJSON::cJSON PROPERTIES INTERFACE_LINK_LIBRARIES cjson)
    get_target_property(cJSON_INCLUDE_DIR cjson INTERFACE_INCLUDE_DIRECTORIES)
  else()
    find_path(cJSON_INCLUDE_DIR cjson/cJSON.h)
    find_library(cJSON_LIBRARY cjson)
    mark_as_advanced(cJSON_INCLUDE_DIR cJSON_LIBRARY)
    if(cJSON_INCLUDE_DIR AND cJSON_LIBRARY)
      add_library(cJSON::cJSON UNKNOWN IMPORTED)
      set_target_properties(cJSON::cJSON PROPERTIES
        IMPORTED_LOCATION "${cJSON_LIBRARY}"
        INTERFACE_INCLUDE_DIRECTORIES "${cJSON_INCLUDE_DIR}")
    endif()
  endif()
endif()

if(TARGET cJSON::cJSON AND NOT cJSON_VERSION AND cJSON_INCLUDE_DIR
   AND EXISTS "${cJSON_INCLUDE_DIR}/cjson/cJSON.h")
  file(STRINGS "${cJSON_INCLUDE_DIR}/cjson/cJSON.h" _cjson_version_lines
       REGEX "^#define CJSON_VERSION_(MAJOR|MINOR|PATCH) +[0-9]+")
  set(cJSON_VERSION "")
  foreach(part MAJOR MINOR PATCH)
    string(REGEX REPLACE ".*#define CJSON_VERSION_${part} +([0-9]+).*" "\\1" _n
           "${_cjson_version_lines}")
    list(APPEND cJSON_VERSION ${_n})
  endforeach()
  list(JOIN cJSON_VERSION "." cJSON_VERSION)
  unset(_cjson_version_lines)
  unset(_n)
endif()

if(TARGET cJSON::cJSON)
  set(_cjson_found TRUE)
else()
  set(_cjson_found "")
endif()
find_package_handle_standard_args(cJSON
  REQUIRED_VARS cJSON_INCLUDE_DIR _cjson_found
  VERSION_VAR cJSON_VERSION)
unset(_cjson_found)
