// The demo's API token: 32 random bytes from OpenSSL's RAND_bytes as 43 characters of base64url, strong by
// the API's rules (api/api_token.h). Any thread.
#pragma once

#include <string>

#include "common/error.h"

namespace nightdesk::apps {

// internal when the random generator fails (it is then not used).
Result<std::string> generate_api_token();

}  // namespace nightdesk::apps
