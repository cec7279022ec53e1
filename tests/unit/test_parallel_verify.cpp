// Signatures of many txs checked on all cores (node/parallel_verify.h).
#include <catch2/catch.hpp>

#include "node/parallel_verify.h"
#include "ledger_fixture.h"

using namespace tfl;
using tfl::testing::LedgerFixture;
using Catch::Contains;

namespace {

// A copy of tx whose signature is over other bytes.
TxPtr with_forged_signature(const TxPtr& tx) {
  auto forged = std::make_shared<Transaction>(*tx);
  forged->signatures[0].sig[0] ^= 1;
  return forged;
}

}  // namespace

TEST_CASE("txs checked in parallel: all good, or the lowest bad index is named") {
  LedgerFixture f;
  std::vector<TxPtr> txs;
  for (int i = 0; i < 1200; ++i)  // enough for several threads
    txs.push_back(f.tx("bank1", "participant.register",
                       Json{{"id", "c" + std::to_string(i)}, {"name", "c"}, {"role", "corporate"},
                            {"keys", {LedgerFixture::key("bank1").public_key.hex()}}, {"threshold", 1}},
                       {}, i));
  CHECK(verify_signatures_in_parallel(txs, "block 7").is_ok());
  CHECK(verify_signatures_in_parallel({}, "block 7").is_ok());

  txs[1100] = with_forged_signature(txs[1100]);  // in the last thread's range
  Status late = verify_signatures_in_parallel(txs, "block 7");
  REQUIRE_FALSE(late.is_ok());
  CHECK_THAT(late.message(), Contains("block 7 tx 1100"));

  txs[3] = with_forged_signature(txs[3]);  // and one in the first range: the lowest wins
  Status early = verify_signatures_in_parallel(txs, "block 7");
  REQUIRE_FALSE(early.is_ok());
  CHECK_THAT(early.message(), Contains("block 7 tx 3"));

  // Bad txs in many chunks, taken by whichever thread comes first: still the lowest.
  for (size_t i = 3; i < txs.size(); i += 7) txs[i] = with_forged_signature(txs[i]);
  txs[3] = txs[4];
  Status many = verify_signatures_in_parallel(txs, "block 7");
  REQUIRE_FALSE(many.is_ok());
  CHECK_THAT(many.message(), Contains("block 7 tx 10:"));
}
