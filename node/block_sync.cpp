#include "node/block_sync.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <future>
#include <set>

#include <spdlog/spdlog.h>

#include "node/node.h"
#include "node/parallel_verify.h"
#include "node/peer_transport.h"

namespace tfl {
namespace {

// A peer's answer for one batch: the blocks that passed the stateless checks, in
// order, and why the rest of the batch was refused (ok when none was). A peer that
// did not answer is retried, not banned.
struct CheckedPage {
  std::vector<Node::CheckedBlock> blocks;
  size_t bytes = 0;  // of the page as sent
  Status refusal;
  bool unanswered = false;
};

// Heights from..to, asked of `peer` once `page` is valid (started); before that, `peer`
// is the one to ask ("" for any).
struct Batch {
  int64_t from;
  int64_t to;
  std::string peer;
  std::future<CheckedPage> page;
};

// Lets the pages in flight verify their signatures one at a time, in order of height:
// each verification already uses every core, and the blocks are applied in order, so
// the lowest page is the one the applier waits for. A page enters when it is asked for
// and leaves when it is checked (or its peer failed); it verifies once no lower page
// is still in.
class VerifyTurns {
 public:
  void enter(int64_t from) {
    std::lock_guard<std::mutex> lock(mu_);
    in_.insert(from);
  }
  template <typename Fn>
  void take(int64_t from, Fn&& fn) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [&] { return *in_.begin() == from; });
    }
    fn();
  }
  void leave(int64_t from) {
    std::lock_guard<std::mutex> lock(mu_);
    in_.erase(in_.find(from));
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::multiset<int64_t> in_;
};

// Decodes a page of blocks from a peer and checks what needs no state (certificates,
// then every tx's signatures, in `turns` as page `from`).
CheckedPage check_page(const Node& node, const Result<std::string>& text, VerifyTurns& turns, int64_t from) {
  CheckedPage out;
  if (!text) {
    out.refusal = text.status();
    out.unanswered = true;
    return out;
  }
  out.bytes = text->size();
  auto page = parse_strict_json(*text);
  if (!page) {
    out.refusal = page.status();
    return out;
  }
  if (!page->contains("blocks") || !(*page)["blocks"].is_array()) {
    out.refusal = Status::invalid("answer has no blocks array");
    return out;
  }
  for (const auto& entry : (*page)["blocks"]) {
    auto checked = node.decode_synced_block(entry);
    if (!checked) {
      out.refusal = checked.status();
      break;
    }
    out.blocks.push_back(std::move(*checked));
  }
  turns.take(from, [&] {
    for (size_t i = 0; i < out.blocks.size(); ++i) {
      const Block& block = out.blocks[i].block;
      Status st = verify_signatures_in_parallel(block.txs, "block " + std::to_string(block.header.height));
      if (!st) {
        out.refusal = st;
        out.blocks.resize(i);
        break;
      }
    }
  });
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

  // Ranges still to apply, ordered by `from`: the first few are being fetched and checked
  // (page started), the rest wait their turn.
  VerifyTurns turns;  // outlives the pages: a page's future waits for its thread
  std::deque<Batch> queue;
  queue.push_back(Batch{first, target, "", {}});
  int64_t batch_blocks = kFirstBatch;  // how many blocks fit a page, as the last pages showed
  size_t turn = 0;
  // Starts queue[i]: at most batch_blocks blocks from its peer (from `peer` when it has
  // none or that one is no longer usable); the rest of a longer range waits behind it.
  auto start = [this, &queue, &turns, &batch_blocks](size_t i, const std::vector<std::string>& usable,
                                                     const std::string& peer) {
    if (queue[i].to - queue[i].from + 1 > batch_blocks) {
      Batch rest{queue[i].from + batch_blocks, queue[i].to, queue[i].peer, {}};
      queue[i].to = queue[i].from + batch_blocks - 1;
      queue.insert(queue.begin() + static_cast<std::ptrdiff_t>(i) + 1, std::move(rest));
    }
    Batch& b = queue[i];
    if (std::find(usable.begin(), usable.end(), b.peer) == usable.end()) b.peer = peer;
    turns.enter(b.from);
    const std::string path = "/p2p/v1/blocks?from=" + std::to_string(b.from) + "&limit=" + std::to_string(b.to - b.from + 1);
    b.page = std::async(std::launch::async, [this, &turns, peer = b.peer, path, from = b.from] {
      struct Leave {  // however the check ends: later pages must not wait for this one
        VerifyTurns& turns;
        int64_t from;
        ~Leave() { turns.leave(from); }
      } leave{turns, from};
      return check_page(node_, transport_.get_text(peer, path, 10000), turns, from);
    });
  };

  int64_t applied = 0;
  int failures_in_a_row = 0;
  while (node_.store().tip().height < target && failures_in_a_row < 10) {
    auto peers = usable_peers();
    if (peers.empty()) break;
    // Fetch ahead of execution about kMaxInFlight pages' worth of blocks (counted in
    // blocks: a page cut short leaves a short batch behind, which takes less room), and
    // two pages per peer at most.
    const int64_t room = static_cast<int64_t>(kMaxInFlight) * batch_blocks;
    int64_t ahead = 0;
    for (size_t i = 0; i < std::min(2 * peers.size(), queue.size()); ++i) {
      if (!queue[i].page.valid()) {
        if (i > 0 && ahead + batch_blocks > room) break;
        start(i, peers, peers[turn++ % peers.size()]);
      }
      ahead += queue[i].to - queue[i].from + 1;
    }
    if (queue.empty()) break;
    Batch batch = std::move(queue.front());
    queue.pop_front();
    CheckedPage page = batch.page.get();
    const int64_t batch_end = std::min(batch.to, target);
    const int64_t page_end = page.blocks.empty() ? batch.from - 1 : page.blocks.back().block.header.height;
    // A peer sends at most a page of bytes: a page of big blocks ends early. The rest of
    // the batch is fetched, in batches that fit a page, while this page is applied.
    const bool cut_short = page.refusal.is_ok() && page_end >= batch.from && page_end < batch_end;
    if (cut_short) queue.push_front(Batch{page_end + 1, batch_end, batch.peer, {}});
    if (!page.blocks.empty())  // ask for as many blocks as fit a page, judging by this one
      batch_blocks = std::clamp<int64_t>(static_cast<int64_t>(kPageBytes * page.blocks.size() / page.bytes), 1, kBatch);
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
      queue.push_front(Batch{now_at + 1, batch_end, others[turn++ % others.size()], {}});
    } else {
      failures_in_a_row = 0;
    }
  }
  for (auto& b : queue)
    if (b.page.valid()) b.page.wait();
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
