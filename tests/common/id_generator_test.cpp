#include "common/id_generator.h"

#include <gtest/gtest.h>

#include <mutex>
#include <set>
#include <thread>

namespace nightdesk {
namespace {

TEST(IdGenerator, SeededGeneratorsAreDeterministic) {
  IdGenerator a("ord", 7), b("ord", 7), c("ord", 8);
  EXPECT_EQ(a.next(), b.next());
  EXPECT_NE(a.run_token(), c.run_token());
  EXPECT_EQ(a.next().rfind("ord-" + a.run_token() + "-2", 0), 0u);
}

TEST(IdGenerator, RandomRunsGetDifferentTokens) {
  IdGenerator a("ord"), b("ord");
  EXPECT_NE(a.run_token(), b.run_token());
}

TEST(IdGenerator, IdsAreUniqueAcrossThreads) {
  IdGenerator ids("fill", 1);
  std::set<std::string> seen;
  std::mutex mu;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      std::vector<std::string> mine;
      for (int i = 0; i < 1000; ++i) mine.push_back(ids.next());
      std::lock_guard guard(mu);
      seen.insert(mine.begin(), mine.end());
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(seen.size(), 4000u);
}

}  // namespace
}  // namespace nightdesk
