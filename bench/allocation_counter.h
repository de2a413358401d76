// Counts the heap allocations of the benchmark binary that links allocation_counter.cpp (it replaces the
// global operator new). Single-threaded benchmarks only: the count is a plain global, read between calls.
#pragma once

#include <cstdint>

namespace nightdesk::bench {

// Allocations made through operator new since the program started.
std::uint64_t heap_allocations();

}  // namespace nightdesk::bench
