// Proposals on the wire (node/consensus_wire.h): a receiver takes the txs it already
// holds, and never a different tx under the same id.
#include <map>
#include <catch2/catch.hpp>

#include "node/consensus_wire.h"
#include "ledger_fixture.h"

using namespace tfl;
using tfl::testing::LedgerFixture;
using Catch::Contains;

namespace {

struct SignedProposal {
  Block block;
  Json wire;
};

// node1 (the only validator, so the proposer of every round) proposes a block of txs.
SignedProposal propose(const LedgerFixture& f, const std::vector<TxPtr>& txs, BlockForm form = BlockForm::kFull) {
  Block b;
  b.header.chain_id = f.genesis.chain_id;
  b.header.height = 1;
  b.header.proposer = "node1";
  b.txs = txs;
  b.header.tx_root = tx_root(txs);
  consensus::Proposal p{1, 0, b.hash().hex(), -1, "node1", ""};
  p.signature = sign(LedgerFixture::key("node1").secret_key, proposal_sign_bytes(f.genesis.chain_id, p));
  return {b, encode_proposal(p, &b, form)};
}

// A participant.register payload for corporate `id`.
Json corporate(const std::string& id) {
  return Json{{"id", id},
              {"name", id},
              {"role", "corporate"},
              {"keys", Json::array({LedgerFixture::key(id).public_key.hex()})},
              {"threshold", 1}};
}

WireProposal decoded_proposal(const LedgerFixture& f, const Json& wire, const KnownTx& known) {
  auto m = decode_message(wire, f.genesis, consensus::ValidatorSet({"node1"}), known);
  REQUIRE(m);
  auto* w = std::get_if<WireProposal>(&*m);
  REQUIRE(w);
  return *w;
}

Block decoded_block(const LedgerFixture& f, const Json& wire, const KnownTx& known) {
  WireProposal w = decoded_proposal(f, wire, known);
  REQUIRE(w.block);
  CHECK_FALSE(w.lacking);
  return *w.block;
}

}  // namespace

TEST_CASE("a proposal's txs that the receiver holds are taken as they are, the rest decoded") {
  LedgerFixture f;
  TxPtr held = f.tx("bank1", "participant.register", corporate("corp7"), {}, 0);
  TxPtr fresh = f.tx("bank1", "participant.register", corporate("corp8"), {}, 1);
  SignedProposal sp = propose(f, {held, fresh});
  REQUIRE(sp.wire["tx_ids"].size() == 2);

  Block b = decoded_block(f, sp.wire, [&](const Hash& id) { return id == held->id ? held : nullptr; });
  REQUIRE(b.txs.size() == 2);
  CHECK(b.txs[0].get() == held.get());
  CHECK(b.txs[1].get() != fresh.get());
  CHECK(b.txs[1]->canonical == fresh->canonical);
  CHECK(b.hash() == sp.block.hash());
}

TEST_CASE("a held tx with the same id but other signatures is not put in the proposer's block") {
  LedgerFixture f;
  TxPtr proposed = f.tx("bank1", "participant.register", corporate("corp7"), {"bank1"}, 0);
  TxPtr other_signers = f.tx("bank1", "participant.register", corporate("corp7"), {"bank1", "bank2"}, 0);
  REQUIRE(proposed->id == other_signers->id);
  REQUIRE(proposed->canonical != other_signers->canonical);
  SignedProposal sp = propose(f, {proposed});

  Block b = decoded_block(f, sp.wire, [&](const Hash&) { return other_signers; });
  REQUIRE(b.txs.size() == 1);
  CHECK(b.txs[0]->canonical == proposed->canonical);
  CHECK(tx_root(b.txs) == b.header.tx_root);
}

TEST_CASE("tx_ids that do not name the block's txs are refused") {
  LedgerFixture f;
  TxPtr a = f.tx("bank1", "participant.register", corporate("corp7"), {}, 0);
  TxPtr b = f.tx("bank1", "participant.register", corporate("corp8"), {}, 1);
  SignedProposal sp = propose(f, {a});
  auto nobody = [](const Hash&) { return TxPtr(); };
  const consensus::ValidatorSet validators({"node1"});

  Json swapped = sp.wire;
  swapped["tx_ids"] = Json::array({b->id.hex()});
  auto m = decode_message(swapped, f.genesis, validators, nobody);
  REQUIRE_FALSE(m);
  CHECK_THAT(m.status().message(), Contains("tx_ids names another tx"));

  Json short_ids = sp.wire;
  short_ids["tx_ids"] = Json::array();
  REQUIRE_FALSE(decode_message(short_ids, f.genesis, validators, nobody));

  Json not_hex = sp.wire;
  not_hex["tx_ids"] = Json::array({"zz"});
  REQUIRE_FALSE(decode_message(not_hex, f.genesis, validators, nobody));
}

