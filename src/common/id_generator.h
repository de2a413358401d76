// Unique identifiers: "<prefix>-<run token>-<sequence>", e.g. "ord-9f2c4a7e01b3d865-42".
// The run token makes ids unique across restarts; a seeded generator is deterministic (backtests).
// next() may be called from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>

namespace nightdesk {

class IdGenerator {
 public:
  // A random run token (from std::random_device) unless `seed` is given.
  explicit IdGenerator(std::string prefix, std::optional<std::uint64_t> seed = std::nullopt);

  std::string next();
  const std::string& run_token() const { return token_; }

 private:
  std::string prefix_;
  std::string token_;
  std::atomic<std::uint64_t> sequence_{0};
};

}  // namespace nightdesk
