#include <gtest/gtest.h>

#include "market/replay_feed.h"

namespace nightdesk::market {
namespace {

const char* kSpy =
    "time,underlying,expiry,strike,right,bid,ask,bid_size,ask_size\n"
    "2025-01-10T15:00:00Z,SPY,2025-01-17,580,C,3.00,3.10,1,1\n"
    "2025-01-10T16:00:00Z,SPY,2025-01-17,580,C,3.10,3.20,1,1\n"
    "2025-01-10T18:00:00Z,SPY,2025-01-17,580,C,3.20,3.30,1,1\n";
const char* kQqq =
    "time,underlying,expiry,strike,right,bid,ask,bid_size,ask_size\n"
    "2025-01-10T14:00:00Z,QQQ,2025-01-17,500,C,2.00,2.10,1,1\n"
    "2025-01-10T16:00:00Z,QQQ,2025-01-17,500,C,2.10,2.20,1,1\n"
    "2025-01-10T17:00:00Z,QQQ,2025-01-17,500,C,x,2.20,1,1\n"
    "2025-01-10T19:00:00Z,QQQ,2025-01-17,500,C,2.30,2.40,1,1\n";

std::unique_ptr<Feed> feed(const char* text, const char* name, OnBadRow policy = OnBadRow::skip) {
  LoadOptions options;
  options.on_bad_row = policy;
  return std::move(*open_replay_feed_from_memory(text, name, options));
}

TEST(MergedFeed, InterleavesByTimeAndTheEarlierInputWinsTies) {
  std::vector<std::unique_ptr<Feed>> inputs;
  inputs.push_back(feed(kSpy, "spy.csv"));
  inputs.push_back(feed(kQqq, "qqq.csv"));
  MergedFeed merged(std::move(inputs));
  std::vector<std::string> order;
  QuoteEvent e;
  Timestamp previous = Timestamp::min();
  while (true) {
    auto got = merged.next(e);
    ASSERT_TRUE(got) << got.error().message;
    if (!*got) break;
    EXPECT_GE(e.time(), previous);
    previous = e.time();
    order.push_back(e.underlying);
  }
  EXPECT_EQ(order, (std::vector<std::string>{"QQQ", "SPY", "SPY", "QQQ", "SPY", "QQQ"}));
  EXPECT_EQ(merged.stats().bad_rows, 1u);  // the skipped QQQ row is counted, not hidden
  EXPECT_EQ(merged.stats().rows, 6u);
}

TEST(MergedFeed, ABadRowUnderFailEndsTheMergeWithItsLocation) {
  std::vector<std::unique_ptr<Feed>> inputs;
  inputs.push_back(feed(kSpy, "spy.csv", OnBadRow::fail));
  inputs.push_back(feed(kQqq, "qqq.csv", OnBadRow::fail));
  MergedFeed merged(std::move(inputs));
  QuoteEvent e;
  Result<bool> got = true;
  while (got && *got) got = merged.next(e);
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().message.rfind("qqq.csv:4: bid:", 0), 0u) << got.error().message;
}

TEST(MergedFeed, NoInputsIsAnEmptyFeed) {
  MergedFeed merged({});
  QuoteEvent e;
  EXPECT_FALSE(*merged.next(e));
}

TEST(ReplayFeed, MissingFileIsAnIoError) {
  auto f = open_replay_feed("/nonexistent/quotes.csv", {});
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error().code, ErrorCode::io_error);
}

TEST(ReplayFeed, UnrecognizedHeaderIsMissingHeader) {
  auto f = open_replay_feed_from_memory("date,symbol,price\n", "x.csv", {});
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error().message.rfind("x.csv:1: missing header", 0), 0u) << f.error().message;
}

}  // namespace
}  // namespace nightdesk::market
