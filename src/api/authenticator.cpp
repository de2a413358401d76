#include "api/authenticator.h"

#include <cctype>

namespace nightdesk::api {

std::string_view to_string(AuthOutcome::Kind kind) {
  switch (kind) {
    case AuthOutcome::Kind::ok:
      return "ok";
    case AuthOutcome::Kind::missing:
      return "missing";
    case AuthOutcome::Kind::invalid:
      return "invalid";
    case AuthOutcome::Kind::locked_out:
      return "locked_out";
  }
  return "invalid";
}

std::optional<std::string_view> bearer_token(std::string_view header) {
  constexpr std::string_view scheme = "bearer";
  if (header.size() <= scheme.size()) return std::nullopt;
  for (std::size_t i = 0; i < scheme.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(header[i])) != scheme[i]) return std::nullopt;
  std::string_view rest = header.substr(scheme.size());
  if (rest.front() != ' ') return std::nullopt;
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  while (!rest.empty() && rest.back() == ' ') rest.remove_suffix(1);
  if (rest.empty()) return std::nullopt;
  return rest;
}

Authenticator::Authenticator(const std::vector<TokenGrant>& grants, BucketLimit failures, bool insecure_no_auth,
                             std::size_t max_tracked_clients)
    : insecure_(insecure_no_auth), failures_(failures, max_tracked_clients) {
  for (const auto& g : grants) grants_.push_back({token_digest(g.token), Principal{g.name, g.scope}});
}

const Authenticator::Grant* Authenticator::find(std::string_view token) const {
  const TokenDigest digest = token_digest(token);
  const Grant* found = nullptr;
  for (const auto& g : grants_)
    if (digests_equal(digest, g.digest)) found = &g;
  return found;
}

AuthOutcome Authenticator::authenticate(std::optional<std::string_view> authorization,
                                        std::optional<std::string_view> query_token, std::string_view ip,
                                        SteadyTime now) {
  if (insecure_) return {AuthOutcome::Kind::ok, Principal{"insecure-no-auth", AccessScope::admin}, {}};
  {
    std::lock_guard lock(mutex_);
    TokenBucket& bucket = failures_.bucket(ip, now);
    if (!bucket.available(now)) return {AuthOutcome::Kind::locked_out, {}, retry_after_seconds(bucket.wait_for_token())};
  }
  std::optional<std::string_view> token;
  if (authorization) token = bearer_token(*authorization);
  else if (query_token) token = *query_token;
  if (!authorization && !query_token) return {AuthOutcome::Kind::missing, {}, {}};
  if (token && !token->empty())
    if (const Grant* g = find(*token)) return {AuthOutcome::Kind::ok, g->principal, {}};
  std::lock_guard lock(mutex_);
  failures_.bucket(ip, now).try_take(now);
  return {AuthOutcome::Kind::invalid, {}, {}};
}

}  // namespace nightdesk::api
