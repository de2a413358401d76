#include "common/id_generator.h"

#include <fmt/format.h>

#include <random>

namespace nightdesk {

IdGenerator::IdGenerator(std::string prefix, std::optional<std::uint64_t> seed) : prefix_(std::move(prefix)) {
  std::uint64_t token_bits;
  if (seed) {
    std::mt19937_64 rng(*seed);
    token_bits = rng();
  } else {
    std::random_device device;
    token_bits = (static_cast<std::uint64_t>(device()) << 32) ^ device();
  }
  token_ = fmt::format("{:016x}", token_bits);
}

std::string IdGenerator::next() {
  std::uint64_t n = sequence_.fetch_add(1, std::memory_order_relaxed) + 1;
  return fmt::format("{}-{}-{}", prefix_, token_, n);
}

}  // namespace nightdesk
