# RacewayInstall.cmake - what `cmake --install` puts under a prefix:
#
#   bin/raceway-cc, bin/raceway-c++              compiler wrappers
#   include/raceway/*.h                          public API and compiler ABI
#   lib/libraceway.so*, lib/libraceway.a         the runtime
#   lib/raceway/RacewayPass.so                   the plugin (not a link library)
#   lib/cmake/Raceway/                           find_package(Raceway CONFIG)
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
# The libraries libraceway.a needs after it (pkg-config Libs.private and
# the wrappers' static mode).
set(RACEWAY_STATIC_DEPS "-lcurl -lcjson -lpthread -ldl")

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
