// Recovery at start-up: rebuilds the engine from its journal and reconciles it with the paper venue, by
// the rules in docs/RECOVERY.md. Two steps around attaching the DeskJournal: rebuild_desk() before it
// (orders, venue, positions: nothing it does is journaled again), reconcile_desk() after it (every
// resolution is an order transition or breaker command, journaled like any other). Start-up, engine thread.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/error.h"
#include "risk/circuit_breaker.h"
#include "store/desk_journal.h"
#include "store/journal_replay.h"
#include "store/position_records.h"
#include "store/venue_records.h"

namespace nightdesk::store {

struct RecoveryReport {
  ReplaySummary replay;
  std::size_t orders = 0;       // rebuilt
  std::size_t open_orders = 0;  // not terminal after the rebuild
  std::size_t fills = 0;        // replayed into the positions
  std::size_t management_changes = 0;  // a person's changes applied again to their positions
  std::size_t venue_fills_rolled_forward = 0;  // journaled after the venue's last snapshot
  std::optional<Timestamp> last_time;          // engine time of the journal's last record
  std::optional<risk::BreakerTransition> breaker;  // the last journaled transition
  std::size_t exits_finished = 0;  // restored exits whose order had ended before the stop (reconcile_desk)
  std::vector<std::pair<std::string, std::string>> unfinished_rolls;  // position id, the roll's last order
  std::vector<std::string> differences;  // "rule: detail", one per difference found and resolved
  // For reconcile_desk(): the venue's snapshot, and the last position record per position.
  std::optional<VenueSnapshot> venue_snapshot;
  std::map<std::string, PositionChange, std::less<>> last_positions;
};

// Reads the whole journal and rebuilds: the orders into parts.orders (OrderRebuilder, then adopted), the
// venue as its last snapshot rolled forward by the orders and fills journaled after it, and the positions
// by replaying every journaled fill through the desk (on the bus, before the journal listens). Errors: the
// journal does not read or does not replay (a transition the state machine refuses, a fill no event
// applied): recovery stops rather than guess. With `desk`, each person's management change (PATCH) is applied
// again between the fills it came between, so positions keep their own settings and manager; one that no
// longer applies is a difference ("management_not_applied"). Then each position's journaled management
// history is restored with the exit memory replayed from it (TradingDesk::restore_management); a roll it
// shows unfinished is listed for reconcile_desk().
Result<RecoveryReport> rebuild_desk(JournalBackend& journal, DeskParts parts, engine::TradingDesk* desk = nullptr);

// Resolves what the rebuild left open, with the DeskJournal attached (each resolution is journaled), and
// compares the rebuilt positions with their last journaled records. Adds each difference to `report`.
// With `desk`: the open orders become the desk's again, restored exits whose order ended are finished
// (TradingDesk::resume_after_recovery), and a position with an unfinished roll is handed to manual
// ("roll_interrupted").
Status reconcile_desk(RecoveryReport& report, DeskParts parts, engine::TradingDesk* desk);

}  // namespace nightdesk::store
