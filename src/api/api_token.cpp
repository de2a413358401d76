#include "api/api_token.h"

#include <fmt/format.h>
#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <algorithm>
#include <bitset>
#include <cctype>
#include <string>

namespace nightdesk::api {
namespace {

// Exact defaults (compared lower-cased) and placeholder words (searched in the lower-cased token with every
// '-', '_', '.' and space removed). Long enough to pass the length rule, these still must not start a server.
constexpr std::string_view kDefaults[] = {
    "change-me", "changeme", "default-token-change-me", "secret", "password", "token", "test", "admin",
    "default", "nightdesk", "letmein", "api-token", "apitoken", "admin-token", "your-token-here",
    "00000000000000000000000000000000", "0123456789abcdef0123456789abcdef",
    "abcdefghijklmnopqrstuvwxyz012345", "abcdefghijklmnopqrstuvwxyz123456",
};
constexpr std::string_view kPlaceholderWords[] = {
    "changeme", "replaceme", "defaulttoken", "yourtoken", "yourapitoken", "tokenhere", "placeholder",
    "password", "secret", "example", "123456789", "abcdefgh", "qwerty", "letmein",
};

std::string lowered(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::string squeezed(std::string_view lower) {
  std::string out;
  for (char c : lower)
    if (c != '-' && c != '_' && c != '.' && c != ' ') out.push_back(c);
  return out;
}

// Whether `text` is one unit repeated two or more times ("abcabc").
bool repeats_a_pattern(std::string_view text) {
  for (std::size_t unit = 1; unit <= text.size() / 2; ++unit) {
    if (text.size() % unit != 0) continue;
    bool same = true;
    for (std::size_t i = unit; i < text.size() && same; ++i) same = text[i] == text[i - unit];
    if (same) return true;
  }
  return false;
}

constexpr std::string_view kHowTo = "generate one with: openssl rand -hex 32";

}  // namespace

Status check_token_strength(std::string_view token, std::string_view source) {
  const std::string field(source);
  auto refuse = [&](std::string why) {
    return fail(ErrorCode::invalid_argument, fmt::format("{}: {}; {}", source, why, kHowTo), field);
  };
  if (token.size() < kMinTokenLength)
    return refuse(fmt::format("the token is {} characters; at least {} are required", token.size(), kMinTokenLength));
  for (unsigned char c : token)
    if (c <= ' ' || c == 0x7f) return refuse("the token has a space or a control character");
  const std::string lower = lowered(token);
  for (std::string_view d : kDefaults)
    if (lower == d) return refuse("the token is a well-known default");
  const std::string plain = squeezed(lower);
  for (std::string_view word : kPlaceholderWords)
    if (plain.find(word) != std::string::npos)
      return refuse(fmt::format("the token looks like a placeholder or default (it contains \"{}\")", word));
  if (repeats_a_pattern(lower)) return refuse("the token repeats a short pattern");
  std::bitset<256> seen;
  for (unsigned char c : token) seen.set(c);
  if (seen.count() < 8) return refuse(fmt::format("the token uses only {} distinct characters", seen.count()));
  return ok();
}

TokenDigest token_digest(std::string_view token) {
  TokenDigest out{};
  SHA256(reinterpret_cast<const unsigned char*>(token.data()), token.size(), out.data());
  return out;
}

bool digests_equal(const TokenDigest& a, const TokenDigest& b) { return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0; }

bool tokens_equal(std::string_view candidate, std::string_view expected) {
  return digests_equal(token_digest(candidate), token_digest(expected));
}

}  // namespace nightdesk::api
