// Writes a backtest's report.json and report.html into one directory (created if missing), each file
// replaced atomically. Called from the command's thread once the run has finished.
#pragma once

#include <filesystem>

#include "common/error.h"
#include "report/backtest_result.h"
#include "report/run_info.h"

namespace nightdesk::report {

// io_error naming the path when the directory cannot be made or a file cannot be written.
Status write_report_files(const std::filesystem::path& directory, const BacktestResult& result, const RunInfo& info);

}  // namespace nightdesk::report
