// Journal records for positions: a position's state after each change (legs, costs, P&L; for audit and to
// check a rebuild against) and each management action the bot recorded on it. Encoders and decoders are
// pure; any thread.
#pragma once

#include <string>
#include <vector>

#include "common/error.h"
#include "common/fixed_point.h"
#include "common/time.h"
#include "market/instrument.h"
#include "portfolio/management_action.h"
#include "portfolio/position.h"
#include "store/journal_record.h"

namespace nightdesk::store {

struct PositionLegRecord {
  market::Instrument instrument;
  Quantity quantity;  // signed: long positive
  Money open_cost;    // what the open lots cost (debit positive)
  bool operator==(const PositionLegRecord&) const = default;
};

// A position right after a fill or settlement changed it. Money signs as on portfolio::Position.
struct PositionChange {
  std::string position_id;
  std::string underlying;
  portfolio::PositionSource source = portfolio::PositionSource::bot_managed;
  Timestamp opened{};
  Timestamp time{};
  std::string cause;                    // the fill id that changed it
  std::vector<PositionLegRecord> legs;  // open legs only; empty once flat
  Money entry_cost;
  Money realized_pnl;
  Money fees;
  bool operator==(const PositionChange&) const = default;
};

// One entry of a position's management history (portfolio::Position::history()).
struct ManagementRecord {
  std::string position_id;
  portfolio::ManagementAction action;
};
bool operator==(const ManagementRecord& a, const ManagementRecord& b);

// The record of `position` as it is now, changed at `time` by `cause`.
PositionChange position_change(const portfolio::Position& position, Timestamp time, std::string cause);

JournalEntry encode(const PositionChange& change);
JournalEntry encode(const ManagementRecord& record);
Result<PositionChange> decode_position_change(const JournalEntry& entry);
Result<ManagementRecord> decode_management_action(const JournalEntry& entry);

}  // namespace nightdesk::store
