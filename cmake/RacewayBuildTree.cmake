# RacewayBuildTree.cmake - raceway_instrument() inside a build that vendors
# Raceway (add_subdirectory or FetchContent), and RACEWAY_INSTRUMENT.
#
# The vendored targets get the names an installed package imports
# (Raceway::raceway, Raceway::raceway_static, Raceway::pass), so a project
# writes the same raceway_instrument(app) whether it found Raceway with
# find_package or built it itself.
#
# RACEWAY_INSTRUMENT=ON instruments every executable and library of the
# enclosing project, as the toolchain file does for a whole build.  It works
# target by target (at the end of the top-level directory, when every target
# exists) rather than with global CMAKE_C_FLAGS, so that Raceway's own
# runtime, plugin and tests are never built with the plugin, and the
# compiler check gives the same message as raceway_instrument().

include_guard(GLOBAL)

add_library(Raceway::raceway ALIAS raceway)
add_library(Raceway::raceway_static ALIAS raceway_static)
if(TARGET RacewayPass)
  add_library(Raceway::pass ALIAS RacewayPass)
endif()
set_property(GLOBAL PROPERTY RACEWAY_LLVM_MAJOR ${LLVM_VERSION_MAJOR})

include(${CMAKE_CURRENT_LIST_DIR}/RacewayInstrument.cmake)

# Every buildsystem target defined in <dir> and below, appended to <out>.
function(_raceway_collect_targets dir out)
  get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
  get_property(subdirs DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
  foreach(sub IN LISTS subdirs)
    _raceway_collect_targets(${sub} sub_targets)
    list(APPEND targets ${sub_targets})
  endforeach()
  set(${out} ${targets} PARENT_SCOPE)
endfunction()

# Deferred to the end of the top-level CMakeLists: instrument every target
# of the project outside Raceway's own directories that raceway_instrument()
# has not already handled (it may have asked for STATIC).
function(_raceway_instrument_all)
  get_property(raceway_dir GLOBAL PROPERTY RACEWAY_SOURCE_DIR)
  _raceway_collect_targets(${CMAKE_SOURCE_DIR} targets)
  _raceway_collect_targets(${raceway_dir} own)
  list(REMOVE_ITEM targets ${own})
  foreach(target IN LISTS targets)
    get_target_property(type ${target} TYPE)
    get_target_property(done ${target} RACEWAY_INSTRUMENTED)
    if(NOT done AND
       type MATCHES "^(EXECUTABLE|SHARED_LIBRARY|MODULE_LIBRARY|STATIC_LIBRARY|OBJECT_LIBRARY)$")
      raceway_instrument(${target})
    endif()
  endforeach()
endfunction()

if(RACEWAY_INSTRUMENT)
  if(NOT TARGET Raceway::pass)
    message(FATAL_ERROR "RACEWAY_INSTRUMENT=ON needs RacewayPass (RACEWAY_BUILD_PASS=ON)")
  endif()
  # Deferred arguments are expanded late, in the top directory's scope:
  # Raceway's directory travels in a global property instead.
  set_property(GLOBAL PROPERTY RACEWAY_SOURCE_DIR ${PROJECT_SOURCE_DIR})
  cmake_language(DEFER DIRECTORY ${CMAKE_SOURCE_DIR} CALL _raceway_instrument_all)
endif()
