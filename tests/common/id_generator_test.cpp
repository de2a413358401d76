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

// A seeded generator after a restart makes its old ids again: it must pass over those the journal holds.
TEST(IdGenerator, ContinueAfter_ItsOwnJournaledId_NextIdIsNew) {
  IdGenerator before("bot", 1), after("bot", 1);
  before.next();
  const std::string journaled = before.next();
  after.continue_after(journaled);
  after.continue_after("bot-" + after.run_token() + "-1");  // an earlier id never moves it back
  EXPECT_EQ(after.next(), before.next());
}

TEST(IdGenerator, ContinueAfter_AnotherGeneratorsIdOrNoNumber_IsIgnored) {
  IdGenerator ids("bot", 1);
  ids.continue_after("close-" + ids.run_token() + "-40");
  ids.continue_after("bot-0000000000000000-40");
  ids.continue_after("bot-" + ids.run_token() + "-4x");
  ids.continue_after("bot-" + ids.run_token() + "-");
  EXPECT_EQ(ids.next(), "bot-" + ids.run_token() + "-1");
}

TEST(IdSequence, DigitsAfterThePrefixOnly) {
  EXPECT_EQ(id_sequence("wheel-12", "wheel-"), 12u);
  EXPECT_EQ(id_sequence("wheel-12", "iron-"), std::nullopt);
  EXPECT_EQ(id_sequence("wheel-", "wheel-"), std::nullopt);
  EXPECT_EQ(id_sequence("wheel--3", "wheel-"), std::nullopt);
  EXPECT_EQ(id_sequence("wheel-99999999999999999999999", "wheel-"), std::nullopt);  // does not fit
}

}  // namespace
}  // namespace nightdesk
