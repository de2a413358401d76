// The dashboard's files (src/web), embedded into the binary at build time (cmake/EmbedWebAssets.cmake): URL
// path, content type, ETag and bytes. Immutable static data; any thread.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

namespace nightdesk::web {

struct WebAsset {
  std::string_view path;          // "/index.html", "/js/app.js"
  std::string_view content_type;  // "text/javascript; charset=utf-8"
  std::string_view etag;          // a quoted digest of the bytes: "\"3f2a…\""
  std::string_view body;
};

// Every embedded file, sorted by path.
std::span<const WebAsset> web_assets();

// The file at `path`, or nullptr. "/" is the dashboard's page, /index.html.
const WebAsset* find_web_asset(std::string_view path);

}  // namespace nightdesk::web
