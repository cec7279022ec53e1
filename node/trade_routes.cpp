// Routes for the trade-finance queries (DESIGN §8): documents, financings,
// fingerprints, letters of credit and presentations. Records are served as the
// state machine stores them (chain/trade/*.h describe their shapes), with each history
// entry's height and time added from its tx's block.

#include "chain/codec/hex.h"
#include "chain/state/genesis.h"
#include "chain/state/state_keys.h"
#include "chain/trade/dates.h"
#include "chain/trade/fingerprints.h"
#include "chain/trade/money.h"
#include "chain/tx/transaction.h"
#include "node/http_api.h"

namespace tfl {
namespace {

constexpr int64_t kDefaultPage = 50;
constexpr int64_t kMaxPage = 500;

// A stored record as served: each history[] entry gets the height and time of the block
// that committed its tx (the state keeps only the tx, so that executing a tx does not
// depend on its block).
Json served_record(const Node& node, const std::string& stored) {
  Json record = Json::parse(stored);
  auto history = record.find("history");
  if (history == record.end() || !history->is_array()) return record;
  for (auto& entry : *history) {
    auto tx = entry.find("tx");
    if (tx == entry.end() || !tx->is_string()) continue;
    auto id = Hash::from_hex(tx->get<std::string>());
    if (!id) continue;
    if (auto loc = node.store().tx_location(*id)) {
      entry["height"] = loc->height;
      entry["time"] = format_utc_timestamp(loc->time_ms);
    }
  }
  return record;
}

std::optional<Json> load_json(const Node& node, const std::string& key) {
  auto raw = node.store().get(key);
  if (!raw) return std::nullopt;
  return served_record(node, *raw);
}

std::string param(const httplib::Request& req, const char* name) {
  return req.has_param(name) ? req.get_param_value(name) : "";
}

// Lists records of one kind: by a party's index when `party` is given, else every
// record under `record_prefix`; filtered by `keep`, paged by id (`after`, `limit`).
void list_records(const Node& node, const httplib::Request& req, httplib::Response& res, const std::string& kind,
                  const std::string& record_prefix, const std::string& plural,
                  const std::function<bool(const Json&)>& keep) {
  auto limit_param = query_int(req, "limit", kDefaultPage, 1, kMaxPage);
  if (!limit_param) return reply_status(res, limit_param.status());
  const int64_t limit = *limit_param;
  std::string error;
  std::string party = param(req, "party"), after = param(req, "after");
  if (!party.empty() && !is_valid_participant_id(party)) error = "party must be a participant id";
  if (!after.empty() && !is_valid_id(after)) error = "after must be an id";
  if (!error.empty()) return reply_error(res, 400, "invalid_argument", error);

  const std::string prefix = party.empty() ? record_prefix : keys::by_party(party, kind, "");
  Json list = Json::array();
  std::string last;
  bool more = false;
  node.store().scan(prefix, after.empty() ? "" : prefix + after, [&](const std::string& key, const std::string& value) {
    std::string id = key.substr(prefix.size());
    auto record = party.empty() ? std::optional<Json>(served_record(node, value)) : load_json(node, record_prefix + id);
    if (!record || !keep(*record)) return true;
    if (static_cast<int64_t>(list.size()) == limit) {
      more = true;
      return false;
    }
    list.push_back(std::move(*record));
    last = id;
    return true;
  });
  Json out{{plural, list}};
  if (more) out["next_after"] = last;
  reply_json(res, 200, out);
}

void reply_record(const Node& node, httplib::Response& res, const std::string& key, const std::string& what,
                  const std::string& id) {
  if (!is_valid_id(id)) return reply_error(res, 400, "invalid_argument", what + " id must match [A-Za-z0-9._-]{1,64}");
  auto record = load_json(node, key);
  if (!record) return reply_error(res, 404, "not_found", "no " + what + " \"" + id + "\"");
  reply_json(res, 200, *record);
}

// The financings recorded against a document (open and closed).
Json financings_of(const Node& node, const std::string& doc_id) {
  Json out = Json::array();
  const std::string prefix = keys::by_doc(doc_id, "financing", "");
  node.store().scan(prefix, "", [&](const std::string& key, const std::string&) {
    if (auto f = load_json(node, keys::financing(key.substr(prefix.size())))) out.push_back(*f);
    return true;
  });
  return out;
}

Json fingerprint_answer(const Node& node, const std::string& kind, const Hash& fp) {
  Json out{{"fingerprint", fp.hex()}, {"held", false}};
  if (!kind.empty()) out["kind"] = kind;
  if (auto rec = load_json(node, keys::fingerprint(fp.hex()))) {
    out = *rec;
    out["held"] = rec->value("status", "") == "held";
  }
  return out;
}

// "Has this invoice (or B/L) been financed anywhere?" — the node derives the
// fingerprints from the document's key fields with the network key, so a bank can ask
// without holding the key, and answers who holds each.
void lookup_fingerprints(const Node& node, const httplib::Request& req, httplib::Response& res) {
  const Hash& key = node.genesis().network_key;
  Json results = Json::array();
  std::string seller = param(req, "seller"), buyer = param(req, "buyer");
  for (const char* party : {"seller", "buyer", "carrier"})
    if (req.has_param(party) && !is_valid_participant_id(param(req, party)))
      return reply_error(res, 400, "invalid_argument", std::string(party) + " must be a participant id");
  if (req.has_param("carrier") || req.has_param("bl_number")) {
    std::string carrier = param(req, "carrier"), bl = param(req, "bl_number");
    if (carrier.empty() || bl.empty()) return reply_error(res, 400, "invalid_argument", "F3 needs carrier and bl_number");
    results.push_back(fingerprint_answer(node, "F3", fingerprint_f3(key, carrier, bl)));
  } else {
    if (seller.empty() || buyer.empty())
      return reply_error(res, 400, "invalid_argument",
                         "give seller and buyer with number (F1) and/or currency, amount, issue_date (F2); or carrier and bl_number (F3)");
    if (req.has_param("number")) results.push_back(fingerprint_answer(node, "F1", fingerprint_f1(key, seller, buyer, param(req, "number"))));
    if (req.has_param("amount") || req.has_param("currency") || req.has_param("issue_date")) {
      std::string amount_text = param(req, "amount"), currency = param(req, "currency");
      auto amount = parse_decimal_amount(amount_text, currency);
      if (!amount) return reply_error(res, 400, "invalid_argument", "amount: " + amount.status().message());
      if (!is_valid_date(param(req, "issue_date"))) return reply_error(res, 400, "invalid_argument", "issue_date must be YYYY-MM-DD");
      results.push_back(fingerprint_answer(node, "F2", fingerprint_f2(key, seller, buyer, currency, *amount, param(req, "issue_date"))));
    }
    if (results.empty()) return reply_error(res, 400, "invalid_argument", "give number (F1) or currency, amount and issue_date (F2)");
  }
  bool held = false;
  for (const auto& r : results) held = held || r["held"].get<bool>();
  reply_json(res, 200, Json{{"financed", held}, {"fingerprints", results}});
}

}  // namespace

void install_trade_routes(httplib::Server& server, Node& node) {
  server.Get("/api/v1/documents", [&node](const httplib::Request& req, httplib::Response& res) {
    std::string type = param(req, "type"), status = param(req, "status");
    list_records(node, req, res, "doc", keys::document(""), "documents", [&](const Json& d) {
      return (type.empty() || d.value("doc_type", "") == type) && (status.empty() || d.value("status", "") == status);
    });
  });
  server.Get(R"(/api/v1/documents/([^/]+))", [&node](const httplib::Request& req, httplib::Response& res) {
    std::string id = req.matches[1];
    if (!is_valid_id(id)) return reply_error(res, 400, "invalid_argument", "document id must match [A-Za-z0-9._-]{1,64}");
    auto doc = load_json(node, keys::document(id));
    if (!doc) return reply_error(res, 404, "not_found", "no document \"" + id + "\"");
    (*doc)["financings"] = financings_of(node, id);
    reply_json(res, 200, *doc);
  });

  server.Get("/api/v1/financings", [&node](const httplib::Request& req, httplib::Response& res) {
    std::string status = param(req, "status");
    list_records(node, req, res, "financing", keys::financing(""), "financings",
                 [&](const Json& f) { return status.empty() || f.value("status", "") == status; });
  });
  server.Get(R"(/api/v1/financings/([^/]+))", [&node](const httplib::Request& req, httplib::Response& res) {
    std::string id = req.matches[1];
    reply_record(node, res, keys::financing(id), "financing", id);
  });

  server.Get("/api/v1/fingerprints", [&node](const httplib::Request& req, httplib::Response& res) {
    lookup_fingerprints(node, req, res);
  });
  server.Get(R"(/api/v1/fingerprints/([^/]+))", [&node](const httplib::Request& req, httplib::Response& res) {
    std::string hex = req.matches[1];
    if (!is_lower_hex(hex, 32)) return reply_error(res, 400, "invalid_argument", "fingerprint must be 64 lowercase hex digits");
    reply_json(res, 200, fingerprint_answer(node, "", Hash::from_hex(hex).value()));
  });

  server.Get("/api/v1/lcs", [&node](const httplib::Request& req, httplib::Response& res) {
    std::string status = param(req, "status");
    list_records(node, req, res, "lc", keys::lc(""), "lcs",
                 [&](const Json& l) { return status.empty() || l.value("status", "") == status; });
  });
  server.Get(R"(/api/v1/lcs/([^/]+))", [&node](const httplib::Request& req, httplib::Response& res) {
    std::string id = req.matches[1];
    if (!is_valid_id(id)) return reply_error(res, 400, "invalid_argument", "LC id must match [A-Za-z0-9._-]{1,64}");
    auto lc = load_json(node, keys::lc(id));
    if (!lc) return reply_error(res, 404, "not_found", "no LC \"" + id + "\"");
    Json presentations = Json::array();
    if (lc->contains("presentations") && (*lc)["presentations"].is_array())
      for (const auto& p : (*lc)["presentations"]) {
        std::string pid = p.is_string() ? p.get<std::string>() : p.value("presentation_id", "");
        if (auto rec = load_json(node, keys::presentation(pid))) presentations.push_back(*rec);
      }
    (*lc)["presentation_records"] = presentations;
    reply_json(res, 200, *lc);
  });
  server.Get(R"(/api/v1/presentations/([^/]+))", [&node](const httplib::Request& req, httplib::Response& res) {
    std::string id = req.matches[1];
    reply_record(node, res, keys::presentation(id), "presentation", id);
  });
}

}  // namespace tfl
