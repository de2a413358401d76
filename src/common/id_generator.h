// Unique identifiers: "<prefix>-<run token>-<sequence>", e.g. "ord-9f2c4a7e01b3d865-42".
// The run token makes ids unique across restarts; a seeded generator is deterministic (backtests).
// next() may be called from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace nightdesk {

// The sequence number N of an id spelled `prefix` + N (decimal digits only), or nullopt.
std::optional<std::uint64_t> id_sequence(std::string_view id, std::string_view prefix);

class IdGenerator {
 public:
  // A random run token (from std::random_device) unless `seed` is given.
  explicit IdGenerator(std::string prefix, std::optional<std::uint64_t> seed = std::nullopt);

  std::string next();
  const std::string& run_token() const { return token_; }
  // After a restart: a seeded generator makes the ids it made before again, so the ids a journal already
  // holds are passed over. `id` of another generator (prefix or token) is ignored.
  void continue_after(std::string_view id);

 private:
  std::string prefix_;
  std::string token_;
  std::atomic<std::uint64_t> sequence_{0};
};

}  // namespace nightdesk
