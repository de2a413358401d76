// OptionChain: one underlying's options at one instant, by expiry → strike → right, with the lookups a
// strategy needs (expiry nearest a DTE, ATM strike, strike nearest a delta). A snapshot value: build
// it on one thread, then share it read-only.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/option_right.h"
#include "market/quote_event.h"

namespace nightdesk::market {

// One side (call or put) of one strike: the quote and whatever the source said besides.
struct OptionQuote {
  Quote quote;
  std::optional<std::int64_t> volume;
  std::optional<std::int64_t> open_interest;
  std::optional<double> iv;
  std::optional<double> delta;
};

struct StrikeRow {
  Price strike;
  std::optional<OptionQuote> call;
  std::optional<OptionQuote> put;

  const std::optional<OptionQuote>& side(OptionRight right) const { return right == OptionRight::call ? call : put; }
  std::optional<OptionQuote>& side(OptionRight right) { return right == OptionRight::call ? call : put; }
};

// The strikes of one expiry, ascending.
class ExpirySlice {
 public:
  explicit ExpirySlice(Date expiry) : expiry_(expiry) {}
  Date expiry() const { return expiry_; }
  const std::vector<StrikeRow>& strikes() const { return rows_; }
  const StrikeRow* find(Price strike) const;
  // Inserts the strike if new; keeps the order.
  StrikeRow& row(Price strike);

  // The listed strike closest to `spot` (ties go to the lower strike); nullopt when there are none.
  std::optional<Price> atm_strike(Price spot) const;
  // The strike whose `right` side has a delta closest to `target` (a put's delta is negative: ask for
  // -0.30, not 0.30). Sides without a delta are ignored; nullptr when none has one.
  const StrikeRow* strike_nearest_delta(OptionRight right, double target) const;

 private:
  Date expiry_;
  std::vector<StrikeRow> rows_;
};

class OptionChain {
 public:
  OptionChain() = default;
  explicit OptionChain(std::string underlying) : underlying_(std::move(underlying)) {}

  const std::string& underlying() const { return underlying_; }
  Timestamp as_of() const { return as_of_; }
  const std::optional<Quote>& underlying_quote() const { return underlying_quote_; }
  // The underlying's price for moneyness: its mark (mid, else last).
  std::optional<Price> spot() const;
  const std::map<Date, ExpirySlice>& expiries() const { return expiries_; }
  const ExpirySlice* expiry(Date date) const;
  std::size_t option_count() const;

  // Applies one event of this underlying (an option quote or the underlying's own quote).
  void apply(const QuoteEvent& event);
  // Drops expiries before `today` (they have expired).
  void drop_expired(Date today);

  // The expiry whose calendar days from `today` are closest to `target_dte`, ignoring expiries before
  // today; ties go to the earlier expiry. nullptr when there is none.
  const ExpirySlice* expiry_nearest_dte(Date today, int target_dte) const;
  // ATM strike of `expiry` against the current spot; nullopt without a spot or strikes.
  std::optional<Price> atm_strike(const ExpirySlice& expiry) const;

 private:
  std::string underlying_;
  Timestamp as_of_{};
  std::optional<Quote> underlying_quote_;
  std::map<Date, ExpirySlice> expiries_;
};

// Calendar days from `from` to `to` (negative when `to` is earlier).
int calendar_days_between(Date from, Date to);

}  // namespace nightdesk::market
