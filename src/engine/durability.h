// Durability: the engine's one seam to its journal. The OrderManager hands a request to the broker only
// from inside when_durable(), so every order the broker ever sees has its creation and transition committed
// first (a restart knows every client id that may have been sent and never sends it again). The store
// implements it (store::DeskJournal) and publishes Acknowledged once a record is durable. Engine thread only.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "common/time.h"
#include "execution/order_ids.h"

namespace nightdesk::engine {

class Durability {
 public:
  virtual ~Durability() = default;
  // Runs `then` on the engine thread once every journal record appended before this call is durable;
  // calls run in the order made. It may run before returning (nothing waiting, or a backtest's journal
  // that waits for the commit in place). After a failed commit it never runs: the request is withheld.
  virtual void when_durable(std::function<void()> then) = 0;
};

// Published on the loop's bus by the journal once an order (its creation and first transition) or a fill is
// durable: the engine's acknowledgement to the outside (API push, logs). Nothing is acknowledged before.
struct Acknowledged {
  enum class What : std::uint8_t { order, fill };
  What what = What::order;
  execution::ClientOrderId client_order_id;
  std::string fill_id;        // fills only
  std::uint64_t sequence = 0;  // the journal record that made it durable
  Timestamp time{};           // engine time of the thing acknowledged
};

}  // namespace nightdesk::engine
