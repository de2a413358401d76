// WsSequencer: per-channel sequence numbers for pushed messages (1, 2, 3, … on each channel separately), so a
// client that sees a jump knows it missed something and resyncs through REST. Not thread-safe: the hub calls it
// under its inbox mutex.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

namespace nightdesk::api {

class WsSequencer {
 public:
  // The next number on `channel` (1 for its first message).
  std::uint64_t next(const std::string& channel) { return ++last_[channel]; }
  // The last number given on `channel`; 0 before its first message.
  std::uint64_t last(const std::string& channel) const {
    auto it = last_.find(channel);
    return it == last_.end() ? 0 : it->second;
  }

 private:
  std::unordered_map<std::string, std::uint64_t> last_;
};

}  // namespace nightdesk::api
