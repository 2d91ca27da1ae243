# RacewayInstrument.cmake - raceway_instrument(<target> [STATIC] [TRACK all] [ESCAPES checked] [TRACKLIST <file>...]).
#
# Compiles <target>'s C and C++ sources with RacewayPass and links it with
# libraceway.  The same file serves an installed package (included by
# RacewayConfig.cmake, targets imported from RacewayTargets.cmake) and a
# build tree that vendors Raceway (included by RacewayBuildTree.cmake, the
# targets are ALIASes of the real ones).  Either way it expects:
#
#   Raceway::raceway         the shared runtime
#   Raceway::raceway_static  the static runtime
#   Raceway::pass            RacewayPass, the plugin (absent: no pass built)
#   global property RACEWAY_LLVM_MAJOR   the LLVM major the plugin needs
#
# A pass plugin only loads into the clang it was built for, and gcc does
# not know -fpass-plugin at all, so the compiler is checked here, at
# configure time, where the message can say what to do instead of failing
# in the middle of the build.

include_guard(GLOBAL)

# The functions below record the policies in force where they are defined,
# and run with them wherever they are called.  CMP0079: raceway_instrument()
# may be called on a target defined in another directory (a library in a
# subdirectory, instrumented from the top level), whatever the calling
# project's cmake_minimum_required() says.
cmake_policy(PUSH)
cmake_policy(SET CMP0079 NEW)

# Stop unless the <lang> compiler is Clang of the plugin's LLVM major.
function(_raceway_check_compiler target lang)
  get_property(major GLOBAL PROPERTY RACEWAY_LLVM_MAJOR)
  set(id "${CMAKE_${lang}_COMPILER_ID}")
  set(version "${CMAKE_${lang}_COMPILER_VERSION}")
  string(REGEX MATCH "^[0-9]+" have_major "${version}")
  if(id STREQUAL "Clang" AND have_major STREQUAL major)
    return()
  endif()
  if(lang STREQUAL "C")
    set(what "C compiler")
    set(hint "-DCMAKE_C_COMPILER=clang-${major}")
  else()
    set(what "C++ compiler")
    set(hint "-DCMAKE_CXX_COMPILER=clang++-${major}")
  endif()
  if(NOT id)
    set(id "unknown")
  endif()
  message(FATAL_ERROR "raceway_instrument(${target}): the ${what} is "
    "${id} ${version}, but RacewayPass needs Clang ${major} (use ${hint})")
endfunction()

# <out> = the languages among C and CXX that <target>'s sources are
# compiled as: a source's LANGUAGE property, else its extension.  Only
# these compilers load the plugin, so only these are checked: a C project
# whose project() also enabled C++ (the default) may keep any C++ compiler.
# Sources given by generator expressions are not seen.
function(_raceway_target_languages target out)
  get_property(enabled GLOBAL PROPERTY ENABLED_LANGUAGES)
  get_target_property(sources ${target} SOURCES)
  get_target_property(dir ${target} SOURCE_DIR)
  set(langs "")
  foreach(src IN LISTS sources)
    if(src MATCHES "\\$<")
      continue()
    endif()
    if(NOT IS_ABSOLUTE "${src}")
      set(src "${dir}/${src}")
    endif()
    get_source_file_property(lang "${src}" TARGET_DIRECTORY ${target} LANGUAGE)
    if(NOT lang)
      set(lang "")
      get_filename_component(ext "${src}" LAST_EXT)
      string(REGEX REPLACE "^\\." "" ext "${ext}")
      foreach(l C CXX)
        if(l IN_LIST enabled AND ext IN_LIST CMAKE_${l}_SOURCE_FILE_EXTENSIONS)
          set(lang ${l})
          break()
        endif()
      endforeach()
    endif()
    if(lang MATCHES "^(C|CXX)$" AND NOT lang IN_LIST langs)
      list(APPEND langs ${lang})
    endif()
  endforeach()
  set(${out} ${langs} PARENT_SCOPE)
