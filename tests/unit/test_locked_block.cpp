// The block of a validator's lock, kept beside its sign state (node/locked_block.h).
#include <catch2/catch.hpp>

#include <fstream>

#include "node/locked_block.h"
#include "ledger_fixture.h"
#include "tests/wallet/temp_dir.h"

using namespace tfl;
using tfl::testing::LedgerFixture;
using tfl::wallet::testing::TempDir;

namespace {

Block block_of_one_tx(const LedgerFixture& f) {
  Block b;
  b.header.chain_id = f.genesis.chain_id;
  b.header.height = 1;
  b.header.time_ms = f.genesis.genesis_time_ms + 1000;
  b.header.proposer = "node1";
  b.txs = {f.tx("bank1", "participant.register",
                Json{{"id", "acme"}, {"name", "Acme"}, {"role", "corporate"},
                     {"keys", {LedgerFixture::key("acme").public_key.hex()}}, {"threshold", 1}})};
  b.header.tx_root = tx_root(b.txs);
  return b;
}

}  // namespace

TEST_CASE("the locked block comes back as written, and only for its own id") {
  LedgerFixture f;
  TempDir dir;
  const std::string path = dir.file("locked_block");
  const Block block = block_of_one_tx(f);

  auto absent = load_locked_block(path, block.hash().hex());
  REQUIRE(absent.is_ok());
  CHECK_FALSE(*absent);

  REQUIRE(save_locked_block(path, block).is_ok());
  auto back = load_locked_block(path, block.hash().hex());
  REQUIRE(back.is_ok());
  REQUIRE(*back);
  CHECK((*back)->hash() == block.hash());
  CHECK((*back)->canonical_text() == block.canonical_text());

  // A lock on another block (the file is from an older height): nothing to take back.
  auto other = load_locked_block(path, Hash{}.hex());
  REQUIRE(other.is_ok());
  CHECK_FALSE(*other);
}

TEST_CASE("the block written before stays until the sign state names the new lock") {
  LedgerFixture f;
  TempDir dir;
  const std::string path = dir.file("locked_block");
  const Block first = block_of_one_tx(f);
  Block second = first;
  second.header.time_ms += 1;
  REQUIRE(save_locked_block(path, first).is_ok());
  REQUIRE(save_locked_block(path, second).is_ok());
  // The sign state was not saved after the second write (a crash, a full disk): its lock
  // is still on the first block, which must still be there.
  auto first_back = load_locked_block(path, first.hash().hex());
  REQUIRE(first_back.is_ok());
  REQUIRE(*first_back);
  CHECK((*first_back)->hash() == first.hash());
  auto second_back = load_locked_block(path, second.hash().hex());
  REQUIRE(second_back.is_ok());
  REQUIRE(*second_back);
  CHECK((*second_back)->hash() == second.hash());
}

TEST_CASE("a damaged locked block file is reported, not used") {
  LedgerFixture f;
  TempDir dir;
  const std::string path = dir.file("locked_block");
  const Block block = block_of_one_tx(f);
  REQUIRE(save_locked_block(path, block).is_ok());
  std::string text = block.canonical_text();
  for (const std::string& damaged : {text.substr(0, text.size() / 2), std::string("{\"header\":1}"), std::string()}) {
    std::ofstream(path, std::ios::trunc) << damaged;
    auto loaded = load_locked_block(path, block.hash().hex());
    REQUIRE_FALSE(loaded.is_ok());
    CHECK(loaded.status().code() == Code::kCorruption);
  }
}
