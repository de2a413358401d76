#include "api/dashboard_routes.h"

#include <string>

#include "web/web_assets.h"

namespace nightdesk::api {
namespace {

bool etag_matches(std::string_view if_none_match, std::string_view etag) {
  if (if_none_match == "*") return true;
  // A list of (possibly weak) tags: "a", W/"b".
  std::size_t at = 0;
  while ((at = if_none_match.find(etag, at)) != std::string_view::npos) {
    const bool starts = at == 0 || if_none_match[at - 1] == ' ' || if_none_match[at - 1] == ',' ||
                        if_none_match[at - 1] == '/';
    const std::size_t end = at + etag.size();
    const bool ends = end == if_none_match.size() || if_none_match[end] == ',' || if_none_match[end] == ' ';
    if (starts && ends) return true;
    at = end;
  }
  return false;
}

ApiResponse serve_asset(const web::WebAsset& asset, const ApiRequest& request) {
  ApiResponse r;
  const auto if_none_match = request.header("If-None-Match");
  if (if_none_match && etag_matches(*if_none_match, asset.etag)) {
    r.status = 304;
    r.content_type.clear();
  } else {
    r.content_type = std::string(asset.content_type);
    r.body = std::string(asset.body);
  }
  r.with_header("ETag", std::string(asset.etag));
  r.with_header("Cache-Control", "no-cache");
  r.with_header("Content-Security-Policy", std::string(kDashboardContentSecurityPolicy));
  r.with_header("X-Content-Type-Options", "nosniff");
  r.with_header("X-Frame-Options", "DENY");
  r.with_header("Referrer-Policy", "no-referrer");
  return r;
}

ApiRoute asset_route(std::string path, const web::WebAsset& asset) {
  return ApiRoute("GET", std::move(path), AccessScope::none,
                  [&asset](const ApiRequest& request) { return serve_asset(asset, request); }, std::nullopt,
                  /*rate_limited=*/false);
}

}  // namespace

std::vector<ApiRoute> dashboard_routes() {
  std::vector<ApiRoute> routes;
  if (const web::WebAsset* page = web::find_web_asset("/")) routes.push_back(asset_route("/", *page));
  for (const web::WebAsset& asset : web::web_assets()) routes.push_back(asset_route(std::string(asset.path), asset));
  return routes;
}

}  // namespace nightdesk::api
