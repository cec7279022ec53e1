#include "node/block_sync.h"

#include <algorithm>
#include <deque>
#include <future>

#include <spdlog/spdlog.h>

#include "node/node.h"
#include "node/peer_transport.h"

namespace tfl {
namespace {

// A peer's answer for one batch: the blocks that passed the stateless checks, in
// order, and why the rest of the batch was refused (ok when none was). A peer that
// did not answer is retried, not banned.
struct CheckedPage {
  std::vector<Node::CheckedBlock> blocks;
  Status refusal;
  bool unanswered = false;
};

struct Batch {
  int64_t from;
  int64_t to;  // the last height asked for
  std::string peer;
  std::future<CheckedPage> page;
};

CheckedPage check_page(const Node& node, const Result<Json>& page) {
  CheckedPage out;
  if (!page) {
    out.refusal = page.status();
    out.unanswered = true;
    return out;
  }
  if (!page->contains("blocks") || !(*page)["blocks"].is_array()) {
    out.refusal = Status::invalid("answer has no blocks array");
    return out;
  }
  for (const auto& entry : (*page)["blocks"]) {
    auto checked = node.check_synced_block(entry);
    if (!checked) {
      out.refusal = checked.status();
      break;
    }
    out.blocks.push_back(std::move(*checked));
  }
  return out;
}

}  // namespace

BlockSync::BlockSync(Node& node, const PeerTransport& transport) : node_(node), transport_(transport) {}

std::vector<std::string> BlockSync::usable_peers() {
  std::lock_guard<std::mutex> lock(mu_);
  const int64_t now = now_unix_ms();
  std::vector<std::string> out;
  for (const auto& url : transport_.peer_urls()) {
    auto b = bans_.find(url);
    if (b == bans_.end() || b->second.until_ms <= now) out.push_back(url);
  }
  return out;
}

void BlockSync::ban(const std::string& url, const std::string& reason) {
  spdlog::warn("sync: peer {} served a bad block, ignored for {} s: {}", url, kBanMs / 1000, reason);
  std::lock_guard<std::mutex> lock(mu_);
  bans_[url] = Ban{now_unix_ms() + kBanMs, reason};
}

void BlockSync::skip(const std::string& url, const std::string& reason) {
  spdlog::warn("sync: peer {} did not answer, skipped for {} s: {}", url, kSkipMs / 1000, reason);
  std::lock_guard<std::mutex> lock(mu_);
  bans_[url] = Ban{now_unix_ms() + kSkipMs, "did not answer: " + reason};
}

int64_t BlockSync::best_peer_height() {
  int64_t best = 0;
  for (const auto& url : usable_peers()) {
    auto status = transport_.get(url, "/api/v1/status", 1000);
    if (status && status->contains("height") && (*status)["height"].is_number_integer())
      best = std::max(best, (*status)["height"].get<int64_t>());
  }
  return best;
}

int64_t BlockSync::sync_to(int64_t target) {
  const int64_t first = node_.store().tip().height + 1;
  if (target < first) return 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    start_height_ = first - 1;
    height_ = first - 1;
    target_ = target;
    txs_applied_ = 0;
    started_ms_ = now_unix_ms();
    last_log_ms_ = 0;
  }
  syncing_ = true;
  spdlog::info("sync: behind; fetching blocks {}..{} from peers", first, target);

  std::deque<Batch> in_flight;  // ordered by `from`
  int64_t next_request = first;
  size_t turn = 0;
  // Blocks from..from+limit-1 (at most kBatch) from `peer`, checked on a thread of their own.
  auto fetch = [this](int64_t from, const std::string& peer, int64_t limit) {
    limit = std::clamp<int64_t>(limit, 1, kBatch);
    const std::string path = "/p2p/v1/blocks?from=" + std::to_string(from) + "&limit=" + std::to_string(limit);
    return Batch{from, from + limit - 1, peer, std::async(std::launch::async, [this, peer, path] {
                   return check_page(node_, transport_.get(peer, path, 10000));
                 })};
  };

