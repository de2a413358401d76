#include "apps/redacted_config.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace nightdesk::apps {
namespace {

bool named_like_a_secret(std::string_view key) {
  std::string lower(key);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  if (lower.ends_with("_file") || lower.ends_with("_path")) return false;  // where a secret is, not the secret
  static constexpr std::array<std::string_view, 6> kWords{"token", "password", "passwd", "secret", "webhook", "api_key"};
  return std::any_of(kWords.begin(), kWords.end(), [&](std::string_view w) { return lower.find(w) != std::string::npos; });
}

nlohmann::json redact_value(std::string_view key, const nlohmann::json& value) {
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    if (named_like_a_secret(key) && !text.empty()) return std::string(kRedacted);
    return redact_url_password(text);
  }
  if (value.is_array()) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& item : value) out.push_back(redact_value(key, item));
    return out;
  }
  return value;
}

}  // namespace

std::string redact_url_password(std::string_view url) {
  const auto scheme = url.find("://");
  if (scheme == std::string_view::npos) return std::string(url);
  const auto authority_begin = scheme + 3;
  const auto authority_end = std::min(url.find('/', authority_begin), url.size());
  const auto at = url.substr(0, authority_end).rfind('@');
  if (at == std::string_view::npos || at < authority_begin) return std::string(url);
  const auto colon = url.find(':', authority_begin);
  if (colon == std::string_view::npos || colon > at) return std::string(url);  // a user without a password
  return std::string(url.substr(0, colon + 1)) + std::string(kRedacted) + std::string(url.substr(at));
}

nlohmann::json redacted_config_json(const Config& config) {
  nlohmann::json out = config.redacted();
  for (auto& [section, keys] : out.items()) {
    if (!keys.is_object()) continue;
    for (auto& [key, value] : keys.items()) value = redact_value(key, value);
  }
  return out;
}

}  // namespace nightdesk::apps
