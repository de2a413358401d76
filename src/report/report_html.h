// report.html: one self-contained page for a backtest — summary, equity curve, drawdown, daily P&L,
// Greeks over time (hand-drawn inline SVG), P&L attribution by Greek, execution quality, trades and
// fills. Inline CSS only; no scripts, fonts, images or links to anything outside the file. Deterministic
// like report.json (only the generation time follows the clock). Pure; any thread.
#pragma once

#include <string>

#include "report/backtest_result.h"
#include "report/run_info.h"

namespace nightdesk::report {

// The ids of the page's sections, in order (tests check the page has each).
inline constexpr const char* kReportSections[] = {"summary", "equity", "drawdown", "daily-pnl", "greeks",
                                                  "attribution", "execution-quality", "trades", "fills"};

std::string report_html(const BacktestResult& result, const RunInfo& info);

}  // namespace nightdesk::report
