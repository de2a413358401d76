// Runs a quote-file reader over in-memory text and keeps everything it produced: the events, the load
// statistics, the bad-row reports and the error that stopped it. Shared by the reader tests.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/error.h"
#include "market/line_source.h"
#include "market/load_report.h"
#include "market/quote_event.h"

namespace nightdesk::market {

struct Loaded {
  std::vector<QuoteEvent> events;
  LoadStats stats;
  std::vector<std::string> reports;
  std::optional<Error> error;
};

// Reader: NativeCsvReader or OptionsDxReader (anything with open(LineSource, LoadOptions) and next/stats).
template <class Reader>
Loaded load_with(const std::string& text, OnBadRow policy, const std::string& file_name) {
  Loaded out;
  LoadOptions options;
  options.on_bad_row = policy;
  options.report_bad_row = [&](const BadRow& b) { out.reports.push_back(b.describe()); };
  auto reader = Reader::open(LineSource::from_memory(text, file_name, 4096), options);
  if (!reader) {
    out.error = reader.error();
    return out;
  }
  QuoteEvent e;
  while (true) {
    auto got = (*reader)->next(e);
    if (!got) {
      out.error = got.error();
      break;
    }
    if (!*got) break;
    out.events.push_back(e);
  }
  out.stats = (*reader)->stats();
  return out;
}

}  // namespace nightdesk::market
