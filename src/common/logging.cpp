#include "common/logging.h"

#include <spdlog/sinks/stdout_sinks.h>

#include <nlohmann/json.hpp>

#include "common/time.h"

namespace nightdesk {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

}  // namespace

Result<LogFormat> parse_log_format(std::string_view text) {
  std::string t = lower(text);
  if (t == "text") return LogFormat::text;
  if (t == "json") return LogFormat::json;
  return fail(ErrorCode::invalid_argument, "expected text or json, got '" + std::string(text) + "'", "logging.format");
}

Result<spdlog::level::level_enum> parse_log_level(std::string_view text) {
  std::string t = lower(text);
  if (t == "warn") t = "warning";  // spdlog names the level "warning"
  for (int l = spdlog::level::trace; l < spdlog::level::n_levels; ++l) {
    auto level = static_cast<spdlog::level::level_enum>(l);
    auto name = spdlog::level::to_string_view(level);
    if (t == std::string_view(name.data(), name.size())) return level;
  }
  return fail(ErrorCode::invalid_argument,
              "expected one of trace, debug, info, warn, error, critical, off; got '" + std::string(text) + "'",
              "logging.level");
}

void configure_logging(LogFormat format, spdlog::level::level_enum level) {
  auto logger = std::make_shared<spdlog::logger>("nightdesk", std::make_shared<spdlog::sinks::stderr_sink_mt>());
  if (format == LogFormat::json) {
    logger->set_formatter(std::make_unique<JsonLineFormatter>());
  } else {
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%fZ %^%-5l%$ %v", spdlog::pattern_time_type::utc);
  }
  logger->set_level(level);
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(std::move(logger));
}

void JsonLineFormatter::format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) {
  auto level = spdlog::level::to_string_view(msg.level);
  nlohmann::json line = {
      {"ts", format_iso8601(std::chrono::time_point_cast<Nanoseconds>(msg.time))},
      {"level", std::string(level.data(), level.size())},
      {"logger", std::string(msg.logger_name.data(), msg.logger_name.size())},
      {"thread", msg.thread_id},
      {"msg", std::string(msg.payload.data(), msg.payload.size())},
  };
  // Replace invalid UTF-8 instead of throwing: a log line must never take the process down.
  std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  text += '\n';
  dest.append(text.data(), text.data() + text.size());
}

std::unique_ptr<spdlog::formatter> JsonLineFormatter::clone() const { return std::make_unique<JsonLineFormatter>(); }

}  // namespace nightdesk
