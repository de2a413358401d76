#include "overnight/agent_output_scanner.h"

// GCC 12 reports a false -Wmaybe-uninitialized inside <regex>'s NFA builder under -fsanitize=address;
// it is in the library's code, not ours, so it is silenced for this file only.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#include <algorithm>
#include <cctype>
#include <regex>

#include <nlohmann/json.hpp>

namespace nightdesk::overnight {

struct AgentOutputScanner::Patterns {
  std::vector<std::regex> rate_limit, auth_failure, completion;
};

namespace {

using nlohmann::json;

std::string evidence_of(std::string_view text) {
  constexpr std::size_t kMax = 200;
  return std::string(text.substr(0, kMax)) + (text.size() > kMax ? "…" : "");
}

std::string_view first_non_space(std::string_view line) {
  auto at = line.find_first_not_of(" \t");
  return at == std::string_view::npos ? std::string_view{} : line.substr(at);
}

// A reset time from a captured number: epoch seconds, or milliseconds when it is too large for seconds.
std::optional<Timestamp> reset_from_digits(const std::string& digits) {
  if (digits.empty() || digits.size() > 15 || !std::all_of(digits.begin(), digits.end(), ::isdigit)) {
    return std::nullopt;
  }
  long long value = std::stoll(digits);
  if (value > 100'000'000'000LL) value /= 1000;
  return Timestamp{std::chrono::seconds{value}};
}

std::optional<Timestamp> reset_from_json(const json& value) {
  if (value.is_number_integer() || value.is_number_unsigned()) {
    return Timestamp{std::chrono::seconds{value.get<long long>()}};
  }
  if (value.is_number_float()) return Timestamp{std::chrono::seconds{static_cast<long long>(value.get<double>())}};
  if (value.is_string()) return reset_from_digits(value.get<std::string>());
  return std::nullopt;
}

// The error text of an `error` field that is either a string or an object with a message.
std::optional<std::string> error_text(const json& event, const char* key) {
  auto it = event.find(key);
  if (it == event.end()) return std::nullopt;
  if (it->is_string()) return it->get<std::string>();
  if (it->is_object()) {
    auto message = it->find("message");
    if (message != it->end() && message->is_string()) return message->get<std::string>();
  }
  return std::nullopt;
}

Result<std::vector<std::regex>> compile(const std::vector<std::string>& patterns, const char* field) {
  std::vector<std::regex> out;
  for (std::size_t i = 0; i < patterns.size(); ++i) {
    try {
      out.emplace_back(patterns[i], std::regex::ECMAScript | std::regex::icase);
    } catch (const std::regex_error& e) {
      return fail(ErrorCode::invalid_argument, "bad pattern '" + patterns[i] + "': " + e.what(),
                  std::string(field) + "[" + std::to_string(i) + "]");
    }
  }
  return out;
}

}  // namespace

ScannerConfig default_scanner_config() {
  ScannerConfig config;
  config.rate_limit_patterns = {
      R"(^Claude AI usage limit reached\|?(\d+)?)",
      R"(^(Error: )?(5-hour |weekly )?usage limit reached)",
      R"(^(Error: )?You've hit your (usage )?limit)",
      R"(^(Error: )?Rate limit(ed)? exceeded)",
  };
  config.auth_failure_patterns = {
      R"(^(Error: )?Invalid API key)",
      R"(^API Error: 401\b)",
      R"(^(Error: )?Please run /login)",
      R"(^(Error: )?OAuth token has expired)",
      R"(^(Error: )?(authentication_error|Authentication failed))",
  };
  return config;
}

Result<AgentOutputScanner> AgentOutputScanner::create(ScannerConfig config) {
  AgentOutputScanner scanner;
  scanner.max_text_bytes_ = std::max<std::size_t>(1, config.max_text_bytes);
  auto patterns = std::make_shared<Patterns>();
  struct Group {
    const std::vector<std::string>& patterns;
    const char* field;
    std::vector<std::regex>& target;
  };
  Group groups[] = {{config.rate_limit_patterns, "rate_limit_patterns", patterns->rate_limit},
                    {config.auth_failure_patterns, "auth_failure_patterns", patterns->auth_failure},
                    {config.completion_patterns, "completion_patterns", patterns->completion}};
  for (auto& group : groups) {
    auto compiled = compile(group.patterns, group.field);
    if (!compiled) return std::unexpected(compiled.error());
    group.target = std::move(*compiled);
  }
  scanner.patterns_ = std::move(patterns);
  return scanner;
}

void AgentOutputScanner::scan(std::string_view line, Timestamp seen_at) {
  std::string_view body = first_non_space(line);
  if (body.empty()) return;
  if (body.front() == '{' || body.front() == '[') {
    scan_event(body, seen_at);
    return;
  }
  ++findings_.text_lines;
  scan_status_text(line, seen_at);  // unstripped: an indented (echoed) line must not meet a ^ anchor
}

void AgentOutputScanner::scan_event(std::string_view line, Timestamp seen_at) {
  json event = json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (event.is_discarded() || !event.is_object()) {
    ++findings_.ignored_lines;
    return;
  }
  ++findings_.event_lines;
  auto type_it = event.find("type");
  std::string type = type_it != event.end() && type_it->is_string() ? type_it->get<std::string>() : "";

  if (type == "rate_limit_event") {
    auto info = event.find("rate_limit_info");
    if (info == event.end() || !info->is_object()) return;
    auto status = info->find("status");
    std::string status_text = status != info->end() && status->is_string() ? status->get<std::string>() : "";
    if (status_text != "rejected") {
      // allowed / allowed_warning: whatever limit was reported before no longer blocks.
      if (findings_.rate_limit) ++findings_.stale_rate_limit_signals;
      findings_.rate_limit.reset();
      return;
    }
    auto resets = info->find("resetsAt");
    std::optional<Timestamp> resets_at = resets != info->end() ? reset_from_json(*resets) : std::nullopt;
    if (resets_at && *resets_at <= seen_at) {
      ++findings_.stale_rate_limit_signals;  // already reset when reported: nothing to wait for
      return;
    }
    findings_.rate_limit = RateLimitSignal{resets_at, seen_at, true, evidence_of(line)};
    return;
  }
  if (type == "assistant" && findings_.rate_limit) {
    // The model answered after the limit was reported, so the limit is not blocking this session.
    ++findings_.stale_rate_limit_signals;
    findings_.rate_limit.reset();
    return;
  }
  if (type == "result") {
    ++findings_.result_records;
    auto cost = event.find("total_cost_usd");
    if (cost != event.end() && cost->is_number()) findings_.cost_usd = cost->get<double>();
    auto is_error = event.find("is_error");
    findings_.result_is_error = is_error != event.end() && is_error->is_boolean() && is_error->get<bool>();
    auto result = event.find("result");
    if (result != event.end() && result->is_string()) scan_status_text(result->get_ref<const std::string&>(), seen_at);
    if (auto error = error_text(event, "error")) scan_status_text(*error, seen_at);
    return;
  }
  if (type == "error" || type == "system") {
    if (auto error = error_text(event, "error")) scan_status_text(*error, seen_at);
    if (type == "error") {
      if (auto message = error_text(event, "message")) scan_status_text(*message, seen_at);
    }
  }
}

void AgentOutputScanner::scan_status_text(std::string_view text, Timestamp seen_at) {
  // std::regex recurses per character; bounding the text keeps a huge line from exhausting the stack.
  std::string bounded(text.substr(0, max_text_bytes_));
  std::smatch match;
  for (const auto& pattern : patterns_->rate_limit) {
    if (!std::regex_search(bounded, match, pattern)) continue;
    std::optional<Timestamp> resets_at = match.size() > 1 && match[1].matched ? reset_from_digits(match[1].str()) : std::nullopt;
    if (resets_at && *resets_at <= seen_at) {
      ++findings_.stale_rate_limit_signals;
    } else {
      findings_.rate_limit = RateLimitSignal{resets_at, seen_at, false, evidence_of(text)};
    }
    break;
  }
  for (const auto& pattern : patterns_->auth_failure) {
    if (std::regex_search(bounded, pattern)) {
      findings_.auth_failure = evidence_of(text);
      break;
    }
  }
  for (const auto& pattern : patterns_->completion) {
    if (std::regex_search(bounded, pattern)) {
      findings_.completion_claim = evidence_of(text);
      break;
    }
  }
}

Timestamp wake_up_time(const RateLimitSignal& signal, Timestamp now, const WakeUpConfig& config, double unit_random) {
  Timestamp target = signal.resets_at.value_or(now + config.default_wait);
  target = std::clamp(target, now + config.min_wait, now + std::max(config.max_wait, config.min_wait));
  double u = std::clamp(unit_random, 0.0, 1.0);
  auto jitter = std::chrono::duration_cast<Nanoseconds>(std::chrono::duration<double>(
      u * static_cast<double>(config.jitter_max.count())));
  return target + jitter;
}

}  // namespace nightdesk::overnight
