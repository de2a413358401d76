// WsClientQueue: the slow-client policy of spec A11 — quotes go first (latest wins), state overflow disconnects.
#include "api/ws_client_queue.h"

#include <gtest/gtest.h>

namespace nightdesk::api {
namespace {

WsOutbound state(const std::string& text) { return {std::make_shared<const std::string>(text), {}}; }
WsOutbound quote(const std::string& symbol, const std::string& text) {
  return {std::make_shared<const std::string>(text), symbol};
}

std::vector<std::string> drain(WsClientQueue& q) {
  std::vector<std::string> out;
  while (auto m = q.pop()) out.push_back(*m->frame);
  return out;
}

TEST(WsClientQueue, UnderCapacity_KeepsEveryMessageInOrder) {
  WsClientQueue q(4);
  EXPECT_EQ(q.offer(state("o1")), WsOfferOutcome::queued);
  EXPECT_EQ(q.offer(quote("SPY", "q1")), WsOfferOutcome::queued);
  EXPECT_EQ(q.offer(quote("SPY", "q2")), WsOfferOutcome::queued);  // not full: no conflation yet
  EXPECT_EQ(q.depth(), 3u);
  EXPECT_EQ(drain(q), (std::vector<std::string>{"o1", "q1", "q2"}));
  EXPECT_EQ(q.drops(), 0u);
  EXPECT_TRUE(q.empty());
}

TEST(WsClientQueue, Full_NewQuoteReplacesPendingQuoteForItsSymbol_LatestValueWins) {
  WsClientQueue q(3);
  q.offer(state("o1"));
  q.offer(quote("SPY", "spy1"));
  q.offer(quote("QQQ", "qqq1"));
  EXPECT_EQ(q.offer(quote("SPY", "spy2")), WsOfferOutcome::replaced_quote);
  EXPECT_EQ(q.offer(quote("SPY", "spy3")), WsOfferOutcome::replaced_quote);
  EXPECT_EQ(q.depth(), 3u);
  EXPECT_EQ(q.drops(), 2u);
  EXPECT_EQ(drain(q), (std::vector<std::string>{"o1", "spy3", "qqq1"}));  // keeps its place in the queue
}

TEST(WsClientQueue, Full_StateUpdateEvictsAQuoteNotAnotherStateUpdate) {
  WsClientQueue q(3);
  q.offer(state("o1"));
  q.offer(quote("SPY", "spy1"));
  q.offer(state("o2"));
  EXPECT_EQ(q.offer(state("o3")), WsOfferOutcome::evicted_quote);
  EXPECT_EQ(q.drops(), 1u);
  EXPECT_EQ(drain(q), (std::vector<std::string>{"o1", "o2", "o3"}));
}

TEST(WsClientQueue, Full_EvictsASupersededQuoteBeforeASymbolsOnlyValue) {
  WsClientQueue q(4);
  q.offer(quote("QQQ", "qqq1"));  // the oldest quote, but the only (so latest) value for QQQ
  q.offer(quote("SPY", "spy1"));  // superseded by spy2
  q.offer(quote("SPY", "spy2"));
  q.offer(state("o1"));
  EXPECT_EQ(q.offer(state("o2")), WsOfferOutcome::evicted_quote);
  EXPECT_EQ(drain(q), (std::vector<std::string>{"qqq1", "spy2", "o1", "o2"}));
}

TEST(WsClientQueue, Full_QuoteForANewSymbolEvictsTheOldestQuote) {
  WsClientQueue q(2);
  q.offer(quote("SPY", "spy1"));
  q.offer(quote("QQQ", "qqq1"));
  EXPECT_EQ(q.offer(quote("IWM", "iwm1")), WsOfferOutcome::evicted_quote);
  EXPECT_EQ(drain(q), (std::vector<std::string>{"qqq1", "iwm1"}));
}

TEST(WsClientQueue, FullOfStateUpdates_IncomingQuoteIsDropped) {
  WsClientQueue q(2);
  q.offer(state("o1"));
  q.offer(state("o2"));
  EXPECT_EQ(q.offer(quote("SPY", "spy1")), WsOfferOutcome::dropped_quote);
  EXPECT_EQ(q.drops(), 1u);
  EXPECT_EQ(drain(q), (std::vector<std::string>{"o1", "o2"}));
}

TEST(WsClientQueue, FullOfStateUpdates_AnotherStateUpdateOverflows_NothingQueued) {
  WsClientQueue q(2);
  q.offer(state("o1"));
  q.offer(state("o2"));
  EXPECT_EQ(q.offer(state("o3")), WsOfferOutcome::overflow);
  EXPECT_EQ(q.depth(), 2u);
  EXPECT_EQ(q.drops(), 0u);  // overflow is a disconnect, not a drop
}

TEST(WsClientQueue, PoppedQuote_NoLongerConflatesWithNewOnes) {
  WsClientQueue q(1);
  q.offer(quote("SPY", "spy1"));
  ASSERT_TRUE(q.pop());
  EXPECT_EQ(q.offer(quote("SPY", "spy2")), WsOfferOutcome::queued);
  EXPECT_EQ(q.offer(state("o1")), WsOfferOutcome::evicted_quote);
  EXPECT_EQ(drain(q), (std::vector<std::string>{"o1"}));
}

TEST(WsClientQueue, ManyQuotesThroughAFullQueue_StaysBoundedAndEndsWithEachSymbolsLatest) {
  WsClientQueue q(8);
  for (int i = 0; i < 10000; ++i) {
    q.offer(quote(i % 2 ? "SPY" : "QQQ", std::to_string(i)));
    ASSERT_LE(q.depth(), 8u);
  }
  const auto left = drain(q);
  ASSERT_FALSE(left.empty());
  EXPECT_NE(std::find(left.begin(), left.end(), "9999"), left.end());  // SPY's latest
  EXPECT_NE(std::find(left.begin(), left.end(), "9998"), left.end());  // QQQ's latest
}

TEST(WsClientQueue, ZeroCapacity_IsTreatedAsOne) {
  WsClientQueue q(0);
  EXPECT_EQ(q.capacity(), 1u);
  EXPECT_EQ(q.offer(state("o1")), WsOfferOutcome::queued);
  EXPECT_EQ(q.offer(state("o2")), WsOfferOutcome::overflow);
}

}  // namespace
}  // namespace nightdesk::api
