// NodeClient: the wallet's view of one tfnode's HTTP API (DESIGN §8).
//
// Every call returns the reply's JSON body or a Status:
//   - the node cannot be reached (refused, timed out, no answer):
//       Code::kUnavailable "cannot reach node at URL: <why>"
//   - the node answered {"error": {"code", "message"}}: the server's code (mapped to
//       tfl::Code by name) and its message, verbatim
//   - any other non-2xx or a body that is not JSON: Code::kInternal naming the status.
// Connect timeout 3 s; reads wait as long as the request needs (long polls included).
// Thread-safety: one NodeClient per thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "chain/codec/canonical_json.h"
#include "chain/util/status.h"

namespace httplib {
class Client;
}

namespace tfl::wallet {

constexpr const char* kNodeEnv = "TFLEDGER_NODE";
constexpr const char* kDefaultNodeUrl = "http://127.0.0.1:7001";
// The longest single long poll the node serves (GET /txs/{id}/wait).
constexpr int64_t kMaxWaitPerRequestMs = 60000;

// $TFLEDGER_NODE when set, else http://127.0.0.1:7001.
std::string default_node_url();

// Refuses anything but http://host[:port] or https://host[:port] without a path.
Status check_node_url(const std::string& url);

// Percent-encodes `s` for use as one path segment.
std::string path_segment(const std::string& s);

class NodeClient {
 public:
  // REQUIRES: check_node_url(url).is_ok()
  explicit NodeClient(std::string url);
  ~NodeClient();
  NodeClient(const NodeClient&) = delete;
  NodeClient& operator=(const NodeClient&) = delete;

  const std::string& url() const { return url_; }

  // `path` starts with "/" and is already encoded (see path_segment).
  Result<Json> get(const std::string& path, int64_t read_timeout_ms = 10000);
  Result<Json> post(const std::string& path, const Json& body);

  Result<Json> status() { return get("/api/v1/status"); }
  Result<Json> participant(const std::string& id) { return get("/api/v1/participants/" + path_segment(id)); }
  // Submits a signed tx; returns its id (hex).
  Result<std::string> submit_tx(const Json& tx);
  Result<Json> tx(const std::string& id) { return get("/api/v1/txs/" + path_segment(id)); }
  // Waits until the tx is no longer pending or `timeout_ms` passes (then it is still
  // pending in the answer). Splits long waits into polls the node accepts.
  Result<Json> wait_tx(const std::string& id, int64_t timeout_ms);

 private:
  Result<Json> decode_reply(int http_status, const std::string& body) const;

  std::string url_;
  std::unique_ptr<httplib::Client> http_;
};

}  // namespace tfl::wallet
