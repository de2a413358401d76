#include "apps/demo_token.h"

#include <openssl/rand.h>

#include <array>

namespace nightdesk::apps {

Result<std::string> generate_api_token() {
  std::array<unsigned char, 32> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1)
    return fail(ErrorCode::internal, "the random generator failed; set NIGHTDESK_API_TOKEN instead", "token");
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string token;
  std::uint32_t bits = 0;
  int held = 0;
  for (unsigned char b : bytes) {
    bits = (bits << 8) | b;
    held += 8;
    while (held >= 6) {
      held -= 6;
      token += kAlphabet[(bits >> held) & 0x3f];
    }
  }
  if (held > 0) token += kAlphabet[(bits << (6 - held)) & 0x3f];
  return token;
}

}  // namespace nightdesk::apps
