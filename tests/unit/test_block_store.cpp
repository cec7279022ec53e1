// Blocks, certificates and the LevelDB store (DESIGN §6, §7).
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>

#include <leveldb/db.h>

#include "chain/state/state_keys.h"
#include "chain/block/tx_proof.h"
#include "chain/storage/block_store.h"
#include "node/block_builder.h"
#include "ledger_fixture.h"

using namespace tfl;
using tfl::testing::LedgerFixture;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("tfl-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
    fs::remove_all(path);
  }
  ~TempDir() { fs::remove_all(path); }
  static int& counter() {
    static int c = 0;
    return c;
  }
};

Commit certify(const Genesis& g, const Block& b, const std::vector<std::string>& signers) {
  Commit c{b.header.height, 0, b.hash(), {}};
  for (const auto& v : signers)
    c.signatures.push_back({v, sign(LedgerFixture::key(v).secret_key,
                                    vote_sign_bytes(g.chain_id, "precommit", c.height, 0, c.block_hash.hex()))});
  return c;
}

Json register_payload(const std::string& id) {
  return Json{{"id", id}, {"name", id}, {"role", "corporate"}, {"keys", {LedgerFixture::key(id).public_key.hex()}},
              {"threshold", 1}};
}

// Builds and commits a block of `txs` (signed against the store's state).
BuiltBlock commit_next(BlockStore& store, const Executor& ex, const std::vector<TxPtr>& txs, int64_t time) {
  BuiltBlock built = build_block(ex, store, txs, "node1", time).value();
  REQUIRE(built.left_out.empty());
  REQUIRE(store.commit(built.block, certify(ex.genesis(), built.block, {"node1"}), built.execution).is_ok());
  return built;
}

}  // namespace

TEST_CASE("blocks commit atomically and survive reopening with the same state root") {
  LedgerFixture f;
  const KeyPair bank1 = LedgerFixture::key("bank1");
  TempDir dir;
  Hash root_after;
  {
    auto store = BlockStore::open(dir.path.string(), f.genesis);
    REQUIRE(store.is_ok());
    CHECK((*store)->tip().height == 0);
    CHECK((*store)->tip().state_root == genesis_state_root(f.genesis));
    TxPtr t1 = make_signed_tx(f.genesis.chain_id, "participant.register", "bank1", 0, register_payload("acme"),
                              {&bank1.secret_key});
    auto b1 = commit_next(**store, *f.executor, {t1}, f.genesis.genesis_time_ms + 1000);
    TxPtr t2 = make_signed_tx(f.genesis.chain_id, "participant.register", "bank1", 1, register_payload("acme"),
                              {&bank1.secret_key});
    auto b2 = commit_next(**store, *f.executor, {t2}, f.genesis.genesis_time_ms + 2000);
    CHECK(b2.block.header.state_root == b1.execution.state_root);  // header carries the state after h-1
    // The tip's header comes from memory, an older one from disk: both as committed.
    CHECK((*store)->header_at(2)->hash() == b2.block.header.hash());
    CHECK((*store)->header_at(1)->hash() == b1.block.header.hash());
    CHECK((*store)->header_at(3).status().code() == Code::kNotFound);
    CHECK(b2.block.last_commit->block_hash == b1.block.hash());
    CHECK_FALSE(b2.execution.outcomes[0].ok);  // acme already exists
    root_after = (*store)->tip().state_root;
    CHECK((*store)->check_tip(f.genesis).is_ok());
    auto loc = (*store)->tx_location(t2->id);
    REQUIRE(loc);
    CHECK(loc->height == 2);
    CHECK_FALSE(loc->ok);
    CHECK_THAT(loc->reason, Catch::Contains("already exists"));
  }
  auto reopened = BlockStore::open(dir.path.string(), f.genesis);
  REQUIRE(reopened.is_ok());
  CHECK((*reopened)->tip().height == 2);
  CHECK((*reopened)->tip().state_root == root_after);
  CHECK((*reopened)->check_tip(f.genesis).is_ok());
  auto b1 = (*reopened)->block_at(1);
  REQUIRE(b1.is_ok());
  CHECK((*reopened)->height_of(b1->hash()) == 1);
  auto b2 = (*reopened)->block_at(2);
  REQUIRE(b2.is_ok());
  CHECK((*reopened)->header_at(2)->hash() == b2->header.hash());  // read from disk, then kept
  CHECK((*reopened)->header_at(2)->hash() == b2->header.hash());
}

