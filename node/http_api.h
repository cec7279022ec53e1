// The HTTP API of DESIGN §8 over a Node. Every answer is JSON; every error is
// {"error": {"code", "message"}} with a 4xx/5xx status.
#pragma once

#include <httplib.h>

#include "chain/util/status.h"
#include "node/http_server.h"
#include "node/node.h"

namespace tfl {

constexpr size_t kMaxBodyBytes = 1 << 20;       // the public API (/api/)
constexpr size_t kMaxPeerBodyBytes = 32 << 20;  // peer endpoints: proposals carry whole blocks

// Installs every route and the server settings (TCP_NODELAY, body cap, timeouts,
// JSON error pages, the per-client rate limit of the public API from node.config()).
void install_api(HttpServer& server, Node& node);

// Helpers shared by the route files.
void reply_json(httplib::Response& res, int status, const Json& body);
void reply_error(httplib::Response& res, int status, const std::string& code, const std::string& message);
void reply_status(httplib::Response& res, const Status& st);  // maps Code to an HTTP status
int http_status_for(Code code);
// An integer query parameter in [min, max], or `fallback` when absent; a clear error otherwise.
Result<int64_t> query_int(const httplib::Request& req, const char* name, int64_t fallback, int64_t min, int64_t max);

// Route groups, one per file.
void install_chain_routes(httplib::Server& server, Node& node);   // status, txs, blocks, participants
void install_trade_routes(httplib::Server& server, Node& node);   // documents, financings, fingerprints, LCs
void install_p2p_routes(httplib::Server& server, Node& node);     // /p2p/v1/: consensus, tx gossip, blocks

}  // namespace tfl
