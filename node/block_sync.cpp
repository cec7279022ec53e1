#include "node/block_sync.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <future>
#include <memory>
#include <set>

#include <spdlog/spdlog.h>

#include "node/node.h"
#include "node/parallel_verify.h"
#include "node/peer_transport.h"

namespace tfl {
namespace {

// A peer's answer for one batch, checked on a fetch thread while the applier waits on
// it. The applier takes each block as soon as its signatures pass, so a page's first
// blocks are applied while its later ones are still being verified. A peer that did
// not answer is retried, not banned.
class CheckedPage {
 public:
  // Fetch thread: every block of the page that decoded and carries a valid
  // certificate, in order; `refusal` says why the rest of the page was refused, and
  // `unanswered` that no page came (the peer is not to blame for it).
  void set_decoded(std::vector<Node::CheckedBlock> blocks, size_t bytes, Status refusal, bool unanswered) {
    std::lock_guard<std::mutex> lock(mu_);
    blocks_ = std::move(blocks);
    bytes_ = bytes;
    decode_refusal_ = std::move(refusal);
    unanswered_ = unanswered;
    decoded_ = true;
    cv_.notify_all();
  }
  // Fetch thread: the next decoded block's signatures passed.
  void set_verified_one() {
    std::lock_guard<std::mutex> lock(mu_);
    ++verified_;
    cv_.notify_all();
  }
  // Fetch thread: no further block will pass; `why` is the first that failed its
  // signatures, if any. REQUIRES: set_decoded was called.
  void set_finished(Status why) {
    std::lock_guard<std::mutex> lock(mu_);
    verify_failure_ = std::move(why);
    finished_ = true;
    cv_.notify_all();
  }
  // Fetch thread: checking the page failed here (an exception), not at the peer: the
  // batch is asked again, and the peer is not blamed.
  void set_failed_here(Status why) {
    std::lock_guard<std::mutex> lock(mu_);
    verify_failure_ = std::move(why);
    unanswered_ = decoded_ = finished_ = true;
    cv_.notify_all();
  }
  // Fetch thread: whether the applier gave up on this page (no use verifying on).
  bool abandoned() const { return abandoned_; }
  // Fetch thread: the blocks given to set_decoded (not changed after).
  const std::vector<Node::CheckedBlock>& decoded_blocks() const { return blocks_; }

  // Applier: waits until the page is decoded, and returns its blocks. They may still
  // fail their signature checks: they only tell what the page covers.
  const std::vector<Node::CheckedBlock>& wait_decoded() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return decoded_; });
    return blocks_;
  }
  // Applier: why the page's blocks stop where they do before the signatures were checked
  // (ok when nothing was refused). REQUIRES: wait_decoded returned.
  const Status& decode_refusal() const { return decode_refusal_; }
  size_t bytes() const { return bytes_; }  // of the page as sent. REQUIRES: wait_decoded returned.
  // Applier: block i once its signatures have passed, or nullptr when it never will.
  // REQUIRES: wait_decoded returned.
  const Node::CheckedBlock* wait_verified(size_t i) {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return verified_ > i || finished_; });
    return i < verified_ ? &blocks_[i] : nullptr;
  }
  // Applier: waits until no block is left to check, then says why the page stopped
  // short (ok when it did not).
  Status wait_finished() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return finished_; });
    return verify_failure_.is_ok() ? decode_refusal_ : verify_failure_;
  }
  bool unanswered() const { return unanswered_; }  // REQUIRES: wait_finished returned
  // Applier: no more blocks of this page are wanted; the fetch thread stops verifying.
  void abandon() { abandoned_ = true; }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Node::CheckedBlock> blocks_;  // final once decoded_
  size_t bytes_ = 0;
  Status decode_refusal_;
  Status verify_failure_;
  bool unanswered_ = false;
  bool decoded_ = false;
  size_t verified_ = 0;    // blocks_[0, verified_) passed their signature checks
  bool finished_ = false;  // verified_ is final
  std::atomic<bool> abandoned_{false};
};

