// kill -9 of the real binary during a replay with smart walks and fills, again and again on one data
// directory, then a run to the end: everything acknowledged before each kill is in the journal, no client
// order id was created or submitted twice, the journal rebuilds through the state machine, and the paper
// venue's persisted books equal what the journaled fills add up to.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "common/atomic_file.h"
#include "store/journal_backend.h"
#include "store/order_rebuild.h"
#include "store/order_records.h"
#include "store/record_kind.h"
#include "store/venue_records.h"
#include "support/paths.h"
#include "support/temp_dir.h"

namespace nightdesk::store {
namespace {

using nightdesk::testing::binary_path;
using nightdesk::testing::source_dir;

// Starts `nightdesk run` on `dir`; returns its pid. Its output goes to `dir`/run-<n>.log.
pid_t start_run(const std::filesystem::path& dir, int n) {
  const std::string binary = binary_path("nightdesk");
  const std::string config = (source_dir() / "config/nightdesk.yaml").string();
  const std::string orders = (source_dir() / "tests/store/data/kill_orders.jsonl").string();
  const std::string data_dir = (dir / "engine").string();
  const std::string acks = (dir / "acks.log").string();
  const std::string log = (dir / ("run-" + std::to_string(n) + ".log")).string();
  pid_t pid = ::fork();
  if (pid == 0) {
    FILE* out = std::freopen(log.c_str(), "w", stdout);
    if (out) ::dup2(::fileno(stdout), 2);
    ::execl(binary.c_str(), binary.c_str(), "run", "--config", config.c_str(), "--data-dir", data_dir.c_str(), "--synthetic", "7",
            "--days", "2", "--orders", orders.c_str(), "--ack-log", acks.c_str(), "--venue-snapshot-seconds", "600", nullptr);
    ::_exit(127);
  }
  return pid;
}

std::map<pid_t, int> g_exited;  // statuses has_exited() reaped

std::string name_of(const market::Instrument& i) { return i.symbol().value_or(i.underlying); }

// The exit code, or minus the signal that ended it. Reaps `pid` (also when has_exited() saw it end first).
int wait_exit(pid_t pid) {
  int status = 0;
  if (auto it = g_exited.find(pid); it != g_exited.end()) {
    status = it->second;
  } else {
    ::waitpid(pid, &status, 0);
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

// Whether `pid` has ended (then reaped; wait_exit() still reports how).
bool has_exited(pid_t pid) {
  int status = 0;
  if (::waitpid(pid, &status, WNOHANG) != pid) return false;
  g_exited[pid] = status;
  return true;
}

// Lines in the acknowledgement log the runs append to.
std::size_t ack_lines(const std::filesystem::path& dir) {
  std::ifstream in(dir / "acks.log");
  std::size_t lines = 0;
  for (std::string line; std::getline(in, line);) ++lines;
  return lines;
}

struct JournalFacts {
  std::map<std::string, int> created, submits;           // per client order id
  std::set<std::pair<std::string, std::string>> fills;   // (client order id, fill id)
  std::map<std::string, std::int64_t> net_contracts;  // from the fills
  std::optional<VenueSnapshot> last_venue;
  bool venue_is_last = false;
  std::size_t records = 0;
};

// Issue 7 (fixed): a kill between an order's creation record and its first transition left the order created
// and never decided, open in the journal forever. Creation and first transition now commit together, and
// recovery rejects such an order as unsent (docs/RECOVERY.md, reject_unsent). Many phases of the kill:
//   build/tests/store_tests --gtest_filter='KillRestart*' --gtest_repeat=20
TEST(KillRestart, KilledAtRandomMomentsDuringAReplay_LosesNothingAcknowledgedAndSendsNothingTwice) {
  ASSERT_TRUE(std::filesystem::exists(binary_path("nightdesk"))) << binary_path("nightdesk");
  nightdesk::testing::TempDir dir;
  std::mt19937 random(20250102);
  // A kill lands after a random number of new acknowledgements (1-6 of the run's 144) plus a random 0-30 ms,
  // so every run is cut off mid-replay however fast the machine is, at varying phases of a walk or a commit.
  std::uniform_int_distribution<int> acks_before_kill(1, 6);
  std::uniform_int_distribution<int> extra_ms(0, 30);
  int runs = 0, killed = 0;
  for (; runs < 8; ++runs) {
    const std::size_t target = ack_lines(dir.path()) + static_cast<std::size_t>(acks_before_kill(random));
    pid_t pid = start_run(dir.path(), runs);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (ack_lines(dir.path()) < target && !has_exited(pid) && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    std::this_thread::sleep_for(std::chrono::milliseconds(extra_ms(random)));
    ::kill(pid, SIGKILL);
    killed += wait_exit(pid) == -SIGKILL;
  }
  EXPECT_GE(killed, 3) << "the runs ended before the kills: the test proves little";
  pid_t last = start_run(dir.path(), runs);
  ASSERT_EQ(wait_exit(last), 0) << "the final run failed; it said:\n"
                                << read_file(dir / ("run-" + std::to_string(runs) + ".log")).value_or("(no log)");

  // What the journal holds, read as another process would.
  JournalFacts facts;
  auto journal = open_journal("sqlite://" + (dir / "engine/journal.db").string(), OpenMode::reader);
  ASSERT_TRUE(journal) << journal.error().describe();
  execution::OrderRegistry rebuilt;
  OrderRebuilder rebuilder(rebuilt);
  std::map<std::string, execution::OrderRequest> requests;
  Status read = (*journal)->read(0, [&](const JournalRecord& r) -> Status {
    ++facts.records;
    facts.venue_is_last = r.entry.kind == kinds::kVenueState;
    if (auto s = rebuilder.apply(r); !s) return s;
    if (r.entry.kind == kinds::kOrderCreated) {
      ++facts.created[r.entry.entity_id];
      requests[r.entry.entity_id] = decode_order_created(r.entry)->request;
    } else if (r.entry.kind == kinds::kOrderEvent) {
      facts.submits[r.entry.entity_id] += decode_order_event(r.entry)->transition.event == execution::OrderEvent::submit;
    } else if (r.entry.kind == kinds::kFill) {
      auto f = decode_fill(r.entry);
      facts.fills.insert({f->fill.client_order_id.value(), f->fill.fill_id});
      const auto& leg = requests.at(r.entry.entity_id).legs.at(f->fill.leg);
      facts.net_contracts[name_of(leg.instrument)] +=
          leg.side == execution::Side::buy ? f->fill.quantity.count() : -f->fill.quantity.count();
    } else if (r.entry.kind == kinds::kVenueState) {
      facts.last_venue = *decode_venue_snapshot(r.entry);
    }
    return ok();
  });
  ASSERT_TRUE(read) << read.error().describe();  // the journal replays through the state machine
  ASSERT_TRUE(rebuilder.finish()) << rebuilder.finish().error().describe();

  // Nothing sent twice: one creation and at most one submit per client order id, across every restart.
  for (const auto& [id, n] : facts.created) EXPECT_EQ(n, 1) << id << " created " << n << " times";
  for (const auto& [id, n] : facts.submits) EXPECT_LE(n, 1) << id << " submitted " << n << " times";
  EXPECT_GT(facts.fills.size(), 0u);

  // Nothing acknowledged lost: every ack written before any kill names a journaled order or fill.
  std::ifstream acks(dir / "acks.log");
  std::string line;
  std::size_t acked_orders = 0, acked_fills = 0;
  while (std::getline(acks, line)) {
    std::istringstream words(line);
    std::string what, a, b;
    words >> what >> a >> b;
    if (what == "order") {
      ++acked_orders;
      EXPECT_EQ(facts.created.count(a), 1u) << "acknowledged order " << a << " is not in the journal";
    } else if (what == "fill") {
      ++acked_fills;
      EXPECT_EQ(facts.fills.count({b, a}), 1u) << "acknowledged fill " << a << " of " << b << " is not in the journal";
    }
  }
  EXPECT_GT(acked_orders, 0u);
  EXPECT_GT(acked_fills, 0u);

  // The venue's persisted books equal the journaled fills, and its open orders the journal's working ones.
  ASSERT_TRUE(facts.last_venue);
  EXPECT_TRUE(facts.venue_is_last) << "the final run ends with a venue snapshot";
  std::map<std::string, std::int64_t> held;
  for (const auto& p : facts.last_venue->state.ledger.positions) held[name_of(p.instrument)] = p.quantity.count();
  std::erase_if(facts.net_contracts, [](const auto& kv) { return kv.second == 0; });
  EXPECT_EQ(held, facts.net_contracts);
  std::set<std::string> venue_open, journal_open;
  for (const auto& o : facts.last_venue->state.open_orders) venue_open.insert(o.request.client_order_id.value());
  for (const execution::Order* o : rebuilt.open_orders()) journal_open.insert(o->client_order_id().value());
  EXPECT_EQ(venue_open, journal_open);
}

}  // namespace
}  // namespace nightdesk::store