TEST_CASE("a store made for another genesis is refused") {
  LedgerFixture f;
  LedgerFixture other(1, "other-chain");
  TempDir dir;
  { REQUIRE(BlockStore::open(dir.path.string(), f.genesis).is_ok()); }
  auto wrong = BlockStore::open(dir.path.string(), other.genesis);
  REQUIRE_FALSE(wrong.is_ok());
  CHECK_THAT(wrong.status().message(), Catch::Contains("belongs to genesis"));
}

TEST_CASE("a store in another state format is refused, saying how to go on") {
  LedgerFixture f;
  TempDir dir;
  { REQUIRE(BlockStore::open(dir.path.string(), f.genesis).is_ok()); }
  {  // as an earlier build left it: no m/format
    leveldb::DB* raw = nullptr;
    REQUIRE(leveldb::DB::Open(leveldb::Options(), dir.path.string(), &raw).ok());
    std::unique_ptr<leveldb::DB> db(raw);
    std::string format;
    REQUIRE(db->Get(leveldb::ReadOptions(), "m/format", &format).ok());
    CHECK(format == "2");
    REQUIRE(db->Delete(leveldb::WriteOptions(), "m/format").ok());
  }
  auto old = BlockStore::open(dir.path.string(), f.genesis);
  REQUIRE_FALSE(old.is_ok());
  CHECK(old.status().code() == Code::kConflict);
  CHECK_THAT(old.status().message(), Catch::Contains("state format 1") && Catch::Contains("new genesis"));
}

TEST_CASE("the same txs in the same order give the same state root on a fresh store") {
  LedgerFixture f;
  const KeyPair bank1 = LedgerFixture::key("bank1");
  std::vector<TxPtr> txs;
  for (int i = 0; i < 5; ++i)
    txs.push_back(make_signed_tx(f.genesis.chain_id, "participant.register", "bank1", i,
                                 register_payload("c" + std::to_string(i)), {&bank1.secret_key}));
  Hash roots[2];
  for (int run = 0; run < 2; ++run) {
    TempDir dir;
    auto store = BlockStore::open(dir.path.string(), f.genesis);
    REQUIRE(store.is_ok());
    commit_next(**store, *f.executor, {txs[0], txs[1]}, f.genesis.genesis_time_ms + 1000);
    commit_next(**store, *f.executor, {txs[2], txs[3], txs[4]}, f.genesis.genesis_time_ms + 2000);
    roots[run] = (*store)->tip().state_root;
  }
  CHECK(roots[0] == roots[1]);
}

TEST_CASE("commit certificates need a quorum of distinct validators' valid signatures") {
  LedgerFixture f(4);
  Block b;
  b.header.chain_id = f.genesis.chain_id;
  b.header.height = 1;
  b.header.prev_hash = f.genesis.hash;
  b.header.proposer = "node1";
  CHECK(quorum(4) == 3);
  CHECK(quorum(7) == 5);
  CHECK(quorum(1) == 1);
  CHECK(certify(f.genesis, b, {"node1", "node2", "node3"}).verify(f.genesis).is_ok());
  CHECK_THAT(certify(f.genesis, b, {"node1", "node2"}).verify(f.genesis).message(), Catch::Contains("quorum is 3"));
  CHECK_THAT(certify(f.genesis, b, {"node1", "node1", "node2"}).verify(f.genesis).message(), Catch::Contains("twice"));
  CHECK_THAT(certify(f.genesis, b, {"node1", "node2", "mallory"}).verify(f.genesis).message(),
             Catch::Contains("not a validator"));
  Commit forged = certify(f.genesis, b, {"node1", "node2", "node3"});
  forged.signatures[2].sig[5] ^= 1;
  CHECK_THAT(forged.verify(f.genesis).message(), Catch::Contains("bad commit signature by \"node3\""));
  Commit other_block = certify(f.genesis, b, {"node1", "node2", "node3"});
  other_block.block_hash = sha256("another block");
  CHECK_FALSE(other_block.verify(f.genesis).is_ok());
}