  int64_t applied = 0;
  int failures_in_a_row = 0;
  while (node_.store().tip().height < target && failures_in_a_row < 10) {
    auto peers = usable_peers();
    if (peers.empty()) break;
    // Keep two batches per peer in flight, and no more than kMaxInFlight in memory.
    while (in_flight.size() < std::min(2 * peers.size(), kMaxInFlight) && next_request <= target) {
      in_flight.push_back(fetch(next_request, peers[turn++ % peers.size()], kBatch));
      next_request += kBatch;
    }
    if (in_flight.empty()) break;
    Batch batch = std::move(in_flight.front());
    in_flight.pop_front();
    CheckedPage page = batch.page.get();
    const int64_t batch_end = std::min(batch.to, target);
    const int64_t page_end = page.blocks.empty() ? batch.from - 1 : page.blocks.back().block.header.height;
    // A peer sends at most a page of bytes: a page of big blocks ends early. The rest of
    // the batch is fetched and checked while this page is applied.
    const bool cut_short = page.refusal.is_ok() && page_end >= batch.from && page_end < batch_end;
    if (cut_short) in_flight.push_front(fetch(page_end + 1, batch.peer, batch_end - page_end));
    bool batch_ok = true;
    for (const auto& checked : page.blocks) {
      if (checked.block.header.height <= node_.store().tip().height) continue;  // applied from an earlier batch
      Status st = node_.apply_checked_block(checked);
      if (!st) {
        ban(batch.peer, st.message());
        batch_ok = false;
        break;
      }
      ++applied;
      {
        std::lock_guard<std::mutex> lock(mu_);
        txs_applied_ += static_cast<int64_t>(checked.block.txs.size());
      }
      report_progress(node_.store().tip().height, false);
    }
    if (batch_ok && !page.refusal.is_ok()) {
      if (!page.unanswered) ban(batch.peer, page.refusal.message());
      else if (page.refusal.code() == Code::kUnavailable) skip(batch.peer, page.refusal.message());
      batch_ok = false;
    }
    const int64_t now_at = node_.store().tip().height;
    if (!batch_ok || (!cut_short && now_at < batch_end)) {
      // The peer failed, lied, or did not have the whole batch: ask another peer for the
      // rest of it, ahead of the later batches still in flight (they are kept).
      ++failures_in_a_row;
      std::vector<std::string> others;
      for (const auto& p : usable_peers())
        if (p != batch.peer) others.push_back(p);
      if (others.empty()) others = usable_peers();
      if (others.empty()) break;
      in_flight.push_front(fetch(now_at + 1, others[turn++ % others.size()], batch_end - now_at));
    } else {
      failures_in_a_row = 0;
    }
  }
  for (auto& b : in_flight) b.page.wait();
  report_progress(node_.store().tip().height, true);
  syncing_ = false;
  return applied;
}

void BlockSync::report_progress(int64_t height, bool force) {
  std::lock_guard<std::mutex> lock(mu_);
  height_ = height;
  const int64_t now = now_unix_ms();
  if (!force && now - last_log_ms_ < 1000) return;
  last_log_ms_ = now;
  double secs = std::max<int64_t>(1, now - started_ms_) / 1000.0;
  double bps = (height_ - start_height_) / secs;
  spdlog::info("sync: height {}/{}, {:.0f} blocks/s, {:.0f} tx/s, eta {:.0f} s", height_, target_, bps,
               txs_applied_ / secs, bps > 0 ? (target_ - height_) / bps : 0.0);
}

Json BlockSync::progress_json() const {
  std::lock_guard<std::mutex> lock(mu_);
  const int64_t now = now_unix_ms();
  double secs = std::max<int64_t>(1, now - started_ms_) / 1000.0;
  double bps = started_ms_ ? (height_ - start_height_) / secs : 0;
  Json banned = Json::array();
  for (const auto& [url, b] : bans_)
    if (b.until_ms > now) banned.push_back(Json{{"url", url}, {"reason", b.reason}, {"until", b.until_ms}});
  return Json{{"syncing", syncing_.load()},
              {"start_height", start_height_},
              {"target_height", target_},
              {"height", height_},
              {"blocks_per_second", static_cast<int64_t>(bps)},
              {"txs_per_second", started_ms_ ? static_cast<int64_t>(txs_applied_ / secs) : 0},
              {"eta_seconds", bps > 0 && syncing_ ? static_cast<int64_t>((target_ - height_) / bps) : 0},
              {"banned_peers", banned}};
}

}  // namespace tfl
