#include "ledger_fixture.h"

#include <catch2/catch.hpp>

#include "chain/state/participant.h"

namespace tfl::testing {

Json genesis_json(int validators, const std::string& chain_id) {
  Json vals = Json::array();
  for (int i = 1; i <= validators; ++i) {
    std::string id = "node" + std::to_string(i);
    vals.push_back(Json{{"id", id}, {"public_key", LedgerFixture::key(id).public_key.hex()},
                        {"address", "http://127.0.0.1:" + std::to_string(7000 + i)}});
  }
  auto party = [](const std::string& id, const std::string& role, const std::string& by) {
    return Json{{"id", id}, {"name", id + " Ltd"}, {"role", role}, {"keys", {LedgerFixture::key(id).public_key.hex()}},
                {"threshold", 1}, {"onboarded_by", by}};
  };
  Json corp1 = party("corp1", "corporate", "bank1");
  corp1["credit_limit"] = Json{{"currency", "USD"}, {"amount", 100000000}};
  Json corp2 = party("corp2", "corporate", "bank2");
  corp2["credit_limit"] = Json{{"currency", "USD"}, {"amount", 100000000}};
  return Json{{"chain_id", chain_id},
              {"genesis_time", "2026-11-01T00:00:00Z"},
              {"network_key", sha256("network").hex()},
              {"validators", vals},
              {"participants",
               {party("bank1", "bank", "genesis"), party("bank2", "bank", "genesis"), corp1, corp2,
                party("carrier1", "carrier", "bank1"), party("insurer1", "insurer", "bank1")}}};
}

LedgerFixture::LedgerFixture(int validators, const std::string& chain_id) {
  auto g = parse_genesis(genesis_json(validators, chain_id));
  REQUIRE(g.is_ok());
  genesis = *g;
  for (const auto& [k, v] : genesis_writes(genesis)) state.put(k, *v);
  executor = std::make_unique<Executor>(genesis, default_handlers());
}

TxPtr LedgerFixture::tx(const std::string& sender, const std::string& type, const Json& payload,
                        std::vector<std::string> signers, std::optional<int64_t> nonce) const {
  if (signers.empty()) signers.push_back(sender);
  std::vector<KeyPair> pairs;
  for (const auto& s : signers) pairs.push_back(key(s));
  std::vector<const SecretKey*> keys;
  for (const auto& p : pairs) keys.push_back(&p.secret_key);
  int64_t n = nonce.value_or(0);
  if (!nonce) {
    n = next_nonce(state, sender);
  }
  return make_signed_tx(genesis.chain_id, type, sender, n, payload, keys);
}

Result<TxOutcome> LedgerFixture::apply(const TxPtr& tx) {
  Status sig = verify_tx_signatures(*tx);
  if (!sig) return sig;
  return executor->apply_tx(state, *tx, env);
}

}  // namespace tfl::testing
