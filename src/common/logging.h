// Process-wide logging on spdlog: human text or JSON lines, to stderr. Configure once at start-up
// (from main); logging itself is thread-safe.
#pragma once

#include <spdlog/formatter.h>
#include <spdlog/spdlog.h>

#include <string_view>

#include "common/error.h"

namespace nightdesk {

enum class LogFormat { text, json };

Result<LogFormat> parse_log_format(std::string_view text);
// Accepts trace, debug, info, warn/warning, error, critical, off (any case).
Result<spdlog::level::level_enum> parse_log_level(std::string_view text);

// Replaces the default logger with one writing `format` to stderr at `level`.
void configure_logging(LogFormat format, spdlog::level::level_enum level);

// One JSON object per line: {"ts":"…Z","level":"info","logger":"…","thread":N,"msg":"…"}.
class JsonLineFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override;
  std::unique_ptr<spdlog::formatter> clone() const override;
};

}  // namespace nightdesk
