// Test fixture for the TradingDesk: the order-flow fixture (simulated loop, paper venue, OrderManager) plus
// a desk on the same bus, scripted marks, a 440/430 put spread and the events the desk publishes. One thread.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "engine/trading_desk.h"
#include "market/chain_book.h"
#include "order_flow_fixture.h"

namespace nightdesk::engine::testing {

inline const TradingCalendar& nyse() {
  static const TradingCalendar calendar = *TradingCalendar::nyse();
  return calendar;
}

inline const Date kFeb{std::chrono::year{2025}, std::chrono::February, std::chrono::day{21}};
inline market::Instrument put(double strike, Date expiry = kFeb) {
  return market::Instrument::option("SPY", expiry, px(strike), OptionRight::put);
}

class TradingDeskTest : public OrderFlowTest {
 public:
  std::unique_ptr<TradingDesk> desk;
  std::vector<OrderRiskRefused> refusals;
  std::vector<risk::RiskAlert> alerts;
  std::vector<RollSkipped> skipped;

  void open_desk(double starting_cash, TradingDeskConfig config = {}) {
    broker::PaperVenueConfig venue_config;
    venue_config.starting_cash = usd(starting_cash);
    start(std::move(venue_config));
    config.id_seed = 1;
    auto d = TradingDesk::create(std::move(config), loop, *manager, [this] { return venue->ledger().cash; }, nyse());
    ASSERT_TRUE(d) << d.error().describe();
    desk = std::move(*d);
    loop.bus().subscribe<OrderRiskRefused>([this](const OrderRiskRefused& e) { refusals.push_back(e); });
    loop.bus().subscribe<risk::RiskAlert>([this](const risk::RiskAlert& e) { alerts.push_back(e); });
    loop.bus().subscribe<RollSkipped>([this](const RollSkipped& e) { skipped.push_back(e); });
  }
  // Locked (bid == ask) quotes: an order at the mark is marketable, so bot orders fill at once.
  void mark(const market::Instrument& i, double price) { quote(i, price, price); }
  void spy(double price) { mark(market::Instrument::stock("SPY"), price); }
  // Sells `units` put spreads short/long at the net `credit` (a combo's net price is negative for a credit).
  OrderRequest put_spread(double short_strike, double long_strike, std::int64_t units, double credit, Date expiry = kFeb) {
    OrderRequest r;
    r.client_order_id = ClientOrderId("open-" + std::to_string(next_id++));
    r.legs = {OrderLeg{put(short_strike, expiry), 1, Side::sell}, OrderLeg{put(long_strike, expiry), 1, Side::buy}};
    r.quantity = Quantity(units);
    r.limit_price = px(-credit);
    r.strategy_tag = "test";
    return r;
  }
  Result<const execution::Order*> send(OrderRequest r, ExecutionStyle style = ExecutionStyle::direct) {
    return desk->submit(ParentOrderRequest{std::move(r), style});
  }
  const portfolio::Position& position(const std::string& id) {
    const portfolio::Position* p = desk->portfolio().position(id);
    static const portfolio::Position kNone("none", "SPY", portfolio::PositionSource::manual, Timestamp{});
    EXPECT_NE(p, nullptr) << id;
    return p != nullptr ? *p : kNone;
  }
  static std::int64_t held(const portfolio::Position& p, const market::Instrument& i) {
    const portfolio::PositionLeg* leg = p.leg(i);
    return leg == nullptr ? 0 : leg->quantity.count();
  }
  bool has_action(const portfolio::Position& p, portfolio::ManagementActionKind kind) {
    for (const auto& a : p.history())
      if (a.kind == kind) return true;
    return false;
  }
  // Opens 10 bot-managed 440/430 put spreads for a 2.00 credit (entry cost -2000).
  std::string open_ten_spreads() {
    spy(450);
    mark(put(440), 5.00);
    mark(put(430), 3.00);
    auto placed = send(put_spread(440, 430, 10, 2.00));
    EXPECT_TRUE(placed) << placed.error().describe();
    advance(1);
    return placed ? (*placed)->request.parent_position_id : std::string();
  }
};

}  // namespace nightdesk::engine::testing
