// ClientBuckets: one TokenBucket per client key (a token's name, an IP address), all with the same limit, and
// never more than `max_clients` of them: idle (full) buckets are forgotten, and clients beyond the bound
// share one overflow bucket, so a flood of new addresses cannot grow memory. Not thread-safe (owners lock).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "api/token_bucket.h"

namespace nightdesk::api {

class ClientBuckets {
 public:
  ClientBuckets(BucketLimit limit, std::size_t max_clients);

  // The bucket of `client` at `now`, created full on first use.
  TokenBucket& bucket(std::string_view client, SteadyTime now);
  std::size_t tracked() const { return buckets_.size(); }
  bool enabled() const { return limit_.capacity > 0; }

 private:
  BucketLimit limit_;
  std::size_t max_clients_;
  std::unordered_map<std::string, TokenBucket> buckets_;
  std::optional<TokenBucket> overflow_;
};

}  // namespace nightdesk::api
