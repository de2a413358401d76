#include "market/instrument.h"

#include "common/occ_symbol.h"

namespace nightdesk::market {

Instrument Instrument::stock(std::string symbol) {
  Instrument i;
  i.kind = InstrumentKind::underlying;
  i.underlying = std::move(symbol);
  i.multiplier = 1;
  return i;
}

Instrument Instrument::option(std::string underlying, Date expiry, Price strike, OptionRight right) {
  Instrument i;
  i.kind = InstrumentKind::option;
  i.underlying = std::move(underlying);
  i.expiry = expiry;
  i.strike = strike;
  i.right = right;
  return i;
}

Result<std::string> Instrument::symbol() const {
  if (!is_option()) return underlying;
  return OccSymbol{underlying, expiry, right, strike}.to_padded();
}

}  // namespace nightdesk::market
