// VenueLedger: the paper venue's own books: positions per instrument and the cash balance, moved only by
// trades (fills, settlements). It is also what reconciliation compares the engine's journal against.
// Owned by the PaperVenue; engine thread only.
#pragma once

#include <unordered_map>
#include <vector>

#include "broker/broker.h"
#include "broker/instrument_key.h"

namespace nightdesk::broker {

// The ledger's persistable content. cash is a balance (receipts add, payments and fees subtract), unlike
// the debit-positive cash flows on Money elsewhere.
struct LedgerState {
  std::vector<BrokerPosition> positions;  // open positions only (flat ones leave; their P&L stays in realized_pnl)
  Money cash;
  Money fees_paid;
  Money realized_pnl;  // all closed trades and settlements, before fees
  bool operator==(const LedgerState&) const = default;
};

class VenueLedger {
 public:
  explicit VenueLedger(Money starting_cash = Money{}) { state_.cash = starting_cash; }

  // Books `quantity` contracts or shares (bought positive, sold negative) at `price` per share, paying
  // `fees`. Closing part of a position realizes (proceeds - its share of cost). Returns the P&L realized.
  // An overflow is an error and changes nothing.
  Result<Money> apply_trade(const market::Instrument& instrument, Quantity quantity, Price price, Money fees);

  // The open position in `instrument` (by InstrumentKey); nullptr when flat.
  const BrokerPosition* find(const InstrumentKey& key) const;
  const LedgerState& state() const { return state_; }
  void restore(LedgerState state);

 private:
  void reindex();
  LedgerState state_;
  std::unordered_map<InstrumentKey, std::size_t, InstrumentKeyHash, InstrumentKeyEqual> index_;  // into state_.positions
};

}  // namespace nightdesk::broker
