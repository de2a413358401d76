// Bearer tokens: the strength rules a token must meet before the server starts with it, and comparison in
// constant time (SHA-256 digests compared with OpenSSL's CRYPTO_memcmp, so neither the content nor the length of
// a guess shows in the timing). Stateless; any thread.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

#include "common/error.h"

namespace nightdesk::api {

inline constexpr std::size_t kMinTokenLength = 32;

// invalid_argument when `token` is shorter than kMinTokenLength, has a space or a control character, is a
// well-known default or placeholder ("change-me", "secret", "password", …, and anything containing
// "changeme"), repeats one short pattern ("abcabcabc…") or uses fewer than 8 distinct characters. The message
// starts with `source` (the variable or file:line) and never quotes the token.
Status check_token_strength(std::string_view token, std::string_view source);

using TokenDigest = std::array<unsigned char, 32>;  // SHA-256

TokenDigest token_digest(std::string_view token);

// Whether two digests are equal, in time independent of where they differ.
bool digests_equal(const TokenDigest& a, const TokenDigest& b);

// Whether `candidate` is `expected`, in time independent of the content of either and of where they differ
// (their digests are compared).
bool tokens_equal(std::string_view candidate, std::string_view expected);

}  // namespace nightdesk::api