endfunction()

# Checks the compilers of <target>'s languages (those not checked yet).
function(_raceway_check_target target)
  _raceway_target_languages(${target} langs)
  get_target_property(checked ${target} RACEWAY_CHECKED_LANGUAGES)
  if(NOT checked)
    set(checked "")
  endif()
  foreach(lang IN LISTS langs)
    if(NOT lang IN_LIST checked)
      _raceway_check_compiler(${target} ${lang})
      list(APPEND checked ${lang})
    endif()
  endforeach()
  set_target_properties(${target} PROPERTIES RACEWAY_CHECKED_LANGUAGES "${checked}")
endfunction()

# At the end of the top-level directory: sources added to an instrumented
# target after raceway_instrument() (target_sources) are checked too, and a
# STATIC executable must not load a second runtime through an instrumented
# shared library.
function(_raceway_final_checks)
  get_property(targets GLOBAL PROPERTY RACEWAY_INSTRUMENTED_TARGETS)
  foreach(target IN LISTS targets)
    _raceway_check_target(${target})
    get_target_property(static ${target} RACEWAY_STATIC)
    if(static)
      _raceway_shared_instrumented(${target} shared "")
      if(shared)
        list(JOIN shared ", " shared)
        message(FATAL_ERROR "raceway_instrument(${target} STATIC): ${target} links the "
          "instrumented shared library ${shared}, which loads the shared runtime: a "
          "process must hold one runtime.  Use raceway_instrument(${target}) without STATIC.")
      endif()
    endif()
  endforeach()
endfunction()

# <out> = the instrumented SHARED/MODULE libraries that <target> links,
# following plain target names through link interfaces (not generator
# expressions).  <seen> guards against cycles.
function(_raceway_shared_instrumented target out seen)
  set(found "")
  get_target_property(libs ${target} LINK_LIBRARIES)
  get_target_property(ilibs ${target} INTERFACE_LINK_LIBRARIES)
  foreach(lib IN LISTS libs ilibs)
    if(lib MATCHES "^\\$<LINK_ONLY:([^$<>]*)>$")
      set(lib "${CMAKE_MATCH_1}")
    endif()
    if(NOT TARGET "${lib}" OR lib IN_LIST seen)
      continue()
    endif()
    get_target_property(real "${lib}" ALIASED_TARGET)
    if(real)
      set(lib ${real})
    endif()
    list(APPEND seen ${lib})
    get_target_property(imported ${lib} IMPORTED)
    if(imported)
      continue()
    endif()
    get_target_property(type ${lib} TYPE)
    get_target_property(instrumented ${lib} RACEWAY_INSTRUMENTED)
    if(instrumented AND type MATCHES "^(SHARED|MODULE)_LIBRARY$")
      list(APPEND found ${lib})
    endif()
    _raceway_shared_instrumented(${lib} more "${seen}")
    list(APPEND found ${more})
  endforeach()
  list(REMOVE_DUPLICATES found)
  set(${out} ${found} PARENT_SCOPE)
endfunction()

# The static runtime defines the pthread interceptors in the executable
# itself; every one of them must be linked in, not only those the
# executable happens to reference, so the archive is linked whole.
function(_raceway_static_runtime out)
  if(CMAKE_VERSION VERSION_GREATER_EQUAL 3.24)
    set(${out} "$<LINK_LIBRARY:WHOLE_ARCHIVE,Raceway::raceway_static>" PARENT_SCOPE)
  else()
    set(${out} "-Wl,--whole-archive" Raceway::raceway_static "-Wl,--no-whole-archive"
        PARENT_SCOPE)
  endif()
endfunction()

