// A small trade network for the trade-finance tests: a genesis with three banks (bank3
// needs 2 of its 3 officers' signatures), three corporates, a carrier and an insurer;
// its state; an Executor; and helpers that sign, apply and inspect txs.
#pragma once

#include <catch2/catch.hpp>
#include <map>
#include <string>
#include <vector>

#include "chain/state/executor.h"
#include "chain/state/genesis.h"
#include "chain/state/participant.h"
#include "chain/state/state_keys.h"
#include "chain/tx/transaction.h"

namespace tfl::test {

inline KeyPair key_of(const std::string& name) { return KeyPair::from_seed("tfl-test/" + name); }

// What became of a tx: refused before execution (admitted false: bad signatures,
// nonce, threshold), or executed and committed ok / failed with a reason.
struct Outcome {
  bool admitted = false;
  bool ok = false;
  std::string reason;
};

inline Json participant_json(const std::string& id, const std::string& role, const std::string& by,
                             const std::vector<std::string>& key_names, int threshold,
                             const Json& credit_limit = nullptr) {
  Json keys = Json::array();
  for (const auto& k : key_names) keys.push_back(key_of(k).public_key.hex());
  Json p{{"id", id},     {"name", id + " Ltd"},    {"role", role},
         {"keys", keys}, {"threshold", threshold}, {"onboarded_by", by}};
  if (!credit_limit.is_null()) p["credit_limit"] = credit_limit;
  return p;
}

inline Json test_genesis_json() {
  Json usd_limit = {{"currency", "USD"}, {"amount", 10000000}};   // 100000.00 USD
  Json small_limit = {{"currency", "USD"}, {"amount", 5000000}};  // 50000.00 USD
  return Json{
      {"chain_id", "tfl-test"},
      {"genesis_time", "2026-03-01T00:00:00Z"},
      {"network_key", sha256("tfl-test network key").hex()},
      {"validators",
       Json::array(
           {{{"id", "v1"}, {"public_key", key_of("v1").public_key.hex()}, {"address", "http://127.0.0.1:7001"}}})},
      {"participants", Json::array({participant_json("bank1", "bank", "genesis", {"bank1"}, 1),
                                    participant_json("bank2", "bank", "genesis", {"bank2"}, 1),
                                    participant_json("bank3", "bank", "genesis", {"bank3-a", "bank3-b", "bank3-c"}, 2),
                                    participant_json("corp1", "corporate", "bank1", {"corp1"}, 1, usd_limit),
                                    participant_json("corp2", "corporate", "bank2", {"corp2"}, 1),
                                    participant_json("corp3", "corporate", "bank1", {"corp3"}, 1, small_limit),
                                    participant_json("carrier1", "carrier", "bank1", {"carrier1"}, 1),
                                    participant_json("insurer1", "insurer", "bank2", {"insurer1"}, 1)})}};
}

inline Genesis test_genesis() { return parse_genesis(test_genesis_json()).value(); }

inline void apply_writes(StateOverlay& state, const WriteSet& writes) {
  for (const auto& [k, v] : writes) {
    if (v)
      state.put(k, *v);
    else
      state.erase(k);
  }
}

inline BlockEnv env_on(const std::string& date, int64_t height = 1) {
  int64_t ms = parse_utc_timestamp(date + "T12:00:00Z").value();
  return BlockEnv{height, ms, utc_date(ms)};
}

class TradeFixture {
 public:
  TradeFixture() : genesis_(test_genesis()), state(empty_), executor(genesis_, default_handlers()) {
    apply_writes(state, genesis_writes(genesis_));
  }

  const Genesis& genesis() const { return executor.genesis(); }

  // The tx `sender` would send next, signed by the given key names (default: the
  // participant's own single key, or its first `threshold` officers for bank3).
  TxPtr make_tx(const std::string& sender, const std::string& type, const Json& payload,
                std::vector<std::string> signers = {}, std::optional<int64_t> nonce = std::nullopt) const {
    if (signers.empty())
      signers = sender == "bank3" ? std::vector<std::string>{"bank3-a", "bank3-b"} : std::vector<std::string>{sender};
    std::vector<KeyPair> pairs;
    for (const auto& s : signers) pairs.push_back(key_of(s));
    std::vector<const SecretKey*> secrets;
    for (const auto& kp : pairs) secrets.push_back(&kp.secret_key);
    int64_t n = nonce ? *nonce : next_nonce(sender);
    return make_signed_tx(genesis().chain_id, type, sender, n, payload, secrets);
  }

  Outcome send(const std::string& sender, const std::string& type, const Json& payload,
               const std::vector<std::string>& signers = {}) {
    TxPtr tx = make_tx(sender, type, payload, signers);
    Status sig = verify_tx_signatures(*tx);
    if (!sig) return Outcome{false, false, sig.message()};
    auto result = executor.apply_tx(state, *tx, env);
    if (!result) return Outcome{false, false, result.status().message()};
    return Outcome{true, result->ok, result->reason};
  }

