// The global operator new, replaced to count: what the hot path allocates is a cost the wall clock on a
// quiet machine hides and a busy one shows.
#include "allocation_counter.h"

#include <cstdlib>
#include <new>

namespace {
std::uint64_t allocations = 0;
}

namespace nightdesk::bench {
std::uint64_t heap_allocations() { return allocations; }
}  // namespace nightdesk::bench

void* operator new(std::size_t size) {
  ++allocations;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
