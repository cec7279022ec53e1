// The mempool's speculative state across committed blocks (node/mempool.h).
#include <catch2/catch.hpp>

#include "chain/crypto/merkle.h"
#include "chain/state/state_keys.h"
#include "node/mempool.h"
#include "test_trade_fixture.h"

using namespace tfl;
using namespace tfl::test;
using Catch::Contains;

namespace {
constexpr int64_t kNow = 1772452800000;  // 2026-03-02T12:00:00Z

// Two POs by corp2 (nonces 0 and 1), both admitted to `pool`.
std::pair<TxPtr, TxPtr> admit_two_pos(const TradeFixture& f, Mempool& pool) {
  TxPtr first = f.make_tx("corp2", "doc.issue", TradeFixture::po("PO-1"), {}, 0);
  TxPtr second = f.make_tx("corp2", "doc.issue", TradeFixture::po("PO-2"), {}, 1);
  REQUIRE(pool.add(first, kNow).is_ok());
  REQUIRE(pool.add(second, kNow).is_ok());
  return {first, second};
}

// Commits `tx` to the fixture's state as a block would, returning whether it succeeded.
bool commit(TradeFixture& f, const TxPtr& tx) {
  auto outcome = f.executor.apply_tx(f.state, *tx, f.env);
  REQUIRE(outcome);
  return outcome->ok;
}
}  // namespace

TEST_CASE("a block of pending txs leaves the rest of the mempool admitted on top of it") {
  TradeFixture f;
  Mempool pool(f.executor, f.state, 100);
  const auto [first, second] = admit_two_pos(f, pool);
  REQUIRE(pool.next_nonce("corp2") == 2);

  REQUIRE(commit(f, first));
  pool.on_block_committed({first}, true, kNow);
  CHECK(pool.size() == 1);
  CHECK(pool.contains(second->id));
  CHECK(pool.next_nonce("corp2") == 2);
  CHECK(pool.speculative_get(keys::document("PO-2")));
  CHECK(pool.add(f.make_tx("corp2", "doc.issue", TradeFixture::po("PO-3"), {}, 2), kNow).is_ok());
  // A tx spending a committed nonce is refused.
  CHECK_FALSE(pool.add(f.make_tx("corp2", "doc.issue", TradeFixture::po("PO-4"), {}, 0), kNow).is_ok());
}

TEST_CASE("a committed tx this mempool never saw drops the pending tx whose nonce it spent") {
  TradeFixture f;
  Mempool pool(f.executor, f.state, 100);
  TxPtr pending = f.make_tx("corp2", "doc.issue", TradeFixture::po("PO-1"), {}, 0);
  REQUIRE(pool.add(pending, kNow).is_ok());

  TxPtr elsewhere = f.make_tx("corp2", "doc.issue", TradeFixture::po("PO-9"), {}, 0);
  REQUIRE(commit(f, elsewhere));
  pool.on_block_committed({elsewhere}, true, kNow);
  CHECK_FALSE(pool.contains(pending->id));
  REQUIRE(pool.rejection(pending->id));
  CHECK_THAT(*pool.rejection(pending->id), Contains("nonce"));
  CHECK_FALSE(pool.speculative_get(keys::document("PO-1")));
  CHECK(pool.speculative_get(keys::document("PO-9")));
  CHECK(pool.next_nonce("corp2") == 1);
}

TEST_CASE("a pending tx that failed on chain leaves none of its effects in the speculative state") {
  TradeFixture f;
  Mempool pool(f.executor, f.state, 100);
  TxPtr pending = f.make_tx("corp2", "doc.issue", TradeFixture::po("PO-1"), {}, 0);
  REQUIRE(pool.add(pending, kNow).is_ok());

  // The chain already holds a PO-1 this mempool did not know of, so the tx fails there.
  f.state.put_json(keys::document("PO-1"), Json{{"doc_id", "PO-1"}, {"status", "on chain"}});
  REQUIRE_FALSE(commit(f, pending));
  pool.on_block_committed({pending}, false, kNow);
  CHECK(pool.size() == 0);
  auto doc = pool.speculative_get(keys::document("PO-1"));
  REQUIRE(doc);
  CHECK((*doc)["status"] == "on chain");
  CHECK(pool.next_nonce("corp2") == 1);
}

