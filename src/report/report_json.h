// The report.json document (schema in docs/REPORT.md): a BacktestResult and its RunInfo as JSON with a
// fixed key order and fixed number formatting, so the same result always gives the same bytes (only
// run.generated_at follows the clock). Money is an exact decimal string (USD); ratios and Greeks are
// numbers rounded to 8 decimal places; absent values are null. Pure; any thread.
#pragma once

#include <string>

#include "report/backtest_result.h"
#include "report/run_info.h"

namespace nightdesk::report {

inline constexpr int kReportSchemaVersion = 1;

// The document, pretty-printed with two-space indents and a final newline.
std::string report_json(const BacktestResult& result, const RunInfo& info);

}  // namespace nightdesk::report
