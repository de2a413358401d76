// Authenticator: checks a request's bearer token against the granted tokens (digests only; compared in
// constant time) and answers who is asking with which scope. Failed attempts (a wrong or malformed token) are
// counted per client IP in a token bucket: an address that spent it is refused (429) until it refills, even
// with a right token, so guessing is slow. Thread-safe: any API thread may call authenticate().
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/access_scope.h"
#include "api/api_token.h"
#include "api/client_buckets.h"
#include "api/token_grants.h"

namespace nightdesk::api {

struct AuthOutcome {
  enum class Kind {
    ok,          // principal is set
    missing,     // no credentials: 401
    invalid,     // wrong or malformed credentials: 401, counted against the address
    locked_out,  // too many failed attempts from this address: 429 with retry_after
  };
  Kind kind = Kind::missing;
  Principal principal;
  std::chrono::seconds retry_after{0};
};

std::string_view to_string(AuthOutcome::Kind kind);

class Authenticator {
 public:
  // `failures`: the failed attempts an address may make (burst) and how fast they are forgiven.
  // With `insecure_no_auth` every request is the admin principal "insecure-no-auth" and grants are ignored.
  Authenticator(const std::vector<TokenGrant>& grants, BucketLimit failures, bool insecure_no_auth,
                std::size_t max_tracked_clients = 10'000);

  // `authorization`: the Authorization header's value (nullopt when absent), "Bearer <token>".
  // `query_token`: the `token` query parameter, which the caller passes only on the WebSocket upgrade path.
  AuthOutcome authenticate(std::optional<std::string_view> authorization, std::optional<std::string_view> query_token,
                           std::string_view ip, SteadyTime now);

  bool insecure() const { return insecure_; }
  std::size_t token_count() const { return grants_.size(); }

 private:
  struct Grant {
    TokenDigest digest;
    Principal principal;
  };
  // The grant whose token is `token`, looked at in full for every grant (no early exit).
  const Grant* find(std::string_view token) const;

  std::vector<Grant> grants_;
  bool insecure_;
  std::mutex mutex_;
  ClientBuckets failures_;  // per IP; guarded by mutex_
};

// The token of an Authorization header "Bearer <token>" (scheme case-insensitive); nullopt for another scheme
// or an empty token.
std::optional<std::string_view> bearer_token(std::string_view authorization);

}  // namespace nightdesk::api