TEST_CASE("block links: height, prev_hash, tx_root, last_commit are checked") {
  LedgerFixture f;
  const KeyPair bank1 = LedgerFixture::key("bank1");
  TempDir dir;
  auto store = BlockStore::open(dir.path.string(), f.genesis);
  REQUIRE(store.is_ok());
  TxPtr t1 = make_signed_tx(f.genesis.chain_id, "participant.register", "bank1", 0, register_payload("acme"),
                            {&bank1.secret_key});
  auto b1 = commit_next(**store, *f.executor, {t1}, f.genesis.genesis_time_ms + 1000);
  CHECK(check_block_links(b1.block, f.genesis, std::nullopt).is_ok());
  BuiltBlock b2 = build_block(*f.executor, **store, {}, "node1", f.genesis.genesis_time_ms + 2000).value();
  CHECK(check_block_links(b2.block, f.genesis, b1.block.header).is_ok());

  Block bad = b2.block;
  bad.header.height = 5;
  CHECK_THAT(check_block_links(bad, f.genesis, b1.block.header).message(), Catch::Contains("does not follow"));
  bad = b2.block;
  bad.header.prev_hash = sha256("x");
  CHECK_THAT(check_block_links(bad, f.genesis, b1.block.header).message(), Catch::Contains("prev_hash"));
  bad = b2.block;
  bad.txs.push_back(t1);
  CHECK_THAT(check_block_links(bad, f.genesis, b1.block.header).message(), Catch::Contains("tx_root"));
  bad = b2.block;
  bad.last_commit->signatures.clear();
  bad.header.last_commit_hash = bad.last_commit->hash();
  CHECK_THAT(check_block_links(bad, f.genesis, b1.block.header).message(), Catch::Contains("quorum"));
  bad = b2.block;
  bad.header.time_ms = b1.block.header.time_ms;
  CHECK_THAT(check_block_links(bad, f.genesis, b1.block.header).message(), Catch::Contains("time"));
  // JSON round trip keeps the hash.
  auto decoded = Block::from_json(b2.block.to_json());
  REQUIRE(decoded.is_ok());
  CHECK(decoded->hash() == b2.block.hash());
}

TEST_CASE("execute_block refuses a block holding an unauthenticated tx") {
  LedgerFixture f;
  TxPtr good = f.tx("bank1", "participant.register", register_payload("acme"));
  TxPtr replay = good;  // the same tx twice: the second has a spent nonce
  auto exec = f.executor->execute_block(f.state, Hash{}, {good, replay}, f.env);
  REQUIRE_FALSE(exec.is_ok());
  CHECK_THAT(exec.status().message(), Catch::Contains("already spent"));
  Json j = good->to_json();
  j["signatures"][0]["sig"] = std::string(128, '0');
  auto forged = decode_tx(j);
  REQUIRE(forged.is_ok());
  auto exec2 = f.executor->execute_block(f.state, Hash{}, {*forged}, f.env);
  REQUIRE_FALSE(exec2.is_ok());
  CHECK_THAT(exec2.status().message(), Catch::Contains("bad signature"));
}

namespace {
SignedVotePart signed_vote(const Genesis& g, const std::string& validator, const std::string& block_hash) {
  return {block_hash, sign(LedgerFixture::key(validator).secret_key,
                           vote_sign_bytes(g.chain_id, "precommit", 1, 0, block_hash))};
}
}  // namespace