TEST_CASE("the speculative state holds only what pending txs wrote, block after block") {
  TradeFixture f;
  Mempool pool(f.executor, f.state, 100);
  std::vector<TxPtr> txs;
  for (int i = 0; i < 3; ++i) {
    txs.push_back(f.make_tx("corp2", "doc.issue", TradeFixture::po("PO-" + std::to_string(i)), {}, i));
    REQUIRE(pool.add(txs.back(), kNow).is_ok());
  }
  const size_t all_three = pool.speculative_entries();
  REQUIRE(all_three > 0);

  REQUIRE(commit(f, txs[0]));
  REQUIRE(commit(f, txs[1]));
  pool.on_block_committed({txs[0], txs[1]}, true, kNow);
  // PO-0 and PO-1 now read from the committed state; corp2's record is still written
  // by the pending PO-2, so its next nonce counts it.
  CHECK(pool.speculative_entries() < all_three);
  CHECK(pool.speculative_entries() > 0);
  CHECK(pool.next_nonce("corp2") == 3);
  CHECK(pool.speculative_get(keys::document("PO-0")));
  CHECK(pool.speculative_get(keys::document("PO-2")));

  REQUIRE(commit(f, txs[2]));
  pool.on_block_committed({txs[2]}, true, kNow);
  CHECK(pool.speculative_entries() == 0);
  CHECK(pool.next_nonce("corp2") == 3);
  CHECK(pool.speculative_get(keys::document("PO-2")));
}

TEST_CASE("a tx the proposer left out takes what only it wrote out of the speculative state") {
  TradeFixture f;
  Mempool pool(f.executor, f.state, 100);
  TxPtr tx = f.make_tx("corp2", "doc.issue", TradeFixture::po("PO-1"), {}, 0);
  REQUIRE(pool.add(tx, kNow).is_ok());
  REQUIRE(pool.speculative_get(keys::document("PO-1")));
  pool.reject(tx->id, "left out");
  CHECK(pool.speculative_entries() == 0);
  CHECK_FALSE(pool.speculative_get(keys::document("PO-1")));
  CHECK(pool.next_nonce("corp2") == 0);
  CHECK(pool.rejection(tx->id) == std::optional<std::string>("left out"));
}

namespace {
// The default handlers, each counting its runs in `runs`.
HandlerTable counted_handlers(int& runs) {
  HandlerTable table = default_handlers();
  for (auto& [type, handler] : table)
    handler = [&runs, inner = handler](TxContext& ctx) {
      ++runs;
      return inner(ctx);
    };
  return table;
}
}  // namespace

TEST_CASE("a block replays its txs' executions at admission and ends as running them again would") {
  TradeFixture f;
  int runs = 0;
  Executor counted(f.genesis(), counted_handlers(runs));
  Mempool pool(counted, f.state, 100);
  // An accept that depends on a pending issue, and a second issue by the same sender.
  std::vector<TxPtr> txs{f.make_tx("corp2", "doc.issue", TradeFixture::po("PO-1"), {}, 0),
                         f.make_tx("corp1", "doc.accept", {{"doc_id", "PO-1"}}, {}, 0),
                         f.make_tx("corp2", "doc.issue", TradeFixture::po("PO-2"), {}, 1)};
  for (const auto& tx : txs) REQUIRE(pool.add(tx, kNow).is_ok());
  REQUIRE(runs == 3);
  const Mempool::Traces traces = pool.pending_among(txs);
  REQUIRE(traces.size() == 3);
  for (const auto& [id, trace] : traces) {
    REQUIRE(trace);
    CHECK(trace->replayable);
  }

  const BlockEnv block = env_on("2026-03-03", 7);  // another height and day than admission's
  auto verified = [](const Hash&) { return true; };
  auto replayed = counted.execute_block(f.state, Hash{}, txs, block, verified, {}, Mempool::lookup_in(traces));
  REQUIRE(replayed);
  CHECK(runs == 3);  // no handler ran again
  auto executed = counted.execute_block(f.state, Hash{}, txs, block, verified);
  REQUIRE(executed);
  CHECK(runs == 6);
  CHECK(replayed->state_root == executed->state_root);
  CHECK(replayed->writes == executed->writes);
  for (size_t i = 0; i < txs.size(); ++i) CHECK(replayed->outcomes[i].ok == executed->outcomes[i].ok);
}

TEST_CASE("a tx with a pending tx's id but other signatures is not taken for it") {
  TradeFixture f;
  Mempool pool(f.executor, f.state, 100);
  const auto [first, second] = admit_two_pos(f, pool);
  // The same unsigned tx (so the same id), its signature replaced: as a proposer could.
  auto forged = std::make_shared<Transaction>(*first);
  forged->signatures[0].sig[0] ^= 1;
  forged->canonical = canonical_json(forged->to_json());
  forged->leaf_hash = merkle_leaf_hash(forged->canonical);
  REQUIRE(forged->id == first->id);
  CHECK(pool.pending_among({first}).count(first->id) == 1);
  const Mempool::Traces traces = pool.pending_among({forged});
  CHECK(traces.empty());
  // A block holding it has its signatures checked, and is refused.
  auto block = f.executor.execute_block(f.state, Hash{}, {forged}, f.env,
                                        [&](const Hash& id) { return traces.count(id) > 0; }, {},
                                        Mempool::lookup_in(traces));
  REQUIRE_FALSE(block);
  CHECK_THAT(block.status().message(), Contains("bad signature"));
}

