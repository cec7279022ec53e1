// Routes for the chain itself: status, txs, blocks, participants (DESIGN §8).
#include <algorithm>
#include <charconv>

#include "chain/block/tx_proof.h"
#include "chain/codec/json_fields.h"
#include "chain/state/participant.h"
#include "chain/state/state_keys.h"
#include "node/http_api.h"

namespace tfl {
namespace {

constexpr int64_t kMaxWaitMs = 60000;
constexpr int64_t kMaxPageSize = 100;
constexpr size_t kMaxBatch = 1000;

Result<Json> parse_body(const httplib::Request& req) {
  if (req.body.empty()) return Status::invalid("request body is empty; expected JSON");
  if (req.body.size() > kMaxBodyBytes) return Status::too_large("request body larger than 1 MiB");
  return parse_strict_json(req.body);
}

Result<Hash> hash_param(const std::string& hex, const char* what) {
  auto h = Hash::from_hex(hex);
  if (!h) return Status::invalid(std::string(what) + " must be 64 lowercase hex digits");
  return *h;
}

bool is_object_text(const std::string& text) { return text.size() >= 2 && text.front() == '{' && text.back() == '}'; }

// A block as GET /api/v1/blocks shows it, spliced from stored canonical texts (the
// summary {hash, results} and the block {evidence, header, last_commit, txs}), without
// its txs when only the summary is asked for, plus its own certificate as "commit" when
// asked: a block of thousands of txs is served without decoding and encoding them again.
Result<std::string> block_view(const Node& node, int64_t height, bool with_txs, bool with_commit) {
  TFL_ASSIGN_OR_RETURN(std::string view, node.store().summary_text_at(height));
  TFL_ASSIGN_OR_RETURN(std::string block, node.store().block_text_at(height));
  if (!is_object_text(view) || !is_object_text(block))
    return Status::corruption("block " + std::to_string(height) + " or its summary is not a stored object");
  if (!with_txs) {
    // "txs" is the block's last member, and no member before it can hold this text
    // (ids, hex and numbers only).
    const size_t txs = block.find(",\"txs\":[");
    if (txs == std::string::npos) return Status::corruption("block " + std::to_string(height) + " has no txs member");
    block.resize(txs);
    block += '}';
  }
  view.back() = ',';           // the summary's closing brace …
  view.append(block, 1);       // … joins the block's members
  if (with_commit) {
    TFL_ASSIGN_OR_RETURN(std::string commit, node.store().commit_text_at(height));
    view.back() = ',';
    view += "\"commit\":" + commit + "}";
  }
  return view;
}

void reply_blocks(httplib::Response& res, int64_t tip, const std::vector<std::string>& views) {
  std::string body = "{\"height\":" + std::to_string(tip) + ",\"blocks\":[";
  for (size_t i = 0; i < views.size(); ++i) body += (i ? "," : "") + views[i];
  res.status = 200;
  res.set_content(body + "]}", "application/json");
}

// A submitted tx's outcome: its id with 202, or its error with the status that fits.
void describe_submission(const Result<Hash>& id, Json& out, int& status) {
  if (id) {
    out = Json{{"id", id->hex()}};
    status = 202;
  } else {
    out = Json{{"error", {{"code", code_name(id.status().code())}, {"message", id.status().message()}}}};
    status = http_status_for(id.status().code());
  }
}

}  // namespace

void install_chain_routes(httplib::Server& server, Node& node) {
  server.Get("/api/v1/status", [&node](const httplib::Request&, httplib::Response& res) {
    reply_json(res, 200, node.status_json());
  });

  server.Post("/api/v1/txs", [&node](const httplib::Request& req, httplib::Response& res) {
    auto body = parse_body(req);
    if (!body) return reply_status(res, body.status());
    Json out;
    int status = 0;
    describe_submission(node.submit(std::move(*body)), out, status);
    reply_json(res, status, out);
  });

  server.Post("/api/v1/txs/batch", [&node](const httplib::Request& req, httplib::Response& res) {
    auto body = parse_body(req);
    if (!body) return reply_status(res, body.status());
    if (!body->is_array()) return reply_error(res, 400, "invalid_argument", "batch body must be a JSON array of txs");
    if (body->size() > kMaxBatch)
      return reply_error(res, 400, "invalid_argument", "batch holds more than " + std::to_string(kMaxBatch) + " txs");
    Json results = Json::array();
    size_t accepted = 0;
    for (const auto& id : node.submit_all(std::move(body->get_ref<Json::array_t&>()))) {
      Json out;
      int status = 0;
      describe_submission(id, out, status);
      out["status"] = status;
      accepted += status == 202 ? 1 : 0;
      results.push_back(std::move(out));
    }
    reply_json(res, 202, Json{{"accepted", accepted}, {"results", results}});
  });

  server.Get(R"(/api/v1/txs/([^/]+))", [&node](const httplib::Request& req, httplib::Response& res) {
    auto id = hash_param(req.matches[1], "tx id");
    if (!id) return reply_status(res, id.status());
    TxView v = node.tx_view(*id);
    if (v.state == TxView::State::kUnknown) return reply_error(res, 404, "not_found", "no tx " + id->hex());
    Json j = v.to_json();
    j["id"] = id->hex();
    reply_json(res, 200, j);
  });

  server.Get(R"(/api/v1/txs/([^/]+)/wait)", [&node](const httplib::Request& req, httplib::Response& res) {
    auto id = hash_param(req.matches[1], "tx id");
    if (!id) return reply_status(res, id.status());
    auto timeout = query_int(req, "timeout_ms", 10000, 0, kMaxWaitMs);
    if (!timeout) return reply_status(res, timeout.status());
    TxView v = node.wait_for_tx(*id, *timeout);
    if (v.state == TxView::State::kUnknown) return reply_error(res, 404, "not_found", "no tx " + id->hex());
    Json j = v.to_json();
    j["id"] = id->hex();
    reply_json(res, 200, j);
  });

  server.Get(R"(/api/v1/txs/([^/]+)/proof)", [&node](const httplib::Request& req, httplib::Response& res) {
    auto id = hash_param(req.matches[1], "tx id");
    if (!id) return reply_status(res, id.status());
    auto loc = node.store().tx_location(*id);
    if (!loc) return reply_error(res, 404, "not_found", "tx " + id->hex() + " is not in a block (yet)");
    auto block = node.store().block_at(loc->height);
    auto commit = node.store().commit_at(loc->height);
    if (!block) return reply_status(res, block.status());
    if (!commit) return reply_status(res, commit.status());
    Json proof = make_tx_proof(*block, static_cast<size_t>(loc->index), *commit);
    proof["status"] = loc->ok ? "committed" : "failed";
    if (!loc->ok) proof["reason"] = loc->reason;
    reply_json(res, 200, proof);
  });

  server.Get("/api/v1/blocks", [&node](const httplib::Request& req, httplib::Response& res) {
    const int64_t tip = node.store().tip().height;
    auto limit = query_int(req, "limit", 20, 1, kMaxPageSize);
    if (!limit) return reply_status(res, limit.status());
    // Default: the newest blocks, newest first. With from=: ascending from that height.
    std::vector<int64_t> heights;
    if (req.has_param("from")) {
      auto from = query_int(req, "from", 1, 1, kMaxSafeInteger);
      if (!from) return reply_status(res, from.status());
      for (int64_t h = *from; h <= tip && h < *from + *limit; ++h) heights.push_back(h);
    } else {
      for (int64_t h = tip; h >= 1 && h > tip - *limit; --h) heights.push_back(h);
    }
    const std::string shape = req.has_param("view") ? req.get_param_value("view") : "full";
    if (shape != "full" && shape != "summary")
      return reply_error(res, 400, "invalid_argument", "view must be full or summary");
    std::vector<std::string> views;
    for (int64_t h : heights) {
      auto view = block_view(node, h, shape == "full", false);
      if (!view) return reply_status(res, view.status());
      views.push_back(std::move(*view));
    }
    reply_blocks(res, tip, views);
  });

  server.Get(R"(/api/v1/blocks/([^/]+))", [&node](const httplib::Request& req, httplib::Response& res) {
    std::string key = req.matches[1];
    int64_t height = 0;
    if (key.size() == 64) {
      auto hash = hash_param(key, "block hash");
      if (!hash) return reply_status(res, hash.status());
      auto h = node.store().height_of(*hash);
      if (!h) return reply_error(res, 404, "not_found", "no block with hash " + key);
      height = *h;
    } else {
      auto [ptr, ec] = std::from_chars(key.data(), key.data() + key.size(), height);
      if (ec != std::errc() || ptr != key.data() + key.size() || height < 1)
        return reply_error(res, 400, "invalid_argument", "block must be a height (1, 2, …) or a 64-hex-digit hash");
    }
    if (height > node.store().tip().height)
      return reply_error(res, 404, "not_found", "no block at height " + std::to_string(height));
    auto view = block_view(node, height, true, true);
    if (!view) return reply_status(res, view.status());
    res.status = 200;
    res.set_content(*view, "application/json");
  });

  server.Get("/api/v1/participants", [&node](const httplib::Request& req, httplib::Response& res) {
    auto limit = query_int(req, "limit", 100, 1, 1000);
    if (!limit) return reply_status(res, limit.status());
    std::string role = req.has_param("role") ? req.get_param_value("role") : "";
    std::string after = req.has_param("after") ? keys::participant(req.get_param_value("after")) : "";
    Json list = Json::array();
    std::string last;
    node.store().scan(keys::participant_prefix(), after, [&](const std::string& k, const std::string& v) {
      Json p = Json::parse(v);
      if (role.empty() || p["role"] == role) {
        p["next_nonce"] = next_nonce(node.store(), p["id"].get<std::string>());  // committed txs only
        list.push_back(std::move(p));
      }
      last = k.substr(keys::participant_prefix().size());
      return static_cast<int64_t>(list.size()) < *limit;
    });
    Json out{{"participants", list}};
    if (static_cast<int64_t>(list.size()) == *limit) out["next_after"] = last;
    reply_json(res, 200, out);
  });

  server.Get(R"(/api/v1/participants/([^/]+))", [&node](const httplib::Request& req, httplib::Response& res) {
    if (!is_valid_participant_id(req.matches[1].str()))
      return reply_error(res, 400, "invalid_argument", "participant id must match [a-z0-9-]{2,32}");
    auto p = node.participant_json(req.matches[1]);
    if (!p) return reply_error(res, 404, "not_found", "no participant \"" + std::string(req.matches[1]) + "\"");
    reply_json(res, 200, *p);
  });
}

}  // namespace tfl