TEST_CASE("evidence of a double vote is verified, committed once, and kept in the state") {
  LedgerFixture f(4);
  TempDir dir;
  auto store = BlockStore::open(dir.path.string(), f.genesis);
  REQUIRE(store.is_ok());
  DuplicateVote e = DuplicateVote::make("node2", "precommit", 1, 0, signed_vote(f.genesis, "node2", sha256("x").hex()),
                                        signed_vote(f.genesis, "node2", sha256("y").hex()));
  CHECK(e.verify(f.genesis).is_ok());
  auto round_trip = DuplicateVote::from_json(e.to_json());
  REQUIRE(round_trip.is_ok());
  CHECK(round_trip->id() == "node2/1/0/precommit");

  // Forged: b's signature is over another block.
  DuplicateVote forged = e;
  forged.b.sig = e.a.sig;
  CHECK_THAT(forged.verify(f.genesis).message(), Catch::Contains("bad signature"));
  // Both votes for one block are no equivocation.
  DuplicateVote same = e;
  same.b = same.a;
  CHECK_FALSE(same.verify(f.genesis).is_ok());

  BuiltBlock b1 = build_block(*f.executor, **store, {}, "node1", f.genesis.genesis_time_ms + 1000, {e}).value();
  REQUIRE(b1.block.evidence.size() == 1);
  CHECK(b1.block.header.evidence_hash == evidence_hash({e}));
  CHECK_THAT(check_block_links(b1.block, f.genesis, std::nullopt).message(), Catch::Contains("not from an earlier height"));
  // At height 2 the evidence for height 1 is valid; committed, it is in the state.
  BuiltBlock empty = build_block(*f.executor, **store, {}, "node1", f.genesis.genesis_time_ms + 1000).value();
  REQUIRE((*store)->commit(empty.block, certify(f.genesis, empty.block, {"node1", "node2", "node3"}), empty.execution).is_ok());
  BuiltBlock b2 = build_block(*f.executor, **store, {}, "node1", f.genesis.genesis_time_ms + 2000, {e}).value();
  auto prev = (*store)->header_at(1);
  REQUIRE(prev.is_ok());
  CHECK(check_block_links(b2.block, f.genesis, *prev).is_ok());
  Block tampered = b2.block;
  tampered.evidence[0].b.sig = e.a.sig;
  tampered.header.evidence_hash = evidence_hash(tampered.evidence);
  CHECK_THAT(check_block_links(tampered, f.genesis, *prev).message(), Catch::Contains("bad signature"));
  REQUIRE((*store)->commit(b2.block, certify(f.genesis, b2.block, {"node1", "node2", "node3"}), b2.execution).is_ok());
  CHECK((*store)->get(keys::evidence(e.id())).has_value());
  // Committed once: a builder leaves it out, an executor refuses a block repeating it.
  BuiltBlock b3 = build_block(*f.executor, **store, {}, "node1", f.genesis.genesis_time_ms + 3000, {e}).value();
  CHECK(b3.block.evidence.empty());
  auto again = f.executor->execute_block(**store, (*store)->tip().state_root, {}, block_env(b3.block.header), nullptr, {e});
  REQUIRE_FALSE(again.is_ok());
  CHECK_THAT(again.status().message(), Catch::Contains("already committed"));
}

TEST_CASE("a tx proof verifies offline against the genesis, and every tampering fails") {
  LedgerFixture f(4);
  TempDir dir;
  auto store = BlockStore::open(dir.path.string(), f.genesis);
  REQUIRE(store.is_ok());
  const KeyPair bank1 = LedgerFixture::key("bank1");
  std::vector<TxPtr> txs;
  for (int i = 0; i < 3; ++i)
    txs.push_back(make_signed_tx(f.genesis.chain_id, "participant.register", "bank1", i,
                                 register_payload("p" + std::to_string(i)), {&bank1.secret_key}));
  BuiltBlock b = build_block(*f.executor, **store, txs, "node1", f.genesis.genesis_time_ms + 1000).value();
  Commit c = certify(f.genesis, b.block, {"node1", "node2", "node4"});
  Json proof = make_tx_proof(b.block, 1, c);
  auto report = verify_tx_proof(proof, f.genesis);
  REQUIRE(report.is_ok());
  CHECK(report->tx_id == txs[1]->id.hex());
  CHECK(report->signers.size() == 3);
  CHECK(report->quorum == 3);

  struct Case { const char* what; std::function<void(Json&)> tamper; const char* reason; };
  std::vector<Case> cases = {
      {"tx payload", [](Json& p) { p["tx"]["payload"]["name"] = "Mallory"; }, "Merkle path"},
      {"path", [](Json& p) { p["inclusion"]["path"][0] = std::string(64, 'a'); }, "Merkle path"},
      {"leaf index", [](Json& p) { p["inclusion"]["leaf_index"] = 0; }, "Merkle path"},
      {"header", [](Json& p) { p["header"]["time"] = p["header"]["time"].get<int64_t>() + 1; }, "not for this block"},
      {"certificate signature", [](Json& p) { p["commit"]["signatures"][0]["sig"] = std::string(128, '0'); }, "bad commit signature"},
      {"short certificate", [](Json& p) { p["commit"]["signatures"].erase(0); }, "quorum is 3"},
  };
  for (const auto& cs : cases) {
    Json bad = proof;
    cs.tamper(bad);
    auto r = verify_tx_proof(bad, f.genesis);
    INFO(cs.what);
    REQUIRE_FALSE(r.is_ok());
    CHECK_THAT(r.status().message(), Catch::Contains(cs.reason));
  }
  LedgerFixture other(4, "other-chain");
  CHECK_FALSE(verify_tx_proof(proof, other.genesis).is_ok());
}