# <out> = the link option that gives an executable the shared runtime:
# libraceway.so, ahead of every object and library, with --no-as-needed.
# The executable then needs libraceway before libc, so the interceptors
# come first in the search order even when only a shared library calls the
# hooks, and on linkers that default to --as-needed.  (Raceway::raceway as
# a link library besides gives the headers.)  An installed runtime also
# gets its own rpath: CMake's build RUNPATH is not there when the project
# builds with its install rpath (CMAKE_BUILD_WITH_INSTALL_RPATH, as zstd
# does) nor once the program is installed, and the runtime is seldom in a
# system directory.
function(_raceway_exe_link_option out)
  set(rpath "")
  get_target_property(imported Raceway::raceway IMPORTED)
  if(imported)
    set(rpath ",-rpath,$<TARGET_FILE_DIR:Raceway::raceway>")
  endif()
  set(${out}
      "-Wl,--push-state,--no-as-needed,$<TARGET_LINKER_FILE:Raceway::raceway>,--pop-state${rpath}"
      PARENT_SCOPE)
endfunction()

# target_link_libraries(<target> PRIVATE|INTERFACE <items>) without its
# signature check: a project that links <target> with the plain signature
# (target_link_libraries(app lib), as libuv does) cannot take a keyword call
# ("must be either all-keyword or all-plain"), so the properties are set as
# that call sets them.  A static or object library's private items also
# reach what links it ($<LINK_ONLY:>).
function(_raceway_link target scope)
  if(scope STREQUAL "INTERFACE")
    set_property(TARGET ${target} APPEND PROPERTY INTERFACE_LINK_LIBRARIES ${ARGN})
    return()
  endif()
  set_property(TARGET ${target} APPEND PROPERTY LINK_LIBRARIES ${ARGN})
  get_target_property(type ${target} TYPE)
  if(type MATCHES "^(STATIC|OBJECT)_LIBRARY$")
    foreach(item IN LISTS ARGN)
      set_property(TARGET ${target} APPEND PROPERTY INTERFACE_LINK_LIBRARIES "$<LINK_ONLY:${item}>")
    endforeach()
  endif()
endfunction()

# -mllvm options need the plugin loaded early (-fplugin), once per target.
function(_raceway_plugin_early target)
  get_target_property(early ${target} RACEWAY_PLUGIN_EARLY)
  if(NOT early)
    target_compile_options(${target} PRIVATE
      "$<$<COMPILE_LANGUAGE:C,CXX>:-fplugin=$<TARGET_FILE:Raceway::pass>>")
    set_target_properties(${target} PROPERTIES RACEWAY_PLUGIN_EARLY TRUE)
  endif()
endfunction()

# <keyword> <value> for <target>'s sources, a two-valued -mllvm option:
# <default> (or nothing) adds nothing, <on> adds -mllvm <option>=<on> once
# (property RACEWAY_<keyword>).  TRACK all: whole-file mode
# (-raceway-track=all); ESCAPES checked: checked escapes
# (-raceway-escapes=checked).
function(_raceway_set_mode target keyword value default on option)
  if(value STREQUAL "" OR value STREQUAL default)
    return()
  endif()
  if(NOT value STREQUAL on)
    message(FATAL_ERROR "raceway_instrument(${target}): ${keyword} ${value}: expected ${on} or ${default}")
  endif()
  get_target_property(have ${target} RACEWAY_${keyword})
  if(have STREQUAL on)
    return()
  endif()
  _raceway_plugin_early(${target})
  target_compile_options(${target} PRIVATE
    "$<$<COMPILE_LANGUAGE:C,CXX>:SHELL:-mllvm ${option}=${on}>")
  set_target_properties(${target} PROPERTIES RACEWAY_${keyword} ${on})
endfunction()

function(_raceway_set_modes target track escapes)
  _raceway_set_mode(${target} TRACK "${track}" annotated all -raceway-track)
  _raceway_set_mode(${target} ESCAPES "${escapes}" cloned checked -raceway-escapes)
endfunction()

