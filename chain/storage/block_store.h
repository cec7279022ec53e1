// BlockStore: one LevelDB per node holding the chain and the state at its tip
// (DESIGN §7). Every block is committed with one WriteBatch written with sync=true:
// block, certificate, tx index, state writes and the new tip together, so a crash
// leaves the store at the previous tip or the new one, never between.
//
// Keys: m/genesis, m/tip, b/<height:8 bytes BE>, c/<height>, r/<height> (the block's
// summary: hash and tx results), h/<block hash>, t/<tx id>, s/<state key>, x/<index key>.
//
// Thread-safety: all methods are safe to call concurrently; commit() calls must be
// serialised by the caller (one writer). Reads see whole blocks only.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "chain/block/block.h"
#include "chain/state/executor.h"
#include "chain/state/genesis.h"
#include "chain/state/state_view.h"
#include "chain/storage/state_cache.h"

namespace leveldb {
class DB;
class FilterPolicy;
}

namespace tfl {

struct ChainTip {
  int64_t height = 0;     // 0: only genesis
  Hash hash;              // block hash (the genesis hash at height 0)
  Hash state_root;        // state after this block
  int64_t time_ms = 0;
  Json to_json() const;
};

struct TxLocation {
  int64_t height = 0;
  int64_t index = 0;
  bool ok = true;
  std::string reason;
  int64_t time_ms = 0;  // the block's time
};

class BlockStore : public StateReader {
 public:
  // Opens (creating when empty) the store in `dir`. A new store gets the genesis state.
  // Refuses a store made for another genesis.
  static Result<std::unique_ptr<BlockStore>> open(const std::string& dir, const Genesis& genesis);
  ~BlockStore() override;

  ChainTip tip() const;

  // REQUIRES: block.header.height == tip().height + 1, commit certifies block,
  // exec is the execution of block over this store's state.
  Status commit(const Block& block, const Commit& commit, const BlockExecution& exec);

  // State at the tip (keys as written by the executor: "s/…", "x/…"). State records
  // ("s/…") that are read are cached (kStateCacheBytes).
  std::optional<std::string> get(const std::string& key) const override;
  static constexpr size_t kStateCacheBytes = 16 << 20;
  // How the cache has served get(): lookups it answered and those that went to LevelDB
  // (since open), and the bytes it holds now.
  struct StateCacheStats {
    uint64_t hits = 0, misses = 0;
    size_t bytes = 0;
  };
  StateCacheStats state_cache_stats() const;

  Result<Block> block_at(int64_t height) const;
  Result<Commit> commit_at(int64_t height) const;
  // The tip's header is kept in memory: every next block is checked against it.
  Result<BlockHeader> header_at(int64_t height) const;
  // Tx `index` of the block at `height`, decoding that tx only.
  Result<TxPtr> tx_at(int64_t height, int64_t index) const;
  // The stored canonical JSON of a block and of its certificate, as committed
  // (for serving peers without decoding and encoding again).
  Result<std::string> block_text_at(int64_t height) const;
  Result<std::string> commit_text_at(int64_t height) const;
  // The block's summary as canonical JSON, stored with it so that listing blocks needs
  // no decoding: {"hash", "results":[{id, type, sender, status: committed|failed, reason?}]}.
  // A store written before summaries were kept gets it recomputed from block and tx index.
  Result<std::string> summary_text_at(int64_t height) const;
  std::optional<int64_t> height_of(const Hash& block_hash) const;
  std::optional<TxLocation> tx_location(const Hash& tx_id) const;

  // Calls fn(key, value) for keys starting with prefix, in order, from `start_after`
  // (exclusive; empty: from the prefix), until fn returns false.
  void scan(const std::string& prefix, const std::string& start_after,
            const std::function<bool(const std::string&, const std::string&)>& fn) const;

  // Start-up check: the tip block and its certificate are present, decode, link and
  // verify. A failure means the store is corrupt.
  Status check_tip(const Genesis& genesis) const;

 private:
  BlockStore() = default;
  Status read(const std::string& key, std::string* value) const;
  // The stored block at `height` parsed, not decoded; a store that holds no block
  // object there is corrupt.
  Result<Json> block_json_at(int64_t height) const;

  std::unique_ptr<const leveldb::FilterPolicy> filter_;  // REQUIRES: outlives db_ (declared first)
  std::unique_ptr<leveldb::DB> db_;
  mutable std::mutex tip_mu_;
  ChainTip tip_;
  mutable std::optional<BlockHeader> tip_header_;  // guarded by tip_mu_; for tip_.height once read
  mutable StateCache state_cache_{kStateCacheBytes};
};

std::string height_key(char prefix, int64_t height);

}  // namespace tfl
