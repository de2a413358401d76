// The parameters of each order template (docs/STRATEGIES.md documents them): one struct per template, the
// variant of all of them, and validation whose errors name the JSON field. Plain values; any thread.
// Sides: `side` buys or sells the whole structure; "buy" is the structure as described in each comment.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "common/error.h"
#include "common/fixed_point.h"
#include "common/option_right.h"
#include "execution/order_terms.h"
#include "strategy/strike_choice.h"

namespace nightdesk::strategy {

using execution::Side;

// Fields every template shares.
struct OrderTerms {
  std::int64_t quantity = 1;          // units of the structure (combos), > 0
  std::optional<Price> limit_price;   // net per share, debit positive / credit negative; default: the net mid
  execution::TimeInForce time_in_force = execution::TimeInForce::day;
  std::string client_order_id;        // empty: the engine assigns one
  bool operator==(const OrderTerms&) const = default;
};

// One option, bought or sold.
struct SingleParams {
  ExpiryChoice expiry = TargetDte{};
  OptionRight right = OptionRight::call;
  Side side = Side::buy;
  StrikeChoice strike = AtmOffset{};
  OrderTerms terms;
  bool operator==(const SingleParams&) const = default;
};

// Two strikes, same right and expiry. sell = credit spread: short `strike`, long `width` further out of the
// money; buy = debit spread: long `strike`, short `width` further out of the money.
struct VerticalParams {
  ExpiryChoice expiry = TargetDte{};
  OptionRight right = OptionRight::put;
  Side side = Side::sell;
  StrikeChoice strike = TargetDelta{};
  Price width = Price::from_units(50'000);
  OrderTerms terms;
  bool operator==(const VerticalParams&) const = default;
};

// sell (default) = short put `put_strike` + short call `call_strike` (put below call), long put `width`
// below the short put and long call `call_width` (default: `width`) above the short call. buy reverses every leg.
struct IronCondorParams {
  ExpiryChoice expiry = TargetDte{};
  Side side = Side::sell;
  StrikeChoice put_strike = TargetDelta{0.16};
  StrikeChoice call_strike = TargetDelta{0.16};
  Price width = Price::from_units(50'000);
  std::optional<Price> call_width;  // the call wing when it differs from `width`
  OrderTerms terms;
  bool operator==(const IronCondorParams&) const = default;
};

// sell (default) = short put and call at `strike`, long put `width` below and long call `width` above.
struct IronButterflyParams {
  ExpiryChoice expiry = TargetDte{};
  Side side = Side::sell;
  StrikeChoice strike = AtmOffset{};
  Price width = Price::from_units(50'000);
  OrderTerms terms;
  bool operator==(const IronButterflyParams&) const = default;
};

// buy (default) = long 1 at strike - width, short 2 at strike, long 1 at strike + width (one right).
struct ButterflyParams {
  ExpiryChoice expiry = TargetDte{};
  OptionRight right = OptionRight::call;
  Side side = Side::buy;
  StrikeChoice strike = AtmOffset{};
  Price width = Price::from_units(50'000);
  OrderTerms terms;
  bool operator==(const ButterflyParams&) const = default;
};

// buy (default) = long 1 `width` in the money of `strike`, short 2 at `strike`, long 1 `far_width` out of the
// money (far_width > width): calls K-w / K / K+fw, puts K+w / K / K-fw.
struct BrokenWingButterflyParams {
  ExpiryChoice expiry = TargetDte{};
  OptionRight right = OptionRight::put;
  Side side = Side::buy;
  StrikeChoice strike = AtmOffset{};
  Price width = Price::from_units(50'000);
  Price far_width = Price::from_units(100'000);
  OrderTerms terms;
  bool operator==(const BrokenWingButterflyParams&) const = default;
};

// buy (default) = long call and long put at `strike`.
struct StraddleParams {
  ExpiryChoice expiry = TargetDte{};
  Side side = Side::buy;
  StrikeChoice strike = AtmOffset{};
  OrderTerms terms;
  bool operator==(const StraddleParams&) const = default;
};

// buy (default) = long put at `put_strike`, long call at `call_strike` (put strike below call strike).
struct StrangleParams {
  ExpiryChoice expiry = TargetDte{};
  Side side = Side::buy;
  StrikeChoice put_strike = TargetDelta{0.25};
  StrikeChoice call_strike = TargetDelta{0.25};
  OrderTerms terms;
  bool operator==(const StrangleParams&) const = default;
};

// buy (default) = short `near_expiry`, long `far_expiry`, same right and strike (chosen on the near expiry,
// must be listed on the far one).
struct CalendarParams {
  ExpiryChoice near_expiry = TargetDte{30};
  ExpiryChoice far_expiry = TargetDte{60};
  OptionRight right = OptionRight::call;
  Side side = Side::buy;
  StrikeChoice strike = AtmOffset{};
  OrderTerms terms;
  bool operator==(const CalendarParams&) const = default;
};

// buy (default) = short `near_strike` on `near_expiry`, long `far_strike` on `far_expiry`, same right.
struct DiagonalParams {
  ExpiryChoice near_expiry = TargetDte{30};
  ExpiryChoice far_expiry = TargetDte{60};
  OptionRight right = OptionRight::call;
  Side side = Side::buy;
  StrikeChoice near_strike = TargetDelta{0.30};
  StrikeChoice far_strike = TargetDelta{0.50};
  OrderTerms terms;
  bool operator==(const DiagonalParams&) const = default;
};

// Long 1 at `strike`, short `ratio` `width` further out of the money (calls above, puts below).
struct RatioSpreadParams {
  ExpiryChoice expiry = TargetDte{};
  OptionRight right = OptionRight::call;
  StrikeChoice strike = AtmOffset{};
  Price width = Price::from_units(50'000);
  std::int32_t ratio = 2;  // 2..10
  OrderTerms terms;
  bool operator==(const RatioSpreadParams&) const = default;
};

// Short 1 at `strike`, long `ratio` `width` further out of the money (calls above, puts below).
struct BackspreadParams {
  ExpiryChoice expiry = TargetDte{};
  OptionRight right = OptionRight::call;
  StrikeChoice strike = AtmOffset{};
  Price width = Price::from_units(50'000);
  std::int32_t ratio = 2;  // 2..10
  OrderTerms terms;
  bool operator==(const BackspreadParams&) const = default;
};

// Short call at `strike` against shares: held already (default) or bought in the same order
// (`include_stock`: a buy-write, 100 shares per contract).
struct CoveredCallParams {
  ExpiryChoice expiry = TargetDte{};
  StrikeChoice strike = TargetDelta{0.30};
  bool include_stock = false;
  OrderTerms terms;
  bool operator==(const CoveredCallParams&) const = default;
};

// Long put at `strike` against shares held (or bought with it: `include_stock`).
struct ProtectivePutParams {
  ExpiryChoice expiry = TargetDte{};
  StrikeChoice strike = TargetDelta{0.30};
  bool include_stock = false;
  OrderTerms terms;
  bool operator==(const ProtectivePutParams&) const = default;
};

// Long put at `put_strike`, short call at `call_strike` (put below call) against shares (or with them).
struct CollarParams {
  ExpiryChoice expiry = TargetDte{};
  StrikeChoice put_strike = TargetDelta{0.25};
  StrikeChoice call_strike = TargetDelta{0.25};
  bool include_stock = false;
  OrderTerms terms;
  bool operator==(const CollarParams&) const = default;
};

// Short put at `strike`, secured by strike x 100 x quantity in cash (risk checks the cash).
struct CashSecuredPutParams {
  ExpiryChoice expiry = TargetDte{};
  StrikeChoice strike = TargetDelta{0.30};
  OrderTerms terms;
  bool operator==(const CashSecuredPutParams&) const = default;
};

// Short put at `put_strike`, short call at `call_strike`, long call `call_width` above it (put below call).
// No upside risk when the credit is at least call_width.
struct JadeLizardParams {
  ExpiryChoice expiry = TargetDte{};
  StrikeChoice put_strike = TargetDelta{0.30};
  StrikeChoice call_strike = TargetDelta{0.20};
  Price call_width = Price::from_units(50'000);
  OrderTerms terms;
  bool operator==(const JadeLizardParams&) const = default;
};

using TemplateParams =
    std::variant<SingleParams, VerticalParams, IronCondorParams, IronButterflyParams, ButterflyParams,
                 BrokenWingButterflyParams, StraddleParams, StrangleParams, CalendarParams, DiagonalParams,
                 RatioSpreadParams, BackspreadParams, CoveredCallParams, ProtectivePutParams, CollarParams,
                 CashSecuredPutParams, JadeLizardParams>;

// The registry name of the template these parameters belong to ("vertical", "iron_condor", ...).
std::string_view template_name(const TemplateParams& params);

// ok, or invalid_argument naming the JSON field (e.g. "width", "strike.delta", "quantity").
Status validate(const TemplateParams& params);

}  // namespace nightdesk::strategy
