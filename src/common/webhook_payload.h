// Webhook payloads: one alert shaped as a Discord or a Slack incoming-webhook JSON body, within each service's
// documented limits (Discord: content <= 2000 characters, <= 10 embeds, <= 6000 characters across embeds, field
// and title limits; Slack: text plus blocks, header <= 150, section text <= 3000, <= 10 fields of <= 2000).
// Pure functions; any thread.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace nightdesk {

enum class AlertSeverity { info, warning, error };

// What a person should read; the channel decides the layout.
struct AlertMessage {
  std::string title;                                        // one line: "run 20250101-0102 completed"
  std::string text;                                         // the detail; may be long (it is truncated)
  std::vector<std::pair<std::string, std::string>> fields;  // e.g. {"run", "…"}, {"repository", "…"}
  AlertSeverity severity = AlertSeverity::info;
};

// Discord limits (characters are Unicode code points).
inline constexpr std::size_t kDiscordContentMax = 2000;
inline constexpr std::size_t kDiscordEmbedsMax = 10;
inline constexpr std::size_t kDiscordEmbedsTotalMax = 6000;
inline constexpr std::size_t kDiscordTitleMax = 256;
inline constexpr std::size_t kDiscordDescriptionMax = 4096;
inline constexpr std::size_t kDiscordFieldsMax = 25;
inline constexpr std::size_t kDiscordFieldNameMax = 256;
inline constexpr std::size_t kDiscordFieldValueMax = 1024;
// Slack limits.
inline constexpr std::size_t kSlackTextMax = 3000;  // the fallback text, kept to a section's size
inline constexpr std::size_t kSlackHeaderMax = 150;
inline constexpr std::size_t kSlackSectionMax = 3000;
inline constexpr std::size_t kSlackFieldsMax = 10;
inline constexpr std::size_t kSlackFieldMax = 2000;
inline constexpr std::size_t kSlackBlocksMax = 50;

// {"content", "embeds": [one per message, at most 10, trimmed to 6000 characters in all], "allowed_mentions":
// {"parse": []}} so no text from a run pings anyone. Messages beyond the tenth are dropped (the content says so).
nlohmann::json discord_payload(const std::vector<AlertMessage>& messages);
inline nlohmann::json discord_payload(const AlertMessage& message) {
  return discord_payload(std::vector<AlertMessage>{message});
}
// {"text": fallback, "blocks": [header, section with the text, section with the fields]} per message; text
// escaped for mrkdwn (&, <, >). Several messages share one post up to Slack's 50 blocks (a divider between
// them); the fallback text lists every title.
nlohmann::json slack_payload(const std::vector<AlertMessage>& messages);
inline nlohmann::json slack_payload(const AlertMessage& message) {
  return slack_payload(std::vector<AlertMessage>{message});
}

// `text` cut to at most `max_chars` code points, ending in "…" when cut; never splits a UTF-8 sequence.
std::string truncate_utf8(std::string_view text, std::size_t max_chars);
// Code points in `text` (invalid bytes count one each).
std::size_t utf8_length(std::string_view text);

}  // namespace nightdesk
