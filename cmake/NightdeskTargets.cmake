# Helpers that keep one library per src/ folder and one test binary per tests/ folder.

# nightdesk_module(<name> DEPS <targets...>): library nightdesk_<name> from src/<name>/*.cpp,
# with src/ as the include root (so code includes "common/price.h").
function(nightdesk_module name)
  cmake_parse_arguments(ARG "" "" "DEPS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/src/${name}/*.cpp)
  add_library(nightdesk_${name} STATIC ${sources})
  target_include_directories(nightdesk_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src ${CMAKE_BINARY_DIR}/generated)
  target_link_libraries(nightdesk_${name} PUBLIC nightdesk_flags ${ARG_DEPS})
endfunction()

# nightdesk_tests(<name> [CONCURRENT] DEPS <targets...>): test binary <name>_tests from
# tests/<name>/*_test.cpp; ctest names its tests "<name>.<Suite>.<Test>". CONCURRENT marks suites that
# exercise threads or processes: they are built by the `concurrent_tests` target and listed (as a ctest -R
# pattern) in <build>/concurrent_tests.regex, which scripts/test --sanitize thread runs under TSan.
# SHARED_PROCESS_SUITES <Suite...>: suites whose tests share one expensive fixture (a real binary started in
# SetUpTestSuite) run as one ctest test "<name>.<Suite>", all in one process, instead of a process per test.
if(NOT TARGET concurrent_tests)
  add_custom_target(concurrent_tests)
endif()
function(nightdesk_tests name)
  cmake_parse_arguments(ARG "CONCURRENT" "" "DEPS;SHARED_PROCESS_SUITES" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/tests/${name}/*_test.cpp)
  add_executable(${name}_tests ${sources})
  target_link_libraries(${name}_tests PRIVATE nightdesk_flags ${ARG_DEPS} GTest::gtest GTest::gmock GTest::gtest_main)
  target_include_directories(${name}_tests PRIVATE ${PROJECT_SOURCE_DIR}/tests)
  target_precompile_headers(${name}_tests PRIVATE <gtest/gtest.h>)
  # Where the sources and the built binaries are (tests/support/paths.h); compiled in, so a test binary
  # run by hand finds them as well as one run by ctest.
  target_compile_definitions(${name}_tests PRIVATE NIGHTDESK_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
                                                   NIGHTDESK_BINARY_DIR="${CMAKE_BINARY_DIR}")
  set(discovered "")
  if(ARG_SHARED_PROCESS_SUITES)
    list(TRANSFORM ARG_SHARED_PROCESS_SUITES APPEND ".*" OUTPUT_VARIABLE shared_patterns)
    list(JOIN shared_patterns ":" shared_filter)
    set(discovered TEST_FILTER "-${shared_filter}")
    foreach(suite ${ARG_SHARED_PROCESS_SUITES})
      add_test(NAME ${name}.${suite} COMMAND ${name}_tests --gtest_filter=${suite}.* WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
    endforeach()
  endif()
  gtest_discover_tests(${name}_tests DISCOVERY_MODE PRE_TEST WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
    TEST_PREFIX "${name}." ${discovered})
  if(ARG_CONCURRENT)
    add_dependencies(concurrent_tests ${name}_tests)
    set_property(GLOBAL APPEND PROPERTY NIGHTDESK_CONCURRENT_SUITES ${name})
    get_property(suites GLOBAL PROPERTY NIGHTDESK_CONCURRENT_SUITES)
    list(JOIN suites "|" pattern)
    file(WRITE ${CMAKE_BINARY_DIR}/concurrent_tests.regex "^(${pattern})\\.")
  endif()
endfunction()
