#include "node/metrics.h"

#include <sstream>
#include <vector>

namespace tfl {
namespace {

constexpr double kBucketsMs[] = {1, 5, 10, 50, 100, 500, 1000};

void family(std::ostringstream& out, const char* name, const char* type, const char* help) {
  out << "# HELP " << name << " " << help << "\n# TYPE " << name << " " << type << "\n";
}

template <typename T>
void single(std::ostringstream& out, const char* name, const char* type, const char* help, T value) {
  family(out, name, type, help);
  out << name << " " << value << "\n";
}

}  // namespace

std::string Metrics::route_label(const std::string& path) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(path);
  while (std::getline(in, part, '/'))
    if (!part.empty()) parts.push_back(part);
  if (parts.empty()) return "/";
  if (parts[0] == "metrics") return "/metrics";
  if (parts[0] == "explorer") return "/explorer";
  if (parts.size() < 3 || (parts[0] != "api" && parts[0] != "p2p") || parts[1] != "v1") return "other";
  std::string label = "/" + parts[0] + "/v1/" + parts[2];
  if (parts.size() >= 4) label += (parts[2] == "txs" && parts[3] == "batch") ? "/batch" : "/{id}";
  for (size_t i = 4; i < parts.size() && i < 5; ++i) label += "/" + parts[i];
  return label;
}

void Metrics::http_request(const std::string& route, int status, double seconds) {
  std::lock_guard<std::mutex> lock(mu_);
  RouteStats& r = routes_[{route, status}];
  r.count++;
  r.seconds += seconds;
  size_t b = 0;
  while (b < 7 && seconds * 1000 > kBucketsMs[b]) ++b;
  r.buckets[b]++;
}

std::string Metrics::render(const Gauges& g) const {
  std::ostringstream out;
  single(out, "tfl_height", "gauge", "Height of the last committed block.", g.height);
  single(out, "tfl_blocks_committed_total", "counter", "Blocks committed by this process.", blocks_.load());
  single(out, "tfl_txs_committed_total", "counter", "Txs committed with their effect applied.", txs_committed_.load());
  single(out, "tfl_txs_failed_total", "counter", "Txs committed as failed (a ledger rule refused their effect).",
         txs_failed_.load());
  single(out, "tfl_mempool_size", "gauge", "Txs waiting in the mempool.", g.mempool_size);
  single(out, "tfl_consensus_heights_started_total", "counter", "Heights this node started consensus on.",
         g.consensus_heights_started);
  single(out, "tfl_consensus_round", "gauge", "Current consensus round.", g.consensus_round);
  single(out, "tfl_consensus_timeouts_total", "counter", "Consensus timeouts that fired.", g.consensus_timeouts);
  single(out, "tfl_consensus_invalid_proposals_total", "counter", "Proposals judged invalid.", g.invalid_proposals);
  single(out, "tfl_consensus_proposals_pulled_total", "counter",
         "Compact proposals naming txs this node lacked, whose blocks it pulled from peers.", g.proposals_pulled);
  single(out, "tfl_peers", "gauge", "Configured peers.", g.peers);
  single(out, "tfl_peers_up", "gauge", "Peers whose last send succeeded.", g.peers_up);
  single(out, "tfl_sync_lag_blocks", "gauge", "Blocks behind the sync target while syncing.", g.sync_lag);
  single(out, "tfl_blocks_synced_total", "counter", "Blocks fetched from peers and applied.", g.blocks_synced);
  single(out, "tfl_state_cache_hits_total", "counter", "State reads answered by the store's cache.", g.state_cache_hits);
  single(out, "tfl_state_cache_misses_total", "counter",
         "State reads that went to LevelDB (a key that is not there always does).", g.state_cache_misses);
  single(out, "tfl_state_cache_bytes", "gauge", "Keys and values held by the store's state cache.", g.state_cache_bytes);

  std::lock_guard<std::mutex> lock(mu_);
  family(out, "tfl_http_requests_total", "counter", "HTTP requests by route and status.");
  for (const auto& [key, r] : routes_)
    out << "tfl_http_requests_total{route=\"" << key.first << "\",status=\"" << key.second << "\"} " << r.count << "\n";
  family(out, "tfl_http_request_duration_seconds", "histogram", "HTTP request latency by route.");
  std::map<std::string, RouteStats> by_route;
  for (const auto& [key, r] : routes_) {
    RouteStats& t = by_route[key.first];
    t.count += r.count;
    t.seconds += r.seconds;
    for (int i = 0; i < 8; ++i) t.buckets[i] += r.buckets[i];
  }
  for (const auto& [route, r] : by_route) {
    uint64_t cumulative = 0;
    for (int i = 0; i < 8; ++i) {
      cumulative += r.buckets[i];
      out << "tfl_http_request_duration_seconds_bucket{route=\"" << route << "\",le=\"";
      if (i < 7) out << kBucketsMs[i] / 1000; else out << "+Inf";
      out << "\"} " << cumulative << "\n";
    }
    out << "tfl_http_request_duration_seconds_sum{route=\"" << route << "\"} " << r.seconds << "\n";
    out << "tfl_http_request_duration_seconds_count{route=\"" << route << "\"} " << r.count << "\n";
  }
  return out.str();
}

}  // namespace tfl
