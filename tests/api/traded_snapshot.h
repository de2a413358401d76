// A small traded engine for the API tests and bench/api_bench: a simulated session where one 3-share SPY buy
// fills at the $450.01 ask and a 460 call (Feb 21 2025) is quoted 3.10 / 3.20, and the snapshot taken after it.
// Throws std::runtime_error when the session refuses (a broken fixture, not a test outcome). One thread.
#pragma once

#include <memory>
#include <optional>
#include <stdexcept>

#include "engine/desk_snapshot.h"
#include "support/desk_session.h"
#include "support/quote_event.h"
#include "support/vector_feed.h"

namespace nightdesk::api::test {

inline const Date kCallExpiry{std::chrono::year{2025}, std::chrono::February, std::chrono::day{21}};

inline market::Instrument quoted_call() {
  return market::Instrument::option("SPY", kCallExpiry, Price::from_units(4'600'000), OptionRight::call);
}

inline engine::DeskSnapshot traded_snapshot() {
  using testing::kSessionOpen;
  auto session = testing::simulated_desk_session();
  std::optional<Error> refused;
  session->loop().schedule_at(kSessionOpen + std::chrono::milliseconds(500), [&session, &refused] {
    auto order = session->desk().submit(engine::ParentOrderRequest{
        testing::buy_spy_shares("json-1", 3, Price::from_units(4'500'100)), engine::ExecutionStyle::direct});
    if (!order) refused = order.error();
  });
  testing::VectorFeed feed({testing::stock_quote("SPY", kSessionOpen, 4'500'000, 4'500'100),
                            testing::quote_event(quoted_call(), kSessionOpen, Price::from_units(31'000),
                                                 Price::from_units(32'000), Quantity(10), Quantity(12)),
                            testing::stock_quote("SPY", kSessionOpen + std::chrono::seconds(1), 4'500'000, 4'500'100)});
  if (auto ran = session->run(feed); !ran) throw std::runtime_error(ran.error().describe());
  if (refused) throw std::runtime_error("the fixture's order was refused: " + refused->describe());
  return engine::take_snapshot(session->desk(), session->orders(), session->loop(),
                               std::make_shared<market::ChainBook>(session->desk().chains()));
}

}  // namespace nightdesk::api::test