TEST_CASE("a block's canonical text is the canonical JSON of its JSON form, and one tx reads back alone") {
  LedgerFixture f;
  TempDir dir;
  auto store = BlockStore::open(dir.path.string(), f.genesis);
  REQUIRE(store);
  Executor ex(f.genesis, default_handlers());
  std::vector<TxPtr> txs{f.tx("bank1", "participant.register", register_payload("corp7"), {}, 0),
                         f.tx("bank1", "participant.register", register_payload("corp8"), {}, 1)};
  BuiltBlock built = commit_next(**store, ex, txs, 1795000000000);
  CHECK(built.block.canonical_text() == canonical_json(built.block.to_json()));
  auto stored = (*store)->block_text_at(1);
  REQUIRE(stored);
  CHECK(*stored == canonical_json(built.block.to_json()));
  auto second = (*store)->tx_at(1, 1);
  REQUIRE(second);
  CHECK((*second)->canonical == txs[1]->canonical);
  CHECK((*store)->tx_at(1, 2).status().code() == Code::kNotFound);
  BuiltBlock next = commit_next(**store, ex, {}, 1795000001000);  // with a last_commit, no txs
  CHECK(next.block.canonical_text() == canonical_json(next.block.to_json()));
}

TEST_CASE("a block's summary names its hash and each tx's result, and is recomputed for a store without one") {
  LedgerFixture f;
  TempDir dir;
  std::vector<TxPtr> txs{f.tx("bank1", "participant.register", register_payload("corp7"), {}, 0),
                         f.tx("bank1", "participant.register", register_payload("corp7"), {}, 1)};  // a duplicate: fails
  std::string stored;
  {
    auto store = BlockStore::open(dir.path.string(), f.genesis);
    REQUIRE(store);
    BuiltBlock built = commit_next(**store, *f.executor, txs, 1795000000000);
    auto summary = (*store)->summary_text_at(1);
    REQUIRE(summary);
    stored = *summary;
    Json j = Json::parse(stored);
    CHECK(j["hash"] == built.block.hash().hex());
    REQUIRE(j["results"].size() == 2);
    CHECK(j["results"][0] == Json{{"id", txs[0]->id.hex()}, {"type", "participant.register"}, {"sender", "bank1"},
                                  {"status", "committed"}});
    CHECK(j["results"][1]["status"] == "failed");
    CHECK_THAT(j["results"][1]["reason"].get<std::string>(), Catch::Contains("already exists"));
    CHECK(stored == canonical_json(j));  // written member by member, canonical all the same
    for (const auto& tx : txs) {         // and so are the txs' index entries
      auto entry = (*store)->get("t/" + tx->id.hex());
      REQUIRE(entry);
      CHECK(*entry == canonical_json(Json::parse(*entry)));
    }
    CHECK(Json::parse(*(*store)->get("t/" + txs[1]->id.hex())) ==
          Json{{"height", 1}, {"index", 1}, {"ok", false}, {"reason", j["results"][1]["reason"]}, {"time", 1795000000000}});
    CHECK((*store)->summary_text_at(2).status().code() == Code::kNotFound);
  }
  {  // a store written before summaries were kept
    leveldb::DB* raw = nullptr;
    REQUIRE(leveldb::DB::Open(leveldb::Options(), dir.path.string(), &raw).ok());
    std::unique_ptr<leveldb::DB> db(raw);
    REQUIRE(db->Delete(leveldb::WriteOptions(), height_key('r', 1)).ok());
  }
  auto reopened = BlockStore::open(dir.path.string(), f.genesis);
  REQUIRE(reopened);
  auto recomputed = (*reopened)->summary_text_at(1);
  REQUIRE(recomputed);
  CHECK(*recomputed == stored);
}
