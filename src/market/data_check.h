// Data check: reads a quote file in either format and summarizes it (rows, underlyings, expiries, date
// range, bad rows with reasons, crossed and locked quotes). One thread; `nightdesk data check` prints it.
#pragma once

#include <functional>
#include <set>
#include <string>

#include "market/load_report.h"
#include "market/replay_feed.h"

namespace nightdesk::market {

struct DataCheckSummary {
  std::string path;
  DataFormat format = DataFormat::native_csv;
  LoadStats stats;  // rows, events, bad rows (first ones kept with reasons), crossed, locked
  std::uint64_t option_quotes = 0;
  std::uint64_t underlying_quotes = 0;
  std::set<std::string> underlyings;
  std::set<Date> expiries;
  Timestamp first_time{}, last_time{};

  // Bad data under --strict: any bad row or any crossed quote (locked quotes are normal).
  bool has_bad_data() const { return stats.bad_rows > 0 || stats.crossed > 0; }
  // A multi-line human summary.
  std::string describe() const;
};

struct DataCheckOptions {
  LoadOptions load;  // on_bad_row is forced to skip: a check reports every bad row
  // Called with bytes done and total bytes, every few thousand events.
  std::function<void(std::uint64_t, std::uint64_t)> progress;
};

// Reads the whole file. An error means the file could not be read at all (missing, no header).
Result<DataCheckSummary> check_data_file(const std::string& path, DataCheckOptions options);

}  // namespace nightdesk::market
