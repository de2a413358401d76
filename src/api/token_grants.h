// TokenGrant: one bearer token the server accepts and the scope it grants, read at start-up from the
// environment (NIGHTDESK_API_TOKEN: trade, NIGHTDESK_ADMIN_TOKEN: admin, NIGHTDESK_READ_TOKEN: read) and/or a
// token file ("<scope> <token>" per line, '#' comments). Every token is checked (api_token.h); any weak token
// refuses the whole set. Called by one thread at start-up.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "api/access_scope.h"
#include "common/env_expansion.h"
#include "common/error.h"

namespace nightdesk::api {

inline constexpr std::string_view kApiTokenVariable = "NIGHTDESK_API_TOKEN";
inline constexpr std::string_view kAdminTokenVariable = "NIGHTDESK_ADMIN_TOKEN";
inline constexpr std::string_view kReadTokenVariable = "NIGHTDESK_READ_TOKEN";

struct TokenGrant {
  std::string name;    // the principal's name: "api", "admin", "read", or "<file>:<line>"
  std::string source;  // where it came from, for messages: the variable or "<file>:<line>"
  AccessScope scope = AccessScope::read;
  std::string token;
};

// The tokens of the environment and of `token_file` (skipped when empty). invalid_argument naming the variable
// or file:line for a weak token, a bad line or scope, or the same token granted twice; io_error for an
// unreadable file. An empty list is not an error here (the server decides).
Result<std::vector<TokenGrant>> load_token_grants(const EnvLookup& env, const std::filesystem::path& token_file);

// The grants in the text of a token file; `source` names the file in messages.
Result<std::vector<TokenGrant>> parse_token_file(std::string_view text, std::string_view source);

}  // namespace nightdesk::api