TEST_CASE("a trace is not replayed when a key it read holds another value, or when it read the block's env") {
  TradeFixture f;
  Mempool pool(f.executor, f.state, 100);
  const auto [first, second] = admit_two_pos(f, pool);
  const Mempool::Traces traces = pool.pending_among({first, second});
  REQUIRE(traces.at(second->id));
  // Without the first tx before it, the second read another nonce: it is executed, and
  // may not execute (nonce 1 skips ahead), so the block is invalid.
  StateOverlay block_state(f.state.as_parent());
  CHECK_FALSE(f.executor.replay(block_state, *traces.at(second->id)));
  CHECK(block_state.size() == 0);
  auto block = f.executor.execute_block(f.state, Hash{}, {second}, f.env, nullptr, {}, Mempool::lookup_in(traces));
  REQUIRE_FALSE(block);
  CHECK_THAT(block.status().message(), Contains("nonce"));
  CHECK(f.executor.replay(block_state, *traces.at(first->id)));

  // A handler that read the block's env, or failed on an internal error, runs again.
  HandlerTable reads_env = default_handlers(), throws = default_handlers();
  reads_env["doc.issue"] = [inner = reads_env["doc.issue"]](TxContext& ctx) {
    (void)ctx.env().date;
    return inner(ctx);
  };
  throws["doc.issue"] = [](TxContext&) -> Status { throw std::runtime_error("out of luck"); };
  for (const HandlerTable* table : {&reads_env, &throws}) {
    Executor executor(f.genesis(), *table);
    StateOverlay state(f.state.as_parent());
    TxTrace trace;
    REQUIRE(executor.apply_tx(state, *first, f.env, &trace));
    CHECK_FALSE(trace.replayable);
    StateOverlay again(f.state.as_parent());
    CHECK_FALSE(executor.replay(again, trace));
  }
}

TEST_CASE("a tx the mempool refused is remembered as turned away until it is admitted") {
  TradeFixture f;
  Mempool pool(f.executor, f.state, 1);
  TxPtr first = f.make_tx("corp2", "doc.issue", TradeFixture::po("PO-1"), {}, 0);
  TxPtr second = f.make_tx("corp2", "doc.issue", TradeFixture::po("PO-2"), {}, 1);
  TxPtr gap = f.make_tx("corp2", "doc.issue", TradeFixture::po("PO-5"), {}, 5);
  REQUIRE(pool.add(first, kNow).is_ok());
  CHECK_FALSE(pool.turned_away(first->id));

  CHECK(pool.add(second, kNow).code() == Code::kResourceExhausted);  // full
  CHECK(pool.turned_away(second->id));
  CHECK_FALSE(pool.rejection(second->id));  // never pending, so not "rejected"

  REQUIRE(commit(f, first));
  pool.on_block_committed({first}, true, kNow);
  CHECK_FALSE(pool.add(gap, kNow).is_ok());  // does not apply: nonce 5 while 1 is next
  CHECK(pool.turned_away(gap->id));

  REQUIRE(pool.add(second, kNow).is_ok());  // submitted again, with room
  CHECK_FALSE(pool.turned_away(second->id));
}

TEST_CASE("a batch is admitted in order, each tx on top of the ones before it, with an answer per tx") {
  TradeFixture f;
  Mempool pool(f.executor, f.state, 3);
  TxPtr po = f.make_tx("corp2", "doc.issue", TradeFixture::po("PO-1"), {}, 0);
  TxPtr next = f.make_tx("corp2", "doc.issue", TradeFixture::po("PO-2"), {}, 1);  // needs po's nonce spent
  TxPtr gap = f.make_tx("corp2", "doc.issue", TradeFixture::po("PO-7"), {}, 7);
  TxPtr third = f.make_tx("corp2", "doc.issue", TradeFixture::po("PO-3"), {}, 2);
  TxPtr past_limit = f.make_tx("corp2", "doc.issue", TradeFixture::po("PO-4"), {}, 3);

  const std::vector<Status> added = pool.add_all({po, next, po, gap, third, past_limit}, kNow);
  REQUIRE(added.size() == 6);
  CHECK(added[0].is_ok());
  CHECK(added[1].is_ok());
  CHECK(added[2].code() == Code::kAlreadyExists);  // the same tx twice in one batch
  CHECK_FALSE(added[3].is_ok());                   // a nonce gap: does not apply
  CHECK(added[4].is_ok());
  CHECK(added[5].code() == Code::kResourceExhausted);  // the limit is 3
  CHECK(pool.first(10) == std::vector<TxPtr>{po, next, third});
  CHECK(pool.next_nonce("corp2") == 3);
  CHECK(pool.turned_away(gap->id));
  CHECK(pool.turned_away(past_limit->id));
}
