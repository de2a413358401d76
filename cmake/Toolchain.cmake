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
  # Boost.Asio's std_fenced_block issues std::atomic_thread_fence, which GCC flags under TSan (-Wtsan).
  # Every such fence in Asio sits beside a scheduler mutex that TSan does see, so the warning is noise.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    list(APPEND _san -Wno-tsan)
  endif()
elseif(NOT NIGHTDESK_SANITIZE STREQUAL "")
  message(FATAL_ERROR "NIGHTDESK_SANITIZE must be '', 'address' or 'thread', not '${NIGHTDESK_SANITIZE}'")
endif()
if(NIGHTDESK_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "NIGHTDESK_FUZZ needs clang (scripts/fuzz uses clang++-19)")
  endif()
  set(_san -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
endif()
# Compile time decides whether CI fits its budget (four builds on two cores). Line-table debug info (-g1) is
# enough for backtraces and sanitizer reports and compiles a third faster than -g. Sanitizer builds use -Og:
# with -fsanitize=undefined, g++ 12 compiles -O2 code four to five times slower than -Og.
if(_san)
  set(CMAKE_CXX_FLAGS_RELWITHDEBINFO "-Og -g1 -DNDEBUG")
else()
  set(CMAKE_CXX_FLAGS_RELWITHDEBINFO "-O2 -g1 -DNDEBUG")
endif()
if(_san)
  # GCC 12 instrumented code raises false maybe-uninitialized warnings inside libstdc++ (<regex>,
  # std::variant in std::expected); the plain build keeps the warning.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    list(APPEND _san -Wno-maybe-uninitialized)
  endif()
  target_compile_options(nightdesk_flags INTERFACE ${_san})
  target_link_options(nightdesk_flags INTERFACE ${_san})
endif()
