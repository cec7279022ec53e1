// The tx envelope (DESIGN §5): id, signatures, nonce, chain id, sender.
#include <catch2/catch.hpp>

#include "chain/crypto/signing.h"
#include "chain/state/participant.h"
#include "chain/crypto/merkle.h"
#include "ledger_fixture.h"

using namespace tfl;
using tfl::testing::LedgerFixture;

namespace {
Json register_payload(const std::string& id, const std::vector<std::string>& key_seeds, int threshold) {
  Json keys = Json::array();
  for (const auto& s : key_seeds) keys.push_back(LedgerFixture::key(s).public_key.hex());
  return Json{{"id", id}, {"name", "Acme Exports"}, {"role", "corporate"}, {"keys", keys}, {"threshold", threshold}};
}

std::string refusal(const Result<TxOutcome>& r) {
  REQUIRE_FALSE(r.is_ok());
  return r.status().message();
}
}  // namespace

TEST_CASE("tx id is SHA-256 of the domain-tagged canonical tx without signatures") {
  LedgerFixture f;
  TxPtr tx = f.tx("bank1", "participant.register", register_payload("acme", {"acme"}, 1));
  std::string expected_bytes = "tfledger/tx/v1\n" + canonical_json(tx->unsigned_json());
  CHECK(tx->sign_bytes == expected_bytes);
  CHECK(tx->id == sha256(expected_bytes));
  // Decoding the JSON form gives back the same id and canonical bytes.
  auto decoded = parse_tx(tx->to_json().dump());
  REQUIRE(decoded.is_ok());
  CHECK((*decoded)->id == tx->id);
  CHECK((*decoded)->canonical == tx->canonical);
}

TEST_CASE("a tx's canonical bytes are the canonical JSON of the whole signed tx") {
  LedgerFixture f;
  // A payload with members named like the envelope's, nested, and two signatures.
  Json payload{{"type", "x"}, {"signatures", {1, 2}}, {"z", {{"type", "y"}}}, {"note", "ünïcode \"quoted\""}};
  const KeyPair acme = LedgerFixture::key("acme"), bank1 = LedgerFixture::key("bank1");
  TxPtr tx = make_signed_tx(f.genesis.chain_id, "doc.issue", "acme", 3, payload, {&acme.secret_key, &bank1.secret_key});
  CHECK(tx->canonical == canonical_json(tx->to_json()));
  auto decoded = parse_tx(tx->to_json().dump());
  REQUIRE(decoded.is_ok());
  CHECK((*decoded)->canonical == canonical_json(tx->to_json()));
  // The Merkle leaf is hashed with the bytes, signed or decoded alike.
  CHECK(tx->leaf_hash == merkle_leaf_hash(tx->canonical));
  CHECK((*decoded)->leaf_hash == tx->leaf_hash);
}

TEST_CASE("tx decoding refuses malformed envelopes with the reason") {
  LedgerFixture f;
  Json good = f.tx("bank1", "participant.register", register_payload("acme", {"acme"}, 1))->to_json();
  struct Case { const char* what; std::function<void(Json&)> mutate; const char* reason; };
  std::vector<Case> cases = {
      {"unknown field", [](Json& j) { j["extra"] = 1; }, "unknown field \"extra\""},
      {"missing nonce", [](Json& j) { j.erase("nonce"); }, "missing field \"nonce\""},
      {"negative nonce", [](Json& j) { j["nonce"] = -1; }, "\"nonce\" must be between"},
      {"string nonce", [](Json& j) { j["nonce"] = "0"; }, "\"nonce\" must be an integer"},
      {"payload not object", [](Json& j) { j["payload"] = Json::array(); }, "\"payload\" must be an object"},
      {"no signatures", [](Json& j) { j["signatures"] = Json::array(); }, "no signature"},
      {"bad key hex", [](Json& j) { j["signatures"][0]["key"] = "xyz"; }, "public key"},
      {"short sig", [](Json& j) { j["signatures"][0]["sig"] = "abcd"; }, "signature"},
      {"bad sender", [](Json& j) { j["sender"] = "Bank One"; }, "sender must match"},
      {"bad type", [](Json& j) { j["type"] = "DROP TABLE"; }, "not a tx type name"},
      {"float in payload", [](Json& j) { j["payload"]["threshold"] = 1.5; }, "floating-point"},
  };
  for (const auto& c : cases) {
    Json j = good;
    c.mutate(j);
    auto r = decode_tx(j);
    INFO(c.what);
    REQUIRE_FALSE(r.is_ok());
    CHECK_THAT(r.status().message(), Catch::Contains(c.reason));
  }
}

