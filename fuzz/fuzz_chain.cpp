#include "fuzz/fuzz_chain.h"

#include <cstdio>
#include <cstdlib>
#include <map>

namespace tfl::fuzz {
namespace {

Genesis parse_or_die(const Json& j) {
  auto g = parse_genesis(j);
  require(g.is_ok(), "the fuzz genesis must parse");
  return *g;
}

consensus::ValidatorSet validator_set(const Genesis& g) {
  std::vector<std::string> ids;
  for (const auto& v : g.validators) ids.push_back(v.id);
  return consensus::ValidatorSet(std::move(ids));
}

}  // namespace

void require(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
  std::abort();
}

void require_canonical_values(const WriteSet& writes) {
  for (const auto& [key, value] : writes) {
    if (!value || value->empty()) continue;
    auto record = parse_strict_json(*value);
    require(record.is_ok() && canonical_json(*record) == *value, "every state value is canonical JSON (or an index entry)");
  }
}

KeyPair FuzzChain::key(const std::string& id) {
  crypto_init();
  return KeyPair::from_seed("tfl-fuzz/" + id);
}

Json FuzzChain::genesis_json(int validators) {
  Json vals = Json::array();
  for (int i = 1; i <= validators; ++i) {
    std::string id = "node" + std::to_string(i);
    vals.push_back(Json{{"id", id}, {"public_key", key(id).public_key.hex()},
                        {"address", "http://127.0.0.1:" + std::to_string(7540 + i)}});
  }
  auto party = [](const std::string& id, const std::string& role, const std::string& by) {
    return Json{{"id", id}, {"name", id + " Ltd"}, {"role", role}, {"keys", {key(id).public_key.hex()}},
                {"threshold", 1}, {"onboarded_by", by}};
  };
  Json corp1 = party("corp1", "corporate", "bank1");
  corp1["credit_limit"] = Json{{"currency", "USD"}, {"amount", 100000000}};
  Json corp2 = party("corp2", "corporate", "bank2");
  corp2["credit_limit"] = Json{{"currency", "USD"}, {"amount", 100000000}};
  return Json{{"chain_id", kChainId},
              {"genesis_time", "2026-03-01T00:00:00Z"},
              {"network_key", sha256("tfl-fuzz network key").hex()},
              {"validators", vals},
              {"participants",
               {party("bank1", "bank", "genesis"), party("bank2", "bank", "genesis"), corp1, corp2,
                party("carrier1", "carrier", "bank1"), party("insurer1", "insurer", "bank1")}}};
}

FuzzChain::FuzzChain(int validators)
    : genesis(parse_or_die(genesis_json(validators))),
      executor(genesis, default_handlers()),
      validators(validator_set(genesis)) {
  for (const auto& [k, v] : genesis_writes(genesis)) state.put(k, *v);
  const int64_t ms = *parse_utc_timestamp("2026-03-02T12:00:00Z");
  env = BlockEnv{1, ms, utc_date(ms)};
  BlockHeader& h = block1.header;
  h.chain_id = genesis.chain_id;
  h.height = 1;
  h.time_ms = genesis.genesis_time_ms + 1000;
  h.prev_hash = genesis.hash;
  h.tx_root = tx_root({});
  h.state_root = genesis_state_root(genesis);
  h.evidence_hash = evidence_hash({});
  h.proposer = genesis.validators.front().id;
}


std::vector<TxPtr> trade_scenario() {
  std::map<std::string, int64_t> nonces;
  std::vector<TxPtr> txs;
  auto add = [&](const std::string& sender, const std::string& type, const Json& payload) {
    KeyPair kp = FuzzChain::key(sender);
    txs.push_back(make_signed_tx(kChainId, type, sender, nonces[sender]++, payload, {&kp.secret_key}));
  };
  const Json buyer_seller{{"buyer", "corp2"}, {"seller", "corp1"}};
  auto invoice = [&](const std::string& id, int64_t amount, const Json& refs) {
    return Json{{"doc_id", id},       {"doc_type", "commercial_invoice"}, {"number", id + "-001"},
                {"issue_date", "2026-02-25"}, {"parties", buyer_seller}, {"currency", "USD"},
                {"amount", amount},   {"due_date", "2099-05-25"},        {"refs", refs}};
  };
  add("corp2", "doc.issue",
      Json{{"doc_id", "PO-1"}, {"doc_type", "purchase_order"}, {"number", "PO-001"}, {"issue_date", "2026-02-20"},
           {"parties", buyer_seller}, {"currency", "USD"}, {"amount", 1250000}});
  add("corp1", "doc.accept", Json{{"doc_id", "PO-1"}});
  add("corp1", "doc.issue", invoice("INV-1", 1250000, {"PO-1"}));
  add("corp2", "doc.accept", Json{{"doc_id", "INV-1"}});
  add("corp1", "finance.request",
      Json{{"financing_id", "FIN-1"}, {"doc_id", "INV-1"}, {"bank", "bank1"}, {"amount", 1000000}, {"currency", "USD"}});
  add("bank1", "finance.approve",
      Json{{"financing_id", "FIN-1"}, {"amount", 900000}, {"rate_bps", 450}, {"due_date", "2099-06-01"}});
  add("bank1", "lc.issue",
      Json{{"lc_id", "LC-1"}, {"applicant", "corp2"}, {"beneficiary", "corp1"}, {"advising_bank", "bank2"},
           {"currency", "USD"}, {"amount", 1250000}, {"expiry_date", "2099-04-30"},
           {"latest_shipment_date", "2099-03-31"}, {"partial_shipments", false},
           {"required_docs", {"commercial_invoice", "bill_of_lading"}}, {"goods", "1000 cartons of ceramic tiles"}});
  add("bank2", "lc.advise", Json{{"lc_id", "LC-1"}});
  add("carrier1", "doc.issue",
      Json{{"doc_id", "BL-1"}, {"doc_type", "bill_of_lading"}, {"number", "BL-001"}, {"issue_date", "2026-02-27"},
           {"parties", {{"buyer", "corp2"}, {"seller", "corp1"}, {"carrier", "carrier1"}}},
           {"fields", {{"shipped_on_board_date", "2026-02-27"}, {"port_of_loading", "Hong Kong"},
                       {"port_of_discharge", "Rotterdam"}, {"vessel", "MV Example"}}}});
  add("corp1", "doc.issue", invoice("INV-2", 1250000, Json::array()));
  add("corp1", "lc.present",
      Json{{"presentation_id", "P-1"}, {"lc_id", "LC-1"}, {"doc_ids", {"INV-2", "BL-1"}}, {"amount", 1250000}});
  add("bank1", "participant.register",
      Json{{"id", "corp3"}, {"name", "corp3 Ltd"}, {"role", "corporate"},
           {"keys", {FuzzChain::key("corp3").public_key.hex()}}, {"threshold", 1},
           {"credit_limit", {{"currency", "USD"}, {"amount", 5000000}}}});
  return txs;
}

const FuzzChain& chain4() {
  static const FuzzChain* chain = new FuzzChain(4);
  return *chain;
}

}  // namespace tfl::fuzz
