// InstrumentKey: what identifies a quoted instrument (symbol, and for options expiry, strike and right),
// without the contract terms (style, settlement, multiplier) a quote does not carry. Plain value.
// Maps keyed by it (InstrumentKeyHash, InstrumentKeyEqual) are searched with a market::Instrument or a
// market::QuoteEvent directly: a lookup neither copies the symbol nor builds a key.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/short_string_hash.h"
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

// The identifying fields of an instrument, read in place (an underlying's option fields do not count).
struct InstrumentKeyView {
  market::InstrumentKind kind = market::InstrumentKind::underlying;
  std::string_view underlying;
  Date expiry{};
  Price strike;
  OptionRight right = OptionRight::call;
  bool operator==(const InstrumentKeyView&) const = default;
};

inline InstrumentKeyView key_view(const InstrumentKey& k) { return {k.kind, k.underlying, k.expiry, k.strike, k.right}; }
inline InstrumentKeyView key_view(const InstrumentKeyView& k) { return k; }
// A market::Instrument or a market::QuoteEvent.
template <class Quoted>
  requires requires(const Quoted& q) { q.is_option(); }
InstrumentKeyView key_view(const Quoted& q) {
  if (q.is_option()) return {q.kind, q.underlying, q.expiry, q.strike, q.right};
  return {q.kind, q.underlying, Date{}, Price{}, OptionRight::call};
}

// The symbol's short_string_hash and one multiply per field: every quote is looked up in several of these
// maps, and std::hash's Murmur plus a calendar conversion of the expiry cost ~3x more.
struct InstrumentKeyHash {
  using is_transparent = void;
  std::size_t operator()(const InstrumentKeyView& k) const noexcept {
    std::uint64_t h = short_string_hash(k.underlying);
    const std::uint64_t date = (static_cast<std::uint64_t>(static_cast<std::uint32_t>(static_cast<int>(k.expiry.year()))) << 16) |
                               (static_cast<std::uint64_t>(static_cast<unsigned>(k.expiry.month())) << 8) |
                               static_cast<std::uint64_t>(static_cast<unsigned>(k.expiry.day()));
    h = (h ^ date) * 0x9e3779b97f4a7c15ULL;
    h = (h ^ static_cast<std::uint64_t>(k.strike.units())) * 0xc2b2ae3d27d4eb4fULL;
    h ^= (static_cast<std::uint64_t>(k.kind) << 1 | static_cast<std::uint64_t>(k.right)) * 0x165667b19e3779f9ULL;
    return static_cast<std::size_t>(h ^ (h >> 32));
  }
  template <class Keyed>
  std::size_t operator()(const Keyed& k) const noexcept {
    return (*this)(key_view(k));
  }
};

struct InstrumentKeyEqual {
  using is_transparent = void;
  template <class A, class B>
  bool operator()(const A& a, const B& b) const noexcept {
    return key_view(a) == key_view(b);
  }
};

}  // namespace nightdesk::broker
