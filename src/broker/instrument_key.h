// InstrumentKey: what identifies a quoted instrument (symbol, and for options expiry, strike and right),
// without the contract terms (style, settlement, multiplier) a quote does not carry. Plain value.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

#include "market/instrument.h"
#include "market/quote_event.h"

namespace nightdesk::broker {

struct InstrumentKey {
  market::InstrumentKind kind = market::InstrumentKind::underlying;
  std::string underlying;
  Date expiry{};
  Price strike;
  OptionRight right = OptionRight::call;

  static InstrumentKey of(const market::Instrument& i) {
    return i.is_option() ? InstrumentKey{i.kind, i.underlying, i.expiry, i.strike, i.right}
                         : InstrumentKey{i.kind, i.underlying, Date{}, Price{}, OptionRight::call};
  }
  static InstrumentKey of(const market::QuoteEvent& e) {
    return e.is_option() ? InstrumentKey{e.kind, e.underlying, e.expiry, e.strike, e.right}
                         : InstrumentKey{e.kind, e.underlying, Date{}, Price{}, OptionRight::call};
  }
  bool operator==(const InstrumentKey&) const = default;
};

struct InstrumentKeyHash {
  std::size_t operator()(const InstrumentKey& k) const noexcept {
    std::size_t h = std::hash<std::string>{}(k.underlying);
    auto mix = [&h](std::uint64_t v) { h ^= std::hash<std::uint64_t>{}(v) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2); };
    mix(static_cast<std::uint64_t>(k.kind));
    mix(static_cast<std::uint64_t>(std::chrono::sys_days{k.expiry}.time_since_epoch().count()));
    mix(static_cast<std::uint64_t>(k.strike.units()));
    mix(static_cast<std::uint64_t>(k.right));
    return h;
  }
};

}  // namespace nightdesk::broker
