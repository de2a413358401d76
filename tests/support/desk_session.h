// A simulated DeskSession for tests: nightdesk.yaml text (default: every default) in, a session whose
// clock starts one minute before kSessionOpen (10:00 New York on a Wednesday). One thread.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "engine/desk_session.h"
#include "execution/order_request.h"
#include "market/instrument.h"

namespace nightdesk::testing {

inline const Timestamp kSessionOpen = *parse_iso8601("2025-01-15T15:00:00Z");

inline engine::NightdeskConfig nightdesk_config(std::string_view yaml) {
  auto config = engine::load_nightdesk_config_text(yaml, "nightdesk.yaml", environment_from({}));
  if (!config) throw std::runtime_error(config.error().describe());
  return std::move(*config);
}

inline std::unique_ptr<engine::DeskSession> simulated_desk_session(std::string_view yaml = "") {
  engine::DeskSessionOptions options;
  options.config = nightdesk_config(yaml);
  options.start = kSessionOpen - std::chrono::minutes(1);
  options.id_seed = 7;
  auto session = engine::DeskSession::create(std::move(options));
  if (!session) throw std::runtime_error(session.error().describe());
  return std::move(*session);
}

// A limit buy of SPY shares (a strategy's order tagged "test").
inline execution::OrderRequest buy_spy_shares(std::string client_id, std::int64_t shares, Price limit) {
  execution::OrderRequest r;
  r.client_order_id = execution::ClientOrderId(std::move(client_id));
  r.legs = {execution::OrderLeg{market::Instrument::stock("SPY"), 1, execution::Side::buy}};
  r.quantity = Quantity(shares);
  r.limit_price = limit;
  r.strategy_tag = "test";
  return r;
}

}  // namespace nightdesk::testing
