# RacewayInstrument.cmake - raceway_instrument(<target> [STATIC]).
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

# Sets the target property RACEWAY_INSTRUMENTED.
function(raceway_instrument target)
  cmake_parse_arguments(PARSE_ARGV 1 RW "STATIC" "" "")
  if(RW_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "raceway_instrument(${target}): unexpected arguments "
      "'${RW_UNPARSED_ARGUMENTS}' (usage: raceway_instrument(<target> [STATIC]))")
  endif()
  if(NOT TARGET ${target})
    message(FATAL_ERROR "raceway_instrument(${target}): no such target")
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

  get_property(languages GLOBAL PROPERTY ENABLED_LANGUAGES)
  foreach(lang C CXX)
    if(lang IN_LIST languages)
      _raceway_check_compiler(${target} ${lang})
    endif()
  endforeach()

  target_compile_options(${target} PRIVATE
    "$<$<COMPILE_LANGUAGE:C,CXX>:-fpass-plugin=$<TARGET_FILE:Raceway::pass>>")
  # Vendored: build the plugin before anything that loads it.
  get_target_property(plugin_target Raceway::pass ALIASED_TARGET)
  if(plugin_target)
    add_dependencies(${target} ${plugin_target})
  endif()

  if(RW_STATIC)
    _raceway_static_runtime(runtime)
  else()
    set(runtime Raceway::raceway)
  endif()
  target_link_libraries(${target} PRIVATE ${runtime})
  set_target_properties(${target} PROPERTIES RACEWAY_INSTRUMENTED TRUE)
endfunction()
