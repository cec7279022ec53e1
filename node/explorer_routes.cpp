#include "node/explorer_routes.h"

#include <string>

#include "node/http_api.h"

namespace tfl {
namespace {

// The page runs only its own script and style and talks only to this node.
constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const ExplorerAsset* find_asset(std::string_view name) {
  for (const auto& asset : explorer_assets())
    if (asset.name == name) return &asset;
  return nullptr;
}

void serve_asset(const ExplorerAsset& asset, const httplib::Request& req, httplib::Response& res) {
  const std::string etag = "\"" + std::string(asset.etag) + "\"";
  res.set_header("Cache-Control", "no-cache");
  res.set_header("ETag", etag);
  res.set_header("Content-Security-Policy", kContentSecurityPolicy);
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Referrer-Policy", "no-referrer");
  res.set_header("X-Frame-Options", "DENY");
  if (req.get_header_value("If-None-Match") == etag) {
    res.status = 304;
    return;
  }
  res.status = 200;
  res.set_content(asset.body.data(), asset.body.size(), std::string(asset.content_type));
}

}  // namespace

void install_explorer_routes(httplib::Server& server) {
  server.Get("/", [](const httplib::Request& req, httplib::Response& res) {
    const ExplorerAsset* page = find_asset("index.html");
    if (!page) return reply_error(res, 404, "not_found", "the explorer page is not built in");
    serve_asset(*page, req, res);
  });
  server.Get(R"(/explorer/([A-Za-z0-9._-]+))", [](const httplib::Request& req, httplib::Response& res) {
    const std::string name = req.matches[1];
    const ExplorerAsset* asset = name == "index.html" ? nullptr : find_asset(name);
    if (!asset) return reply_error(res, 404, "not_found", "no explorer file " + name);
    serve_asset(*asset, req, res);
  });
}

}  // namespace tfl
