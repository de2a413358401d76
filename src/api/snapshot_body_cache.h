// SnapshotBodyCache: one read endpoint's serialized answer for the latest DeskSnapshot, so that every reader of
// an unchanged snapshot shares one serialization instead of rebuilding the same JSON per request (the snapshot
// is immutable; a new one is a new object). Any API thread; one mutex, never held while serializing.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "engine/desk_snapshot.h"

namespace nightdesk::api {

class SnapshotBodyCache {
 public:
  using Make = std::function<nlohmann::json(const engine::DeskSnapshot&)>;

  // The body made from `snapshot` (ApiResponse::json's bytes): the kept one when it was made from this very
  // snapshot, else make(*snapshot) serialized, kept and returned.
  std::shared_ptr<const std::string> body(const std::shared_ptr<const engine::DeskSnapshot>& snapshot, const Make& make);

 private:
  std::mutex mutex_;
  std::weak_ptr<const engine::DeskSnapshot> made_from_;  // guarded by mutex_; weak: a cache never keeps a snapshot alive
  std::shared_ptr<const std::string> body_;              // guarded by mutex_
};

}  // namespace nightdesk::api
