// SnapshotBodyCache: one serialization per snapshot, a new one for a new snapshot, the bytes of ApiResponse::json.
#include "api/snapshot_body_cache.h"

#include <gtest/gtest.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "api/api_response.h"

namespace nightdesk::api {
namespace {

using nlohmann::json;

struct CountingMake {
  std::atomic<int> calls{0};
  SnapshotBodyCache::Make make() {
    return [this](const engine::DeskSnapshot& s) {
      ++calls;
      return json{{"sequence", s.sequence}, {"name", "caf\xc3\xa9"}};
    };
  }
};

std::shared_ptr<const engine::DeskSnapshot> snapshot_numbered(std::uint64_t sequence) {
  engine::DeskSnapshot s;
  s.sequence = sequence;
  return std::make_shared<const engine::DeskSnapshot>(std::move(s));
}

TEST(SnapshotBodyCache, SameSnapshot_SerializedOnce_SharedByEveryReader) {
  SnapshotBodyCache cache;
  CountingMake counting;
  auto snapshot = snapshot_numbered(7);
  auto first = cache.body(snapshot, counting.make());
  auto second = cache.body(snapshot, counting.make());
  EXPECT_EQ(counting.calls, 1);
  EXPECT_EQ(first.get(), second.get());
  EXPECT_EQ(*first, ApiResponse::json(200, json{{"sequence", 7}, {"name", "caf\xc3\xa9"}}).body) << "the bytes ApiResponse::json makes";
}

TEST(SnapshotBodyCache, NewSnapshot_EvenWithEqualContent_IsSerializedAgain) {
  SnapshotBodyCache cache;
  CountingMake counting;
  auto a = snapshot_numbered(1);
  EXPECT_EQ(json::parse(*cache.body(a, counting.make()))["sequence"], 1);
  auto b = snapshot_numbered(2);
  EXPECT_EQ(json::parse(*cache.body(b, counting.make()))["sequence"], 2);
  auto again = snapshot_numbered(2);
  cache.body(again, counting.make());
  EXPECT_EQ(counting.calls, 3) << "identity, not content, decides (a snapshot is immutable, a new one a new object)";
}

TEST(SnapshotBodyCache, ReleasedSnapshot_IsNotKeptAlive_AndNeverAnswersForANewOne) {
  SnapshotBodyCache cache;
  CountingMake counting;
  auto old = snapshot_numbered(1);
  std::weak_ptr<const engine::DeskSnapshot> watch = old;
  cache.body(old, counting.make());
  old.reset();
  EXPECT_TRUE(watch.expired()) << "the cache holds no snapshot";
  auto next = snapshot_numbered(2);  // may reuse the old one's address
  EXPECT_EQ(json::parse(*cache.body(next, counting.make()))["sequence"], 2);
}

TEST(SnapshotBodyCache, ManyReadersAtOnce_AllGetTheSnapshotsBody) {
  SnapshotBodyCache cache;
  CountingMake counting;
  auto snapshot = snapshot_numbered(42);
  std::vector<std::thread> readers;
  std::atomic<int> right{0};
  for (int t = 0; t < 4; ++t)
    readers.emplace_back([&] {
      for (int i = 0; i < 200; ++i)
        if (json::parse(*cache.body(snapshot, counting.make()))["sequence"] == 42) ++right;
    });
  for (auto& r : readers) r.join();
  EXPECT_EQ(right, 800);
  EXPECT_LE(counting.calls, 4) << "at most one serialization per reader racing on the first miss";
}

}  // namespace
}  // namespace nightdesk::api
