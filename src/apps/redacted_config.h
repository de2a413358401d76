// The effective configuration as GET /api/v1/config shows it: every key's value with secrets redacted —
// keys declared secret, keys named like a secret (token, password, secret, webhook; a *_file key is a path
// and stays), and the password of any URL ("postgresql://desk:***@db/nightdesk"). Pure functions; any thread.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "common/config.h"

namespace nightdesk::apps {

inline constexpr std::string_view kRedacted = "***";

// `url` with the password of its user-info replaced by "***"; any other text unchanged.
std::string redact_url_password(std::string_view url);

// {"section": {"key": value}} of every key, redacted.
nlohmann::json redacted_config_json(const Config& config);

}  // namespace nightdesk::apps