# Adds the tracklist files <files> not yet given to <target> (property
# RACEWAY_TRACKLIST): a second raceway_instrument() call may add more.
function(_raceway_add_tracklists target files)
  get_target_property(have ${target} RACEWAY_TRACKLIST)
  if(NOT have)
    set(have "")
  endif()
  set(new "")
  foreach(file IN LISTS files)
    if(NOT file IN_LIST have)
      list(APPEND new "${file}")
      list(APPEND have "${file}")
    endif()
  endforeach()
  if(NOT new)
    return()
  endif()
  _raceway_plugin_early(${target})
  foreach(file IN LISTS new)
    target_compile_options(${target} PRIVATE
      "$<$<COMPILE_LANGUAGE:C,CXX>:SHELL:-mllvm -raceway-tracklist=${file}>"
      "$<$<COMPILE_LANGUAGE:C,CXX>:SHELL:-Xclang -fdepfile-entry=${file}>")
  endforeach()
  set_target_properties(${target} PROPERTIES RACEWAY_TRACKLIST "${have}")
endfunction()

# raceway_instrument(<target> [STATIC] [TRACK all] [ESCAPES checked]
#                    [TRACKLIST <file>...]):
# compile <target>'s C and C++ sources with the plugin and link the runtime;
# TRACK all tracks every access that may be shared (whole-file mode,
# -raceway-track=all); ESCAPES checked adds a run-time range check to
# accesses that may reach tracked state through pointers the pass cannot
# follow (-raceway-escapes=checked); TRACKLIST files (relative to the calling directory)
# name more state to track (-raceway-tracklist: global:, field:, type:,
# src: entries):
#   executable          the shared runtime (STATIC: libraceway.a, whole);
#   shared/module lib   the shared runtime, and to every executable that
#                       links the library, the shared runtime as above;
#   static/object lib   the shared runtime, to whatever links it.
# Sets the target properties RACEWAY_INSTRUMENTED (and RACEWAY_STATIC,
# RACEWAY_TRACK, RACEWAY_ESCAPES, RACEWAY_TRACKLIST: the tracklist files, absolute).  A tracklist file is
# in each object's depfile: editing it recompiles the target.
function(raceway_instrument target)
  cmake_parse_arguments(PARSE_ARGV 1 RW "STATIC" "TRACK;ESCAPES" "TRACKLIST")
  if(RW_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "raceway_instrument(${target}): unexpected arguments "
      "'${RW_UNPARSED_ARGUMENTS}' (usage: raceway_instrument(<target> [STATIC] "
      "[TRACK all] [ESCAPES checked] [TRACKLIST <file>...]))")
  endif()
  if("TRACK" IN_LIST RW_KEYWORDS_MISSING_VALUES)
    message(FATAL_ERROR "raceway_instrument(${target}): TRACK needs all or annotated")
  endif()
  if("ESCAPES" IN_LIST RW_KEYWORDS_MISSING_VALUES)
    message(FATAL_ERROR "raceway_instrument(${target}): ESCAPES needs checked or cloned")
  endif()
  if("TRACKLIST" IN_LIST RW_KEYWORDS_MISSING_VALUES)
    message(FATAL_ERROR "raceway_instrument(${target}): TRACKLIST needs a file")
  endif()
  set(tracklists "")
  foreach(file IN LISTS RW_TRACKLIST)
    get_filename_component(file "${file}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    if(NOT EXISTS "${file}" OR IS_DIRECTORY "${file}")
      message(FATAL_ERROR "raceway_instrument(${target}): no tracklist file ${file}")
    endif()
    list(APPEND tracklists "${file}")
  endforeach()
  if(NOT TARGET ${target})
    message(FATAL_ERROR "raceway_instrument(${target}): no such target")
  endif()
  get_target_property(real ${target} ALIASED_TARGET)
  if(real)
    set(target ${real})
  endif()
  if(NOT TARGET Raceway::pass)
    message(FATAL_ERROR "raceway_instrument(${target}): this Raceway was built "
      "without RacewayPass (RACEWAY_BUILD_PASS=OFF)")
  endif()
  get_target_property(type ${target} TYPE)
  if(NOT type MATCHES "^(EXECUTABLE|SHARED_LIBRARY|MODULE_LIBRARY|STATIC_LIBRARY|OBJECT_LIBRARY)$")
    message(FATAL_ERROR "raceway_instrument(${target}): cannot instrument a ${type} target")
  endif()
  if(RW_STATIC AND NOT type STREQUAL "EXECUTABLE")
    # A shared object with its own copy of the runtime would keep a second,
    # disconnected set of thread clocks and locks.
    message(FATAL_ERROR "raceway_instrument(${target}): STATIC links the runtime "
      "into an executable; a ${type} target uses the shared runtime")
  endif()
  get_target_property(done ${target} RACEWAY_INSTRUMENTED)
  if(done)
    get_target_property(was_static ${target} RACEWAY_STATIC)
    if((was_static AND NOT RW_STATIC) OR (RW_STATIC AND NOT was_static))
      message(FATAL_ERROR "raceway_instrument(${target}): already instrumented "
        "with the other runtime (STATIC or not)")
    endif()
    _raceway_set_modes(${target} "${RW_TRACK}" "${RW_ESCAPES}")
    _raceway_add_tracklists(${target} "${tracklists}")
    return()
  endif()

  _raceway_check_target(${target})
  get_property(registered GLOBAL PROPERTY RACEWAY_INSTRUMENTED_TARGETS)
  if(NOT registered)
    # First call: the final checks, once, when the whole project is read.
    cmake_language(DEFER DIRECTORY ${CMAKE_SOURCE_DIR} CALL _raceway_final_checks)
  endif()
  set_property(GLOBAL APPEND PROPERTY RACEWAY_INSTRUMENTED_TARGETS ${target})

  target_compile_options(${target} PRIVATE
    "$<$<COMPILE_LANGUAGE:C,CXX>:-fpass-plugin=$<TARGET_FILE:Raceway::pass>>")
  _raceway_set_modes(${target} "${RW_TRACK}" "${RW_ESCAPES}")
  _raceway_add_tracklists(${target} "${tracklists}")
  # Vendored: build the plugin before anything that loads it.
  get_target_property(plugin_target Raceway::pass ALIASED_TARGET)
  if(plugin_target)
    add_dependencies(${target} ${plugin_target})
  endif()

  if(RW_STATIC)
    _raceway_static_runtime(runtime)
    _raceway_link(${target} PRIVATE ${runtime})
  elseif(type STREQUAL "EXECUTABLE")
    _raceway_link(${target} PRIVATE Raceway::raceway)
    _raceway_exe_link_option(option)
    target_link_options(${target} PRIVATE "${option}")
  else()
    _raceway_link(${target} PRIVATE Raceway::raceway)
    if(type MATCHES "^(SHARED|MODULE)_LIBRARY$")
      # An executable that links this library gets the runtime itself: were
      # it only the library's dependency, it would load after libc and its
      # interceptors would not interpose.  Not for a STATIC executable,
      # which holds its own (_raceway_final_checks stops that case).
      set(exe "$<AND:$<STREQUAL:$<TARGET_PROPERTY:TYPE>,EXECUTABLE>,$<NOT:$<BOOL:$<TARGET_PROPERTY:RACEWAY_STATIC>>>>")
      _raceway_link(${target} INTERFACE "$<${exe}:Raceway::raceway>")
      _raceway_exe_link_option(option)
      set_property(TARGET ${target} APPEND PROPERTY INTERFACE_LINK_OPTIONS "$<${exe}:${option}>")
    endif()
  endif()
  set_target_properties(${target} PROPERTIES RACEWAY_INSTRUMENTED TRUE RACEWAY_STATIC ${RW_STATIC})
endfunction()

cmake_policy(POP)
