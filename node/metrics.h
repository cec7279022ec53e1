// Metrics: the counters a node exports at GET /metrics in Prometheus text format.
// Thread-safety: all methods are thread-safe.
#pragma once

#include <atomic>
#include <map>
#include <mutex>
#include <string>

namespace tfl {

class Metrics {
 public:
  void block_committed(uint64_t txs_ok, uint64_t txs_failed) {
    blocks_ += 1;
    txs_committed_ += txs_ok;
    txs_failed_ += txs_failed;
  }
  // One HTTP request on `route` (a path with ids replaced, see route_label) that took `seconds`.
  void http_request(const std::string& route, int status, double seconds);

  // The families that come from other parts of the node, rendered with these counters.
  struct Gauges {
    int64_t height = 0;
    int64_t mempool_size = 0;
    int64_t peers = 0, peers_up = 0;
    int64_t sync_lag = 0;  // blocks behind the best peer while syncing
    uint64_t consensus_heights_started = 0, consensus_timeouts = 0, invalid_proposals = 0, proposals_pulled = 0,
             blocks_synced = 0;
    int64_t consensus_round = 0;
    uint64_t state_cache_hits = 0, state_cache_misses = 0;
    size_t state_cache_bytes = 0;
  };
  std::string render(const Gauges& g) const;

  // "/api/v1/txs/3fa…/wait" → "/api/v1/txs/{id}/wait"; unknown paths → "other".
  static std::string route_label(const std::string& path);

 private:
  struct RouteStats {
    uint64_t count = 0;
    double seconds = 0;
    uint64_t buckets[8] = {};  // ≤ 1, 5, 10, 50, 100, 500, 1000 ms, +Inf
  };
  std::atomic<uint64_t> blocks_{0}, txs_committed_{0}, txs_failed_{0};
  mutable std::mutex mu_;
  std::map<std::pair<std::string, int>, RouteStats> routes_;
};

}  // namespace tfl
