// Peer endpoints under /p2p/v1/ (DESIGN §6, §8): consensus messages, tx gossip,
// blocks with their certificates for sync.

#include "chain/codec/json_fields.h"
#include "node/block_sync.h"
#include "node/http_api.h"

namespace tfl {
namespace {

constexpr size_t kMaxItems = 1000;
constexpr int64_t kMaxBlocksPerPage = 100;

// The {"from", "items": […]} body every peer POST carries.
Result<Json> peer_items(const httplib::Request& req) {
  TFL_ASSIGN_OR_RETURN(Json body, parse_strict_json(req.body));
  TFL_RETURN_IF_ERROR(check_fields(body, {"from", "items"}, "peer message"));
  TFL_ASSIGN_OR_RETURN(const Json* items, array_member(body, "items"));
  if (items->size() > kMaxItems) return Status::invalid("more than " + std::to_string(kMaxItems) + " items");
  return std::move(body["items"]);  // a proposal's items hold megabytes: moved, not copied
}


}  // namespace

void install_p2p_routes(httplib::Server& server, Node& node) {
  server.Post("/p2p/v1/consensus", [&node](const httplib::Request& req, httplib::Response& res) {
    auto items = peer_items(req);
    if (!items) return reply_status(res, items.status());
    if (!node.consensus()) return reply_error(res, 503, "unavailable", "consensus is not running");
    reply_json(res, 200, node.consensus()->receive(*items));
  });

  server.Get("/p2p/v1/consensus", [&node](const httplib::Request& req, httplib::Response& res) {
    if (!node.consensus()) return reply_error(res, 503, "unavailable", "consensus is not running");
    auto height = query_int(req, "height", 0, 1, kMaxSafeInteger);
    auto round = query_int(req, "round", 0, 0, 1 << 20);
    if (!height || !round || !req.has_param("height"))
      return reply_error(res, 400, "invalid_argument", "height (>= 1) and round (>= 0) are required");
    res.status = 200;
    res.set_content(node.consensus()->messages_at(*height, static_cast<int32_t>(*round)), "application/json");
  });

  server.Post("/p2p/v1/txs", [&node](const httplib::Request& req, httplib::Response& res) {
    auto items = peer_items(req);
    if (!items) return reply_status(res, items.status());
    size_t accepted = 0;
    Json refused = Json::array();
    for (const auto& id : node.submit_all_from_peer(std::move(items->get_ref<Json::array_t&>()))) {
      if (id) ++accepted;
      else if (refused.size() < 10) refused.push_back(id.status().message());
    }
    reply_json(res, 200, Json{{"accepted", accepted}, {"refused", refused}});
  });

  server.Get("/p2p/v1/blocks", [&node](const httplib::Request& req, httplib::Response& res) {
    auto from_param = query_int(req, "from", 1, 1, kMaxSafeInteger);
    auto limit_param = query_int(req, "limit", 50, 1, kMaxSafeInteger);
    if (!from_param) return reply_status(res, from_param.status());
    if (!limit_param) return reply_status(res, limit_param.status());
    const int64_t from = *from_param;
    const int64_t limit = std::min<int64_t>(*limit_param, kMaxBlocksPerPage);
    const int64_t tip = node.store().tip().height;
    // The stored canonical texts are spliced as they are: decoding and encoding
    // thousands of txs per block would cost more than sending them.
    std::string blocks;
    for (int64_t h = from; h <= tip && h < from + limit && blocks.size() < BlockSync::kPageBytes; ++h) {
      auto b = node.store().block_text_at(h);
      auto c = node.store().commit_text_at(h);
      if (!b || !c) break;
      blocks += (blocks.empty() ? "{\"block\":" : ",{\"block\":") + *b + ",\"commit\":" + *c + "}";
    }
    res.status = 200;
    res.set_content("{\"height\":" + std::to_string(tip) + ",\"blocks\":[" + blocks + "]}", "application/json");
  });
}

}  // namespace tfl
