// Determinism: the same trade txs in the same order give the same writes and state
// root on a fresh state, block after block.
#include <catch2/catch.hpp>

#include "test_trade_fixture.h"

using namespace tfl;
using namespace tfl::test;

namespace {

// Signs txs in order, numbering each sender's nonces from its state.
class TxScript {
 public:
  explicit TxScript(const TradeFixture& f) : f_(f) {}
  TxScript& add(const std::string& sender, const std::string& type, const Json& payload) {
    auto it = nonces_.find(sender);
    int64_t nonce = it == nonces_.end() ? f_.next_nonce(sender) : it->second;
    nonces_[sender] = nonce + 1;
    txs_.push_back(f_.make_tx(sender, type, payload, {}, nonce));
    return *this;
  }
  std::vector<TxPtr> take() { return std::move(txs_); }

 private:
  const TradeFixture& f_;
  std::map<std::string, int64_t> nonces_;
  std::vector<TxPtr> txs_;
};

std::vector<std::vector<TxPtr>> trade_blocks(const TradeFixture& f) {
  Json bl = TradeFixture::bill_of_lading("BL-1", "BL-001", "2026-03-01");
  bl["currency"] = "USD";
  bl["amount"] = 1250000;
  Json lc{{"lc_id", "LC-1"},
          {"applicant", "corp2"},
          {"beneficiary", "corp1"},
          {"advising_bank", "bank2"},
          {"currency", "USD"},
          {"amount", 1250000},
          {"expiry_date", "2026-04-30"},
          {"latest_shipment_date", "2026-03-31"},
          {"partial_shipments", true},
          {"required_docs", {"commercial_invoice", "bill_of_lading"}},
          {"goods", "tiles"}};
  TxScript s(f);
  s.add("corp2", "doc.issue", TradeFixture::po("PO-1"))
      .add("corp1", "doc.accept", {{"doc_id", "PO-1"}})
      .add("corp1", "doc.issue", TradeFixture::invoice("INV-1", "INV-001", 1250000, {"PO-1"}))
      .add("corp2", "doc.accept", {{"doc_id", "INV-1"}})
      .add("carrier1", "doc.issue", bl)
      .add("bank1", "lc.issue", lc)
      .add("corp1", "doc.issue", TradeFixture::invoice("INV-2", "INV-002", 1, {"PO-1"}));  // fails: over the PO
  std::vector<TxPtr> block1 = s.take();
  s.add("corp1", "finance.request", TradeFixture::request("FIN-A", "INV-1", "bank1"))
      .add("corp1", "finance.request", TradeFixture::request("FIN-B", "INV-1", "bank2"))  // fails: duplicate
      .add("bank1", "finance.approve", TradeFixture::approval("FIN-A"))
      .add("bank2", "lc.advise", {{"lc_id", "LC-1"}})
      .add("corp1", "lc.present",
           {{"presentation_id", "P-1"}, {"lc_id", "LC-1"}, {"doc_ids", {"INV-1", "BL-1"}}, {"amount", 600000}})
      .add("bank1", "lc.honour", {{"presentation_id", "P-1"}})
      .add("corp1", "doc.transfer", {{"doc_id", "BL-1"}, {"to", "corp2"}});
  return {block1, s.take()};
}

struct Run {
  std::vector<Hash> roots;
  std::vector<std::vector<TxOutcome>> outcomes;
  std::vector<WriteSet> writes;
};

Run run_chain(const std::vector<std::vector<TxPtr>>& blocks) {
  TradeFixture f;
  Run run;
  Hash root = genesis_state_root(f.genesis());
  for (size_t i = 0; i < blocks.size(); ++i) {
    BlockEnv env = env_on(i == 0 ? "2026-03-02" : "2026-03-03", static_cast<int64_t>(i + 1));
    auto exec = f.executor.execute_block(f.state, root, blocks[i], env);
    REQUIRE(exec);
    root = exec->state_root;
    apply_writes(f.state, exec->writes);
    run.roots.push_back(root);
    run.outcomes.push_back(exec->outcomes);
    run.writes.push_back(exec->writes);
  }
  return run;
}

}  // namespace

TEST_CASE("the same trade txs give the same state root on a fresh state", "[trade][determinism]") {
  TradeFixture script_state;
  // Block 2's nonces continue block 1's; the script numbers them without applying.
  auto blocks = trade_blocks(script_state);
  Run a = run_chain(blocks), b = run_chain(blocks);
  REQUIRE(a.roots.size() == 2);
  CHECK(a.roots == b.roots);
  CHECK(a.writes == b.writes);

  // The run did what the script says, failures included.
  REQUIRE(a.outcomes[0].size() == 7);
  for (size_t i = 0; i < 6; ++i) {
    INFO("block 1 tx " << i << ": " << a.outcomes[0][i].reason);
    CHECK(a.outcomes[0][i].ok);
  }
  CHECK_FALSE(a.outcomes[0][6].ok);
  CHECK_THAT(a.outcomes[0][6].reason, Catch::Contains("over its amount"));
  std::vector<bool> oks;
  for (const auto& o : a.outcomes[1]) oks.push_back(o.ok);
  CHECK(oks == std::vector<bool>{true, false, true, true, true, true, true});
  CHECK(a.outcomes[0][6].reason == b.outcomes[0][6].reason);
  CHECK(a.outcomes[1][1].reason == b.outcomes[1][1].reason);
  CHECK(a.roots[0] != a.roots[1]);
}

TEST_CASE("the order of txs decides the state root", "[trade][determinism]") {
  TradeFixture f;
  f.accepted_invoice("INV-1", "INV-001");
  int64_t n = f.next_nonce("corp1");
  auto request = [&](const std::string& id, const std::string& bank, int64_t nonce) {
    return f.make_tx("corp1", "finance.request", TradeFixture::request(id, "INV-1", bank), {}, nonce);
  };
  auto first = f.executor.execute_block(f.state, Hash{},
                                        {request("FIN-A", "bank1", n), request("FIN-B", "bank2", n + 1)}, f.env);
  auto second = f.executor.execute_block(f.state, Hash{},
                                         {request("FIN-B", "bank2", n), request("FIN-A", "bank1", n + 1)}, f.env);
  REQUIRE(first);
  REQUIRE(second);
  CHECK(first->state_root != second->state_root);
  CHECK_THAT(second->outcomes[1].reason, Catch::Contains("held by financing \"FIN-B\" at bank2"));
}
