// The explorer web page (DESIGN §8 `GET /`): a single page served from files embedded in
// the binary at build time (node/explorer/*, turned into explorer_assets.cpp by
// node/explorer/embed.cmake). The page reads the JSON API of the same node; it loads
// nothing from elsewhere, and its Content-Security-Policy forbids it to.
#pragma once

#include <httplib.h>

#include <string_view>
#include <vector>

namespace tfl {

// One embedded file: its name in node/explorer/, MIME type, bytes and an entity tag
// (a hash of the bytes).
struct ExplorerAsset {
  std::string_view name;
  std::string_view content_type;
  std::string_view body;
  std::string_view etag;
};

// Every embedded file (defined in the generated explorer_assets.cpp).
const std::vector<ExplorerAsset>& explorer_assets();

// GET / (index.html) and GET /explorer/<name> (the other assets), with
// Cache-Control: no-cache, an ETag, and a strict Content-Security-Policy.
void install_explorer_routes(httplib::Server& server);

}  // namespace tfl
