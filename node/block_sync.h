// BlockSync: brings a node that is behind up to its peers (DESIGN §6 block sync).
//
// It asks the peers their height, then fetches the missing blocks with their
// certificates in batches that fit a page, from several peers at once, a page ahead
// of the one being applied. What needs no state is checked on the fetch threads:
// decoding and the certificate against the genesis validators
// (Node::decode_synced_block), then every tx's signatures on all cores, one page at a time,
// lowest heights first, block by block. Each block is applied, strictly in order, as
// soon as its signatures pass (Node::apply_checked_block): every tx re-executed, every
// state root checked, while the blocks after it are verified. A peer that
// serves a block that fails a check is banned for a while and named in the log with
// the reason; a peer that does not answer (down, mute, too slow) is skipped for a
// shorter while; either way the batch is fetched again from another peer.
//
// Thread-safety: sync_to() runs on one thread at a time (the consensus driver's);
// progress_json() and syncing() may be called from any thread.
#pragma once

#include <atomic>
#include <map>
#include <mutex>
#include <string>

#include "chain/codec/canonical_json.h"
#include "chain/util/status.h"

namespace tfl {

class Node;
class PeerTransport;

class BlockSync {
 public:
  // REQUIRES: node and transport outlive this object.
  BlockSync(Node& node, const PeerTransport& transport);

  // The highest height a usable peer reports, or 0 when none answers.
  int64_t best_peer_height();

  // Fetches and applies blocks until the tip reaches `target` or no peer can serve
  // the next block. Returns the number of blocks applied.
  int64_t sync_to(int64_t target);

  bool syncing() const { return syncing_; }
  // {syncing, start_height, target_height, height, blocks_per_second, txs_per_second,
  //  eta_seconds, banned_peers[{url, reason, until}]}
  Json progress_json() const;

  static constexpr int64_t kBatch = 100;     // blocks asked for at most at once
  static constexpr int64_t kFirstBatch = 2;  // blocks asked for at first, before a page shows their size
  // A peer's page of blocks stops after the block that crosses this many bytes: a few
  // full blocks, so that a syncing node applies one page while it checks the next.
  static constexpr size_t kPageBytes = 4 << 20;
  // Pages' worth of blocks fetched and checked ahead of the page being applied (each
  // holds its decoded blocks).
  static constexpr size_t kMaxInFlight = 1;
  static constexpr int64_t kBanMs = 60000;
  static constexpr int64_t kSkipMs = 30000;  // a peer that did not answer (calls time out after 10 s)

 private:
  struct Ban {
    int64_t until_ms;
    std::string reason;
  };
  std::vector<std::string> usable_peers();
  void ban(const std::string& url, const std::string& reason);
  void skip(const std::string& url, const std::string& reason);
  void report_progress(int64_t height, bool force);

  Node& node_;
  const PeerTransport& transport_;

  std::atomic<bool> syncing_{false};
  mutable std::mutex mu_;
  std::map<std::string, Ban> bans_;
  int64_t start_height_ = 0, target_ = 0, height_ = 0, txs_applied_ = 0;
  int64_t started_ms_ = 0, last_log_ms_ = 0;
};

}  // namespace tfl
