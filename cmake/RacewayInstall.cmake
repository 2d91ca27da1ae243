# RacewayInstall.cmake - what `cmake --install` puts under a prefix:
#
#   bin/raceway-cc, bin/raceway-c++              compiler wrappers
#   include/raceway/*.h                          public API and compiler ABI
#   lib/libraceway.so*, lib/libraceway.a         the runtime
#   lib/raceway/RacewayPass.so                   the plugin (not a link library)
#   lib/cmake/Raceway/                           find_package(Raceway CONFIG)
#                                                (and FindcJSON.cmake for it)
#   lib/pkgconfig/raceway.pc                     pkg-config
#   share/raceway/RacewayToolchain.cmake         instrument a whole build
#
# The package is relocatable: every installed file finds the others from
# its own location, so nothing here may write an absolute path of the
# build tree or of the install prefix into an installed file.
#
# Included once from the top-level CMakeLists.txt, after runtime/ and pass/.

include_guard(GLOBAL)
include(CMakePackageConfigHelpers)
include(${CMAKE_CURRENT_LIST_DIR}/RacewayBuildTree.cmake)

set(RACEWAY_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/Raceway)
set(RACEWAY_INSTALL_PLUGINDIR ${CMAKE_INSTALL_LIBDIR}/raceway)
set(RACEWAY_INSTALL_DATADIR ${CMAKE_INSTALL_DATADIR}/raceway)
set(RACEWAY_INSTALL_PCDIR ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
set(RACEWAY_CLANG clang-${LLVM_VERSION_MAJOR})
set(RACEWAY_CLANGXX clang++-${LLVM_VERSION_MAJOR})
# --- the runtime's link dependencies, from RACEWAY_RUNTIME_DEPS ------------------
# RACEWAY_RUNTIME_DEPS (top-level CMakeLists.txt) is the one list; what the
# installed files say about it is generated here.

# Appends to <out> the linker flags that link <item>, an entry of a link
# interface: an imported target (its file as -l<name>, then its own link
# interface), a flag, a path or a plain library name.
function(_raceway_link_flags item out)
  set(flags ${${out}})
  if(item MATCHES "^\\$<LINK_ONLY:(.*)>$")
    set(item "${CMAKE_MATCH_1}")
  endif()
  if(item STREQUAL "" OR item MATCHES "^\\$<")
    # empty, or a generator expression we cannot evaluate here
  elseif(TARGET ${item})
    get_target_property(aliased ${item} ALIASED_TARGET)
    if(aliased)
      set(item ${aliased})
    endif()
    get_target_property(configs ${item} IMPORTED_CONFIGURATIONS)
    set(files "")
    set(deps "")
    foreach(suffix "" ${configs})
      if(suffix)
        string(TOUPPER "_${suffix}" suffix)
      endif()
      foreach(prop IMPORTED_LIBNAME IMPORTED_LOCATION)
        get_target_property(v ${item} ${prop}${suffix})
        if(v)
          list(APPEND files ${v})
        endif()
      endforeach()
      get_target_property(v ${item} IMPORTED_LINK_INTERFACE_LIBRARIES${suffix})
      if(v)
        list(APPEND deps ${v})
      endif()
    endforeach()
    if(files)
      list(GET files 0 file)          # one configuration is enough
      _raceway_link_flags("${file}" flags)
    endif()
    get_target_property(v ${item} INTERFACE_LINK_LIBRARIES)
    if(v)
      list(APPEND deps ${v})
    endif()
    foreach(dep IN LISTS deps)
      _raceway_link_flags("${dep}" flags)
    endforeach()
  elseif(item MATCHES "^-")
    list(APPEND flags "${item}")
  elseif(item MATCHES "/")
    get_filename_component(name "${item}" NAME)
    if(name MATCHES "^lib([^.]+)\\.(so|a)")
      list(APPEND flags "-l${CMAKE_MATCH_1}")
    else()
      list(APPEND flags "${item}")
    endif()
  else()
    list(APPEND flags "-l${item}")
  endif()
  list(REMOVE_DUPLICATES flags)
  set(${out} ${flags} PARENT_SCOPE)
endfunction()

# The flags that follow libraceway.a (pkg-config Libs.private, the static
# mode of the wrappers and of the toolchain file).
set(_raceway_flags "")
foreach(dep IN LISTS RACEWAY_RUNTIME_DEPS)
  _raceway_link_flags("${dep}" _raceway_flags)
endforeach()
list(JOIN _raceway_flags " " RACEWAY_STATIC_DEPS)
message(STATUS "Raceway: the static runtime links ${RACEWAY_STATIC_DEPS}")
# The installed RacewayConfig.cmake finds the same packages.
set(RACEWAY_FIND_DEPENDENCIES "")
foreach(pkg IN LISTS RACEWAY_RUNTIME_PACKAGES)
  string(APPEND RACEWAY_FIND_DEPENDENCIES "find_dependency(${pkg})\n")
endforeach()

# <out> = path of <to> relative to <from>, both relative to the prefix.
function(_raceway_relpath out from to)
  cmake_path(ABSOLUTE_PATH from BASE_DIRECTORY /prefix NORMALIZE)
  cmake_path(ABSOLUTE_PATH to BASE_DIRECTORY /prefix NORMALIZE)
  file(RELATIVE_PATH rel "${from}" "${to}")
  string(REGEX REPLACE "/$" "" rel "${rel}")
  if(rel STREQUAL "")
    set(rel ".")
  endif()
  set(${out} ${rel} PARENT_SCOPE)
endfunction()

# --- the runtime, the plugin and the headers --------------------------------
install(TARGETS raceway raceway_static EXPORT RacewayTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
if(TARGET RacewayPass)
  set_target_properties(RacewayPass PROPERTIES EXPORT_NAME pass)
  install(TARGETS RacewayPass EXPORT RacewayTargets
    LIBRARY DESTINATION ${RACEWAY_INSTALL_PLUGINDIR})
endif()
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/raceway
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} FILES_MATCHING PATTERN "*.h")

