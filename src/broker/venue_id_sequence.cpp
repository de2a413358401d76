#include "broker/venue_id_sequence.h"

#include <array>
#include <charconv>

namespace nightdesk::broker {

VenueIdSequence::VenueIdSequence(std::string_view prefix, std::uint64_t next) : prefix_size_(prefix.size()), next_(next), text_(prefix) {
  restart(next);
}

void VenueIdSequence::restart(std::uint64_t next) {
  next_ = next;
  std::array<char, 20> digits{};  // 2^64 - 1 has 20 digits
  auto end = std::to_chars(digits.data(), digits.data() + digits.size(), next).ptr;
  text_.resize(prefix_size_);
  text_.append(digits.data(), end);
}

std::string VenueIdSequence::take() {
  std::string id = text_;
  if (++next_ == 0) {  // wrapped past 2^64 - 1: the text follows the number
    restart(0);
    return id;
  }
  // Adds one to the decimal text: trailing nines roll over to zeros, and a carry out of the first digit
  // puts a new leading one in front ("pv-99" -> "pv-100").
  std::size_t i = text_.size();
  while (i > prefix_size_ && text_[i - 1] == '9') text_[--i] = '0';
  if (i == prefix_size_) {
    text_.insert(text_.begin() + static_cast<std::ptrdiff_t>(prefix_size_), '1');
  } else {
    ++text_[i - 1];
  }
  return id;
}

}  // namespace nightdesk::broker
