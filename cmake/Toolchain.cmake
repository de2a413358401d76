# Compiler flags shared by every target: warnings, sanitizers, ccache.

find_program(CCACHE_PROGRAM ccache)
if(CCACHE_PROGRAM)
  set(CMAKE_CXX_COMPILER_LAUNCHER ${CCACHE_PROGRAM})
endif()

add_library(nightdesk_flags INTERFACE)
target_compile_options(nightdesk_flags INTERFACE -Wall -Wextra -Wpedantic)
if(NIGHTDESK_WERROR)
  target_compile_options(nightdesk_flags INTERFACE -Werror)
endif()

if(NIGHTDESK_SANITIZE STREQUAL "address")
  set(_san -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
elseif(NIGHTDESK_SANITIZE STREQUAL "thread")
  set(_san -fsanitize=thread -fno-omit-frame-pointer)
elseif(NOT NIGHTDESK_SANITIZE STREQUAL "")
  message(FATAL_ERROR "NIGHTDESK_SANITIZE must be '', 'address' or 'thread', not '${NIGHTDESK_SANITIZE}'")
endif()
if(_san)
  target_compile_options(nightdesk_flags INTERFACE ${_san})
  target_link_options(nightdesk_flags INTERFACE ${_san})
endif()
