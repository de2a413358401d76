#include "web/web_assets.h"

namespace nightdesk::web {

// Defined in the generated web_assets_data.cpp.
extern const WebAsset kEmbeddedAssets[];
extern const std::size_t kEmbeddedAssetCount;

std::span<const WebAsset> web_assets() { return {kEmbeddedAssets, kEmbeddedAssetCount}; }

const WebAsset* find_web_asset(std::string_view path) {
  if (path == "/") path = "/index.html";
  for (const WebAsset& asset : web_assets())
    if (asset.path == path) return &asset;
  return nullptr;
}

}  // namespace nightdesk::web
