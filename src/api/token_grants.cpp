#include "api/token_grants.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "api/api_token.h"

namespace nightdesk::api {
namespace {

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace

Result<std::vector<TokenGrant>> parse_token_file(std::string_view text, std::string_view source) {
  std::vector<TokenGrant> out;
  int line_number = 0;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    std::string_view line = trimmed(text.substr(0, nl));
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    ++line_number;
    if (line.empty() || line.front() == '#') continue;
    const std::string where = fmt::format("{}:{}", source, line_number);
    const auto space = line.find_first_of(" \t");
    if (space == std::string_view::npos)
      return fail(ErrorCode::invalid_argument, where + ": expected \"<read|trade|admin> <token>\"", where);
    auto scope = parse_access_scope(line.substr(0, space));
    if (!scope)
      return fail(ErrorCode::invalid_argument, where + ": the scope is one of read, trade, admin", where);
    std::string_view token = trimmed(line.substr(space + 1));
    if (auto strong = check_token_strength(token, where); !strong) return std::unexpected(strong.error());
    out.push_back({where, where, *scope, std::string(token)});
  }
  return out;
}

Result<std::vector<TokenGrant>> load_token_grants(const EnvLookup& env, const std::filesystem::path& token_file) {
  std::vector<TokenGrant> grants;
  const struct {
    std::string_view variable, name;
    AccessScope scope;
  } from_env[] = {{kApiTokenVariable, "api", AccessScope::trade},
                  {kAdminTokenVariable, "admin", AccessScope::admin},
                  {kReadTokenVariable, "read", AccessScope::read}};
  for (const auto& v : from_env) {
    auto value = env(std::string(v.variable));
    if (!value) continue;
    if (auto strong = check_token_strength(*value, v.variable); !strong) return std::unexpected(strong.error());
    grants.push_back({std::string(v.name), std::string(v.variable), v.scope, std::move(*value)});
  }
  if (!token_file.empty()) {
    std::ifstream in(token_file, std::ios::binary);
    if (!in) return fail(ErrorCode::io_error, fmt::format("cannot read the token file {}", token_file.string()), "api.token_file");
    struct stat st {};
    if (::stat(token_file.c_str(), &st) == 0 && (st.st_mode & (S_IRWXG | S_IRWXO)) != 0)
      spdlog::warn("api: the token file {} is readable by other users (chmod 600 it)", token_file.string());
    std::stringstream text;
    text << in.rdbuf();
    auto from_file = parse_token_file(text.str(), token_file.string());
    if (!from_file) return std::unexpected(from_file.error());
    for (auto& g : *from_file) grants.push_back(std::move(g));
  }
  for (std::size_t i = 0; i < grants.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (tokens_equal(grants[i].token, grants[j].token))
        return fail(ErrorCode::invalid_argument,
                    fmt::format("{} and {} hold the same token; each scope needs its own", grants[j].source, grants[i].source),
                    grants[i].source);
  return grants;
}

}  // namespace nightdesk::api
