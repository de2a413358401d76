// VenueIdSequence: numbers the paper venue's ids ("pv-1", "pv-2", ...) and keeps the next one's text,
// so numbering an order or a fill copies a short string instead of formatting a number each time.
// Plain value; used by its owner's thread only.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace nightdesk::broker {

class VenueIdSequence {
 public:
  // The first id taken is `prefix` followed by `next` in decimal.
  explicit VenueIdSequence(std::string_view prefix, std::uint64_t next = 1);

  // The number the next take() uses (what the venue's state saves).
  std::uint64_t next() const { return next_; }
  // The next id ("pv-7"), then counts on by one.
  std::string take();
  // Numbers from `next` on (a restored venue).
  void restart(std::uint64_t next);

 private:
  std::size_t prefix_size_;
  std::uint64_t next_;
  std::string text_;  // prefix + next_ in decimal
};

}  // namespace nightdesk::broker