TEST_CASE("a tx is refused for a bad signature, a foreign key, another chain, an unknown sender, a wrong nonce") {
  LedgerFixture f;
  Json payload = register_payload("acme", {"acme"}, 1);

  SECTION("bad signature") {
    Json j = f.tx("bank1", "participant.register", payload)->to_json();
    j["payload"]["name"] = "Changed After Signing";
    auto tx = decode_tx(j);
    REQUIRE(tx.is_ok());
    CHECK_THAT(refusal(f.apply(*tx)), Catch::Contains("bad signature"));
  }
  SECTION("signed by a key that is not the sender's") {
    CHECK_THAT(refusal(f.apply(f.tx("bank1", "participant.register", payload, {"bank2"}))),
               Catch::Contains("is not a key of \"bank1\""));
  }
  SECTION("another chain's id") {
    LedgerFixture other(1, "other-chain");
    CHECK_THAT(refusal(f.apply(other.tx("bank1", "participant.register", payload))),
               Catch::Contains("is for chain \"other-chain\""));
  }
  SECTION("unknown sender") {
    CHECK_THAT(refusal(f.apply(f.tx("nobody", "participant.register", payload, {"nobody"}, 0))),
               Catch::Contains("unknown sender \"nobody\""));
  }
  SECTION("replayed and skipped nonces") {
    TxPtr first = f.tx("bank1", "participant.register", payload);
    REQUIRE(f.apply(first).is_ok());
    CHECK_THAT(refusal(f.apply(first)), Catch::Contains("nonce 0 already spent"));
    CHECK_THAT(refusal(f.apply(f.tx("bank1", "participant.register", register_payload("b2", {"b2"}, 1), {}, 5))),
               Catch::Contains("nonce 5 skips ahead (next is 1)"));
  }
  SECTION("unknown tx type") {
    CHECK_THAT(refusal(f.apply(f.tx("bank1", "money.print", Json::object()))), Catch::Contains("unknown tx type"));
  }
}

TEST_CASE("threshold signatures: 2 of 3 officers") {
  LedgerFixture f;
  REQUIRE(f.apply(f.tx("bank1", "participant.register", register_payload("acme", {"o1", "o2", "o3"}, 2)))->ok);
  Json rotate{{"keys", {LedgerFixture::key("o1").public_key.hex(), LedgerFixture::key("o4").public_key.hex()}},
              {"threshold", 2}};
  CHECK_THAT(refusal(f.apply(f.tx("acme", "participant.update_keys", rotate, {"o1"}))),
             Catch::Contains("needs 2 signatures, tx has 1"));
  auto both = f.apply(f.tx("acme", "participant.update_keys", rotate, {"o1", "o3"}));
  REQUIRE(both.is_ok());
  CHECK(both->ok);
  // The rotated-out officer can no longer sign.
  CHECK_THAT(refusal(f.apply(f.tx("acme", "participant.update_keys", rotate, {"o1", "o2"}))),
             Catch::Contains("is not a key of \"acme\""));
}

TEST_CASE("participant.register: only banks onboard, ids unique, fields checked") {
  LedgerFixture f;
  struct Case { std::string sender; Json payload; std::string reason; };
  Json dup_keys = register_payload("acme", {"k", "k"}, 1);
  Json bank_role = register_payload("bank9", {"k"}, 1);
  bank_role["role"] = "bank";
  Json limit_on_carrier = register_payload("ship", {"k"}, 1);
  limit_on_carrier["role"] = "carrier";
  limit_on_carrier["credit_limit"] = Json{{"currency", "USD"}, {"amount", 5}};
  std::vector<Case> cases = {
      {"corp1", register_payload("acme", {"k"}, 1), "only a bank onboards participants"},
      {"bank1", register_payload("corp1", {"k"}, 1), "participant \"corp1\" already exists"},
      {"bank1", register_payload("Bad Id", {"k"}, 1), "must match [a-z0-9-]{2,32}"},
      {"bank1", register_payload("acme", {"k"}, 2), "threshold must be between 1 and the number of keys"},
      {"bank1", dup_keys, "key listed twice"},
      {"bank1", bank_role, "banks are onboarded in genesis"},
      {"bank1", limit_on_carrier, "only a corporate has a credit limit"},
  };
  for (const auto& c : cases) {
    INFO(c.reason);
    auto r = f.apply(f.tx(c.sender, "participant.register", c.payload));
    REQUIRE(r.is_ok());
    CHECK_FALSE(r->ok);
    CHECK_THAT(r->reason, Catch::Contains(c.reason));
  }
  // A failed tx still spends the sender's nonce.
  CHECK(next_nonce(f.state, "bank1") == 6);
  auto ok = f.apply(f.tx("bank1", "participant.register", register_payload("acme", {"k"}, 1)));
  REQUIRE(ok.is_ok());
  CHECK(ok->ok);
  auto acme = load_participant(f.state, "acme");
  REQUIRE(acme);
  CHECK((*acme)["onboarded_by"] == "bank1");
}
