#include "common/id_generator.h"

#include <fmt/format.h>

#include <charconv>
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

void IdGenerator::continue_after(std::string_view id) {
  auto n = id_sequence(id, fmt::format("{}-{}-", prefix_, token_));
  if (!n) return;
  std::uint64_t seen = sequence_.load(std::memory_order_relaxed);
  while (seen < *n && !sequence_.compare_exchange_weak(seen, *n, std::memory_order_relaxed)) {
  }
}

std::optional<std::uint64_t> id_sequence(std::string_view id, std::string_view prefix) {
  if (!id.starts_with(prefix) || id.size() == prefix.size()) return std::nullopt;
  std::string_view digits = id.substr(prefix.size());
  std::uint64_t n = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return n;
}

}  // namespace nightdesk