// Heights from..to, asked of `peer` once `page` is set (started); before that, `peer`
// is the one to ask ("" for any).
struct Batch {
  int64_t from;
  int64_t to;
  std::string peer;
  std::shared_ptr<CheckedPage> page;  // set once started
  std::future<void> fetch;            // the thread fetching and checking `page`
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

// Decodes a page of blocks from a peer and checks what needs no state: certificates,
// then, in `turns` as page `from`, every tx's signatures, block by block, publishing
// each block into `out` as it passes.
void check_page(const Node& node, Result<std::string> text, VerifyTurns& turns, int64_t from, CheckedPage& out) {
  if (!text) {
    out.set_decoded({}, 0, text.status(), true);
    out.set_finished(Status::ok());  // the applier reports the decode refusal
    return;
  }
  {  // the page's text and parse are let go before it waits its turn
    const std::string body = std::move(*text);
    std::vector<Node::CheckedBlock> blocks;
    Status refusal;
    auto page = parse_strict_json(body);
    if (!page) {
      refusal = page.status();
    } else if (!page->contains("blocks") || !(*page)["blocks"].is_array()) {
      refusal = Status::invalid("answer has no blocks array");
    } else {
      for (auto& entry : (*page)["blocks"]) {
        auto checked = node.decode_synced_block(std::move(entry));
        if (!checked) {
          refusal = checked.status();
          break;
        }
        blocks.push_back(std::move(*checked));
      }
    }
    out.set_decoded(std::move(blocks), body.size(), std::move(refusal), false);
  }
  Status failed;
  turns.take(from, [&] {
    for (const auto& checked : out.decoded_blocks()) {
      if (out.abandoned()) return;
      const Block& block = checked.block;
      failed = verify_signatures_in_parallel(block.txs, "block " + std::to_string(block.header.height));
      if (!failed) return;
      out.set_verified_one();
    }
  });
  out.set_finished(std::move(failed));
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
  VerifyTurns turns;  // outlives the pages: the fetch threads are joined before it goes
  std::deque<Batch> queue;
  queue.push_back(Batch{first, target, "", nullptr, {}});
  int64_t batch_blocks = kFirstBatch;  // how many blocks fit a page, as the last pages showed
  size_t turn = 0;
  // Starts queue[i]: at most batch_blocks blocks from its peer (from `peer` when it has
  // none or that one is no longer usable); the rest of a longer range waits behind it.
  auto start = [this, &queue, &turns, &batch_blocks](size_t i, const std::vector<std::string>& usable,
                                                     const std::string& peer) {
    if (queue[i].to - queue[i].from + 1 > batch_blocks) {
      Batch rest{queue[i].from + batch_blocks, queue[i].to, queue[i].peer, nullptr, {}};
      queue[i].to = queue[i].from + batch_blocks - 1;
      queue.insert(queue.begin() + static_cast<std::ptrdiff_t>(i) + 1, std::move(rest));
    }
    Batch& b = queue[i];
    if (std::find(usable.begin(), usable.end(), b.peer) == usable.end()) b.peer = peer;
    turns.enter(b.from);
    b.page = std::make_shared<CheckedPage>();
    const std::string path = "/p2p/v1/blocks?from=" + std::to_string(b.from) + "&limit=" + std::to_string(b.to - b.from + 1);
    b.fetch = std::async(std::launch::async, [this, &turns, page = b.page, peer = b.peer, path, from = b.from] {
      struct Leave {  // however the check ends: later pages must not wait for this one
        VerifyTurns& turns;
        int64_t from;
        ~Leave() { turns.leave(from); }
      } leave{turns, from};
      try {
        check_page(node_, transport_.get_text(peer, path, 10000), turns, from, *page);
      } catch (const std::exception& e) {  // ours, not the peer's: the batch is asked again
        page->set_failed_here(Status::internal(std::string("checking a page: ") + e.what()));
      }
    });
  };
  // Keeps the batches in the queue (those after the one being applied) fetched and
  // checked until they hold kMaxInFlight pages' worth of blocks (counted in blocks: a
  // page cut short leaves a short batch behind, which takes less room), two pages per
  // peer at most.
  auto fill = [&](const std::vector<std::string>& peers) {
    const int64_t room = static_cast<int64_t>(kMaxInFlight) * batch_blocks;
    int64_t ahead = 0;
    for (size_t i = 0; i < std::min(2 * peers.size(), queue.size()) && ahead < room; ++i) {
      if (!queue[i].page) start(i, peers, peers[turn++ % peers.size()]);
      ahead += queue[i].to - queue[i].from + 1;
    }
  };

  int64_t applied = 0;
  int failures_in_a_row = 0;
  while (node_.store().tip().height < target && failures_in_a_row < 10) {
    auto peers = usable_peers();
    if (peers.empty()) break;
    fill(peers);
    if (queue.empty()) break;
    Batch batch = std::move(queue.front());
    queue.pop_front();
    fill(peers);  // the next pages are fetched and checked while this one is applied
    CheckedPage& page = *batch.page;
    const std::vector<Node::CheckedBlock>& decoded = page.wait_decoded();
    const int64_t batch_end = std::min(batch.to, target);
    const int64_t page_end = decoded.empty() ? batch.from - 1 : decoded.back().block.header.height;
    // A peer sends at most a page of bytes: a page of big blocks ends early. The rest of
    // the batch is fetched, in batches that fit a page, while this page is applied.
    const bool cut_short = page.decode_refusal().is_ok() && page_end >= batch.from && page_end < batch_end;
    if (!decoded.empty())  // ask for as many blocks as fit a page, judging by this one
      batch_blocks = std::clamp<int64_t>(static_cast<int64_t>(kPageBytes * decoded.size() / page.bytes()), 1, kBatch);
    if (cut_short) {
      queue.push_front(Batch{page_end + 1, batch_end, batch.peer, nullptr, {}});
      fill(peers);
    }
    bool batch_ok = true;
    for (size_t i = 0; const Node::CheckedBlock* checked = page.wait_verified(i); ++i) {
      if (checked->block.header.height <= node_.store().tip().height) continue;  // applied from an earlier batch
      Status st = node_.apply_checked_block(*checked);
      if (!st) {
        page.abandon();
        ban(batch.peer, st.message());
        batch_ok = false;
        break;
      }
      ++applied;
      {
        std::lock_guard<std::mutex> lock(mu_);
        txs_applied_ += static_cast<int64_t>(checked->block.txs.size());
      }
      report_progress(node_.store().tip().height, false);
    }
    const Status refusal = page.wait_finished();
    if (batch_ok && !refusal.is_ok()) {
      if (!page.unanswered()) ban(batch.peer, refusal.message());
      else if (refusal.code() == Code::kUnavailable) skip(batch.peer, refusal.message());
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
      queue.push_front(Batch{now_at + 1, batch_end, others[turn++ % others.size()], nullptr, {}});
    } else {
      failures_in_a_row = 0;
    }
  }
  for (auto& b : queue)
    if (b.page) {
      b.page->abandon();
      b.fetch.wait();
    }
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
