#include "api/client_buckets.h"

#include <algorithm>

namespace nightdesk::api {

ClientBuckets::ClientBuckets(BucketLimit limit, std::size_t max_clients)
    : limit_(limit), max_clients_(std::max<std::size_t>(1, max_clients)) {}

TokenBucket& ClientBuckets::bucket(std::string_view client, SteadyTime now) {
  const std::string key(client);
  if (auto it = buckets_.find(key); it != buckets_.end()) return it->second;
  if (buckets_.size() >= max_clients_) std::erase_if(buckets_, [now](auto& entry) { return entry.second.full(now); });
  if (buckets_.size() >= max_clients_) {
    if (!overflow_) overflow_.emplace(limit_, now);
    return *overflow_;
  }
  return buckets_.emplace(key, TokenBucket(limit_, now)).first->second;
}

}  // namespace nightdesk::api
