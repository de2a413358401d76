// A hash for short strings (order ids, symbols: a few to a few dozen bytes) that reads eight bytes at a
// time. Header-only; pure function, any thread.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace nightdesk {

// Each id on the order path is hashed several times per order; std::hash's byte-wise Murmur costs ~90
// instructions on a 23-character id, this ~25. Good enough for hash tables (each word is mixed by a
// multiply and the result finalised), not for anything adversarial or persistent: the values may change.
[[gnu::always_inline]] inline std::uint64_t short_string_hash(std::string_view text) noexcept {
  constexpr std::uint64_t kMultiplier = 0x9e3779b97f4a7c15ULL;
  const char* p = text.data();
  std::size_t left = text.size();
  std::uint64_t h = static_cast<std::uint64_t>(left) * kMultiplier;
  auto mix = [&h](std::uint64_t word) {
    h = (h ^ word) * 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 31;
  };
  if (left >= 8) {
    for (; left > 8; p += 8, left -= 8) {
      std::uint64_t word;
      std::memcpy(&word, p, 8);
      mix(word);
    }
    std::uint64_t last;  // the final eight bytes, overlapping the previous word when the size is not a multiple of 8
    std::memcpy(&last, p + left - 8, 8);
    mix(last);
  } else {
    std::uint64_t word = 0;
    if (left > 0) std::memcpy(&word, p, left);  // an empty view's data() may be null
    mix(word);
  }
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  return h ^ (h >> 33);
}

}  // namespace nightdesk
