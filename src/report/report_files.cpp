#include "report/report_files.h"

#include <system_error>

#include "common/atomic_file.h"
#include "report/report_html.h"
#include "report/report_json.h"

namespace nightdesk::report {

Status write_report_files(const std::filesystem::path& directory, const BacktestResult& result, const RunInfo& info) {
  std::error_code ec;
  std::filesystem::create_directories(directory, ec);
  if (ec) return fail(ErrorCode::io_error, "cannot create the report directory: " + ec.message(), directory.string());
  if (auto written = write_file_atomically(directory / "report.json", report_json(result, info)); !written) return written;
  return write_file_atomically(directory / "report.html", report_html(result, info));
}

}  // namespace nightdesk::report
