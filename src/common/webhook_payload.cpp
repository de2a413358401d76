#include "common/webhook_payload.h"

#include <fmt/core.h>

namespace nightdesk {
namespace {

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

int discord_colour(AlertSeverity s) {
  switch (s) {
    case AlertSeverity::info:
      return 0x2E8B57;
    case AlertSeverity::warning:
      return 0xE6A23C;
    case AlertSeverity::error:
      return 0xD9534F;
  }
  return 0;
}

std::string slack_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '&')
      out += "&amp;";
    else if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else
      out += c;
  }
  return out;
}

// Characters an embed counts towards the 6000 limit: title, description, field names and values.
std::size_t embed_size(const nlohmann::json& embed) {
  std::size_t n = utf8_length(embed.value("title", "")) + utf8_length(embed.value("description", ""));
  if (embed.contains("fields")) {
    for (const auto& f : embed["fields"]) n += utf8_length(f.value("name", "")) + utf8_length(f.value("value", ""));
  }
  return n;
}

nlohmann::json discord_embed(const AlertMessage& m) {
  nlohmann::json embed = {{"title", truncate_utf8(m.title.empty() ? "(no title)" : m.title, kDiscordTitleMax)},
                          {"color", discord_colour(m.severity)}};
  if (!m.text.empty()) embed["description"] = truncate_utf8(m.text, kDiscordDescriptionMax);
  nlohmann::json fields = nlohmann::json::array();
  for (const auto& [name, value] : m.fields) {
    if (fields.size() == kDiscordFieldsMax) break;
    fields.push_back({{"name", truncate_utf8(name.empty() ? "-" : name, kDiscordFieldNameMax)},
                      {"value", truncate_utf8(value.empty() ? "-" : value, kDiscordFieldValueMax)},
                      {"inline", true}});
  }
  if (!fields.empty()) embed["fields"] = std::move(fields);
  return embed;
}

// Shortens the descriptions (last embed first), then drops fields, until the embeds fit in `budget`.
void fit_embeds(nlohmann::json& embeds, std::size_t budget) {
  auto total = [&] {
    std::size_t n = 0;
    for (const auto& e : embeds) n += embed_size(e);
    return n;
  };
  for (auto it = embeds.rbegin(); it != embeds.rend() && total() > budget; ++it) {
    if (!it->contains("description")) continue;
    const std::size_t over = total() - budget;
    const std::size_t len = utf8_length((*it)["description"].get<std::string>());
    if (len > over + 1) {
      (*it)["description"] = truncate_utf8((*it)["description"].get<std::string>(), len - over);
    } else {
      it->erase("description");
    }
  }
  for (auto it = embeds.rbegin(); it != embeds.rend() && total() > budget; ++it) it->erase("fields");
  while (embeds.size() > 1 && total() > budget) embeds.erase(embeds.end() - 1);
}

}  // namespace

std::size_t utf8_length(std::string_view text) {
  std::size_t n = 0;
  for (unsigned char c : text) n += is_continuation(c) ? 0 : 1;
  return n;
}

std::string truncate_utf8(std::string_view text, std::size_t max_chars) {
  if (utf8_length(text) <= max_chars) return std::string(text);
  if (max_chars == 0) return {};
  // Keep max_chars - 1 code points, then the ellipsis.
  std::size_t kept = 0, end = 0;
  while (end < text.size()) {
    std::size_t next = end + 1;
    while (next < text.size() && is_continuation(static_cast<unsigned char>(text[next]))) ++next;
    if (kept + 1 > max_chars - 1) break;
    ++kept;
    end = next;
  }
  return std::string(text.substr(0, end)) + "\u2026";
}

nlohmann::json discord_payload(const std::vector<AlertMessage>& messages) {
  nlohmann::json embeds = nlohmann::json::array();
  for (std::size_t i = 0; i < messages.size() && i < kDiscordEmbedsMax; ++i)
    embeds.push_back(discord_embed(messages[i]));
  fit_embeds(embeds, kDiscordEmbedsTotalMax);
  std::string content = messages.empty() ? std::string() : messages.front().title;
  if (messages.size() > kDiscordEmbedsMax) {
    content += fmt::format(" (+{} more not shown)", messages.size() - kDiscordEmbedsMax);
  }
  return {{"content", truncate_utf8(content, kDiscordContentMax)},
          {"embeds", std::move(embeds)},
          {"allowed_mentions", {{"parse", nlohmann::json::array()}}}};
}

namespace {

nlohmann::json slack_blocks(const AlertMessage& m) {
  nlohmann::json blocks = nlohmann::json::array();
  blocks.push_back(
      {{"type", "header"},
       {"text",
        {{"type", "plain_text"}, {"text", truncate_utf8(m.title.empty() ? "(no title)" : m.title, kSlackHeaderMax)}}}});
  if (!m.text.empty()) {
    blocks.push_back({{"type", "section"},
                      {"text", {{"type", "mrkdwn"}, {"text", truncate_utf8(slack_escape(m.text), kSlackSectionMax)}}}});
  }
  nlohmann::json fields = nlohmann::json::array();
  for (const auto& [name, value] : m.fields) {
    if (fields.size() == kSlackFieldsMax) break;
    fields.push_back(
        {{"type", "mrkdwn"},
         {"text", truncate_utf8(fmt::format("*{}*\n{}", slack_escape(name), slack_escape(value)), kSlackFieldMax)}});
  }
  if (!fields.empty()) blocks.push_back({{"type", "section"}, {"fields", std::move(fields)}});
  return blocks;
}

}  // namespace

nlohmann::json slack_payload(const std::vector<AlertMessage>& messages) {
  nlohmann::json blocks = nlohmann::json::array();
  std::string fallback;
  std::size_t shown = 0;
  for (const auto& m : messages) {
    nlohmann::json mine = slack_blocks(m);
    const std::size_t divider = blocks.empty() ? 0 : 1;
    if (blocks.size() + divider + mine.size() > kSlackBlocksMax - 1) break;  // keep room for the "more" note
    if (divider != 0) blocks.push_back({{"type", "divider"}});
    for (auto& b : mine) blocks.push_back(std::move(b));
    fallback +=
        (fallback.empty() ? "" : "\n") + (messages.size() == 1 && !m.text.empty() ? m.title + "\n" + m.text : m.title);
    ++shown;
  }
  if (shown < messages.size()) {
    const std::string more = fmt::format("+{} more not shown", messages.size() - shown);
    blocks.push_back({{"type", "context"}, {"elements", {{{"type", "mrkdwn"}, {"text", more}}}}});
    fallback += "\n" + more;
  }
  return {{"text", truncate_utf8(slack_escape(fallback), kSlackTextMax)}, {"blocks", std::move(blocks)}};
}

}  // namespace nightdesk