  // Sends and requires success.
  void ok(const std::string& sender, const std::string& type, const Json& payload) {
    Outcome o = send(sender, type, payload);
    INFO(type << " by " << sender << ": " << o.reason);
    REQUIRE(o.ok);
  }

  // Sends, requires a failure at execution, and returns its reason.
  std::string refused(const std::string& sender, const std::string& type, const Json& payload) {
    Outcome o = send(sender, type, payload);
    INFO(type << " by " << sender << " was expected to fail");
    REQUIRE(o.admitted);
    REQUIRE_FALSE(o.ok);
    return o.reason;
  }

  int64_t next_nonce(const std::string& id) const { return tfl::next_nonce(state, id); }

  Json record(const std::string& key) const {
    auto raw = state.get(key);
    INFO("no record at " << key);
    REQUIRE(raw);
    return Json::parse(*raw);
  }
  Json doc(const std::string& id) const { return record(keys::document(id)); }
  Json financing(const std::string& id) const { return record(keys::financing(id)); }
  Json lc(const std::string& id) const { return record(keys::lc(id)); }
  Json presentation(const std::string& id) const { return record(keys::presentation(id)); }
  Json participant(const std::string& id) const { return record(keys::participant(id)); }
  bool has(const std::string& key) const { return state.get(key).has_value(); }

  // ---- payloads with sensible defaults; tests change what they examine ----

  static Json po(const std::string& id, int64_t amount = 1250000) {
    return Json{{"doc_id", id},
                {"doc_type", "purchase_order"},
                {"number", "PO-" + id},
                {"issue_date", "2026-02-20"},
                {"parties", {{"buyer", "corp2"}, {"seller", "corp1"}}},
                {"currency", "USD"},
                {"amount", amount}};
  }
  static Json invoice(const std::string& id, const std::string& number, int64_t amount = 1250000,
                      const Json& refs = Json::array()) {
    return Json{{"doc_id", id},
                {"doc_type", "commercial_invoice"},
                {"number", number},
                {"issue_date", "2026-02-25"},
                {"parties", {{"buyer", "corp2"}, {"seller", "corp1"}}},
                {"currency", "USD"},
                {"amount", amount},
                {"due_date", "2026-05-25"},
                {"refs", refs}};
  }
  static Json bill_of_lading(const std::string& id, const std::string& number,
                             const std::string& shipped = "2026-02-27") {
    return Json{{"doc_id", id},
                {"doc_type", "bill_of_lading"},
                {"number", number},
                {"issue_date", shipped},
                {"parties", {{"buyer", "corp2"}, {"seller", "corp1"}, {"carrier", "carrier1"}}},
                {"fields",
                 {{"shipped_on_board_date", shipped},
                  {"port_of_loading", "Hong Kong"},
                  {"port_of_discharge", "Rotterdam"},
                  {"vessel", "MV Example"}}}};
  }
  static Json packing_list(const std::string& id) {
    return Json{{"doc_id", id},
                {"doc_type", "packing_list"},
                {"number", "PL-" + id},
                {"issue_date", "2026-02-26"},
                {"parties", {{"buyer", "corp2"}, {"seller", "corp1"}}}};
  }
  static Json insurance_certificate(const std::string& id, int64_t amount = 1375000) {
    return Json{{"doc_id", id},
                {"doc_type", "insurance_certificate"},
                {"number", "IC-" + id},
                {"issue_date", "2026-02-26"},
                {"parties", {{"buyer", "corp2"}, {"seller", "corp1"}, {"insurer", "insurer1"}}},
                {"currency", "USD"},
                {"amount", amount}};
  }
  static Json request(const std::string& id, const std::string& doc_id, const std::string& bank,
                      int64_t amount = 1000000, const std::string& currency = "USD") {
    return Json{{"financing_id", id}, {"doc_id", doc_id}, {"bank", bank}, {"amount", amount}, {"currency", currency}};
  }
  static Json approval(const std::string& id, int64_t amount = 1000000, const std::string& due = "2026-06-01") {
    return Json{{"financing_id", id}, {"amount", amount}, {"rate_bps", 450}, {"due_date", due}};
  }

  // ---- scenario steps ----

  void accepted_po(const std::string& id, int64_t amount = 1250000) {
    ok("corp2", "doc.issue", po(id, amount));
    ok("corp1", "doc.accept", {{"doc_id", id}});
  }
  void accepted_invoice(const std::string& id, const std::string& number, int64_t amount = 1250000,
                        const Json& refs = Json::array()) {
    ok("corp1", "doc.issue", invoice(id, number, amount, refs));
    ok("corp2", "doc.accept", {{"doc_id", id}});
  }

 private:
  Genesis genesis_;
  EmptyState empty_;

 public:
  StateOverlay state;
  Executor executor;
  BlockEnv env = env_on("2026-03-02");
};

}  // namespace tfl::test
