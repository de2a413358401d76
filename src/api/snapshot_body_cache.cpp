#include "api/snapshot_body_cache.h"

#include <nlohmann/json.hpp>

#include "api/api_response.h"

namespace nightdesk::api {

std::shared_ptr<const std::string> SnapshotBodyCache::body(const std::shared_ptr<const engine::DeskSnapshot>& snapshot,
                                                           const Make& make) {
  {
    std::lock_guard lock(mutex_);
    // A live weak_ptr pointing at this snapshot is this snapshot (an expired one locks to null, never equal).
    if (body_ && made_from_.lock() == snapshot) return body_;
  }
  auto made = std::make_shared<const std::string>(ApiResponse::json(200, make(*snapshot)).body);
  std::lock_guard lock(mutex_);
  made_from_ = snapshot;
  body_ = made;
  return made;
}

}  // namespace nightdesk::api
