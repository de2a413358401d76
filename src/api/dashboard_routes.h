// The dashboard's routes: GET / and every embedded file of src/web (web/web_assets.h), no token needed (the page
// asks for one and sends it on every API call), with a strict Content-Security-Policy. Handlers run on the API
// threads and only read immutable data.
#pragma once

#include <string_view>
#include <vector>

#include "api/api_server.h"

namespace nightdesk::api {

// Same origin only, no inline script or style, no framing: the page needs nothing else.
inline constexpr std::string_view kDashboardContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'; object-src 'none'";

// One GET route per embedded file plus "/" (the page). Answers 304 to a matching If-None-Match; every answer
// says Cache-Control: no-cache, so a browser revalidates (cheap with the ETag) and a new binary's files are seen.
std::vector<ApiRoute> dashboard_routes();

}  // namespace nightdesk::api