# --- find_package(Raceway CONFIG) -------------------------------------------
install(EXPORT RacewayTargets NAMESPACE Raceway:: DESTINATION ${RACEWAY_INSTALL_CMAKEDIR})
set(RACEWAY_PLUGIN_FILE ${RACEWAY_INSTALL_PLUGINDIR}/RacewayPass.so)
if(TARGET RacewayPass)
  set(RACEWAY_HAVE_PASS TRUE)
else()
  set(RACEWAY_HAVE_PASS FALSE)
endif()
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/RacewayConfig.cmake.in
  ${PROJECT_BINARY_DIR}/cmake/RacewayConfig.cmake
  INSTALL_DESTINATION ${RACEWAY_INSTALL_CMAKEDIR}
  PATH_VARS RACEWAY_PLUGIN_FILE CMAKE_INSTALL_INCLUDEDIR)
# 0.x: a minor release may change the ABI between pass and runtime.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/cmake/RacewayConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/cmake/RacewayConfig.cmake
  ${PROJECT_BINARY_DIR}/cmake/RacewayConfigVersion.cmake
  ${CMAKE_CURRENT_LIST_DIR}/RacewayInstrument.cmake
  ${CMAKE_CURRENT_LIST_DIR}/FindcJSON.cmake
  DESTINATION ${RACEWAY_INSTALL_CMAKEDIR})

# --- the toolchain file ---------------------------------------------------------
_raceway_relpath(RACEWAY_TC_TO_PREFIX ${RACEWAY_INSTALL_DATADIR} .)
configure_file(${CMAKE_CURRENT_LIST_DIR}/RacewayToolchain.cmake.in
  ${PROJECT_BINARY_DIR}/cmake/RacewayToolchain.cmake @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/cmake/RacewayToolchain.cmake
  DESTINATION ${RACEWAY_INSTALL_DATADIR})

# --- pkg-config -----------------------------------------------------------------
_raceway_relpath(RACEWAY_PC_TO_PREFIX ${RACEWAY_INSTALL_PCDIR} .)
configure_file(${CMAKE_CURRENT_LIST_DIR}/raceway.pc.in
  ${PROJECT_BINARY_DIR}/cmake/raceway.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/cmake/raceway.pc DESTINATION ${RACEWAY_INSTALL_PCDIR})

# --- the compiler wrappers ------------------------------------------------------
_raceway_relpath(RACEWAY_BIN_TO_PREFIX ${CMAKE_INSTALL_BINDIR} .)
foreach(wrapper raceway-cc raceway-c++)
  set(RACEWAY_WRAPPER ${wrapper})
  if(wrapper STREQUAL "raceway-cc")
    set(RACEWAY_WRAPPED_COMPILER ${RACEWAY_CLANG})
    set(RACEWAY_WRAPPER_DRIVER clang)
  else()
    set(RACEWAY_WRAPPED_COMPILER ${RACEWAY_CLANGXX})
    set(RACEWAY_WRAPPER_DRIVER clang++)
  endif()
  configure_file(${PROJECT_SOURCE_DIR}/tools/raceway-cc.in
    ${PROJECT_BINARY_DIR}/bin/${wrapper} @ONLY
    FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE
                     GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
endforeach()
install(PROGRAMS ${PROJECT_BINARY_DIR}/bin/raceway-cc ${PROJECT_BINARY_DIR}/bin/raceway-c++
  DESTINATION ${CMAKE_INSTALL_BINDIR})
install(PROGRAMS ${PROJECT_SOURCE_DIR}/tools/raceway.py DESTINATION ${CMAKE_INSTALL_BINDIR} RENAME raceway)