TEST_CASE("a compact proposal carries tx ids, and a receiver that holds the txs assembles the block") {
  LedgerFixture f;
  TxPtr a = f.tx("bank1", "participant.register", corporate("corp7"), {}, 0);
  TxPtr b = f.tx("bank1", "participant.register", corporate("corp8"), {}, 1);
  SignedProposal full = propose(f, {a, b});
  SignedProposal compact = propose(f, {a, b}, BlockForm::kCompact);
  CHECK_FALSE(compact.wire["block"].contains("txs"));
  CHECK(compact.wire["tx_ids"] == full.wire["tx_ids"]);
  CHECK(compact.wire.dump().size() < full.wire.dump().size());

  Block assembled = decoded_block(f, compact.wire, [&](const Hash& id) { return id == a->id ? a : b; });
  REQUIRE(assembled.txs.size() == 2);
  CHECK(assembled.txs[0].get() == a.get());
  CHECK(assembled.txs[1].get() == b.get());
  CHECK(assembled.canonical_text() == full.block.canonical_text());
}

TEST_CASE("a compact proposal comes without its block when the receiver lacks a tx or holds one with other signatures") {
  LedgerFixture f;
  TxPtr a = f.tx("bank1", "participant.register", corporate("corp7"), {"bank1"}, 0);
  TxPtr b = f.tx("bank1", "participant.register", corporate("corp8"), {}, 1);
  SignedProposal sp = propose(f, {a, b}, BlockForm::kCompact);

  SECTION("one tx is not held") {
    WireProposal w = decoded_proposal(f, sp.wire, [&](const Hash& id) { return id == a->id ? a : nullptr; });
    CHECK_FALSE(w.block);
    CHECK(w.lacking);
    CHECK(w.proposal.block_id == sp.block.hash().hex());
  }
  SECTION("no mempool to take them from") {
    WireProposal w = decoded_proposal(f, sp.wire, nullptr);
    CHECK_FALSE(w.block);
    CHECK(w.lacking);
  }
  SECTION("one is held under the same id with other signatures") {
    TxPtr other_signers = f.tx("bank1", "participant.register", corporate("corp7"), {"bank1", "bank2"}, 0);
    REQUIRE(other_signers->id == a->id);
    WireProposal w = decoded_proposal(f, sp.wire, [&](const Hash& id) { return id == a->id ? other_signers : b; });
    CHECK_FALSE(w.block);
    CHECK(w.lacking);
  }
}

TEST_CASE("a compact proposal that came before its txs is completed once they are held") {
  LedgerFixture f;
  TxPtr a = f.tx("bank1", "participant.register", corporate("corp7"), {"bank1"}, 0);
  TxPtr b = f.tx("bank1", "participant.register", corporate("corp8"), {}, 1);
  SignedProposal sp = propose(f, {a, b}, BlockForm::kCompact);
  std::map<Hash, TxPtr> mempool{{a->id, a}};
  const KnownTx held = [&](const Hash& id) {
    auto it = mempool.find(id);
    return it == mempool.end() ? nullptr : it->second;
  };

  WireProposal w = decoded_proposal(f, sp.wire, held);
  REQUIRE(w.lacking);
  CHECK(w.lacking->tx_ids == std::vector<Hash>{a->id, b->id});
  CHECK(w.lacking->envelope.hash() == sp.block.hash());
  CHECK_FALSE(complete_compact_block(*w.lacking, held));

  mempool[b->id] = b;  // b arrives by gossip
  std::optional<Block> completed = complete_compact_block(*w.lacking, held);
  REQUIRE(completed);
  CHECK(completed->hash() == sp.block.hash());
  CHECK(completed->canonical_text() == sp.block.canonical_text());
  CHECK(completed->txs[1].get() == b.get());

  SECTION("a tx held under its id with other signatures never completes it") {
    TxPtr other_signers = f.tx("bank1", "participant.register", corporate("corp7"), {"bank1", "bank2"}, 0);
    REQUIRE(other_signers->id == a->id);
    mempool[a->id] = other_signers;
    CHECK_FALSE(complete_compact_block(*w.lacking, held));
  }
  SECTION("nothing to take them from") { CHECK_FALSE(complete_compact_block(*w.lacking, nullptr)); }
}

TEST_CASE("malformed compact proposals are refused") {
  LedgerFixture f;
  TxPtr a = f.tx("bank1", "participant.register", corporate("corp7"), {}, 0);
  SignedProposal sp = propose(f, {a}, BlockForm::kCompact);
  auto held = [&](const Hash&) { return a; };
  const consensus::ValidatorSet validators({"node1"});
  auto refusal = [&](const Json& wire) {
    auto m = decode_message(wire, f.genesis, validators, held);
    REQUIRE_FALSE(m);
    return m.status().message();
  };

  Json no_ids = sp.wire;
  no_ids.erase("tx_ids");
  CHECK_THAT(refusal(no_ids), Contains("needs tx_ids"));

  Json ids_not_array = sp.wire;
  ids_not_array["tx_ids"] = "all of them";
  CHECK_THAT(refusal(ids_not_array), Contains("needs tx_ids"));

  Json not_hex = sp.wire;
  not_hex["tx_ids"] = Json::array({"zz"});
  refusal(not_hex);

  Json extra_member = sp.wire;
  extra_member["block"]["txs_count"] = 1;
  CHECK_THAT(refusal(extra_member), Contains("txs_count"));

  Json other_header = sp.wire;
  other_header["block"]["header"]["time"] = 12345;
  CHECK_THAT(refusal(other_header), Contains("does not hash to block_hash"));
}
