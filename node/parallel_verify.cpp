#include "node/parallel_verify.h"

#include <algorithm>
#include <atomic>
#include <future>
#include <limits>
#include <mutex>
#include <thread>

namespace tfl {
namespace {

constexpr size_t kMinTxsPerThread = 256;
// Txs a thread takes at a time: small enough that the threads finish together when one
// of them shares its core with other work, large enough that the counter is not contended.
constexpr size_t kChunk = 32;

// Threads take chunks of txs in index order from one counter, so a thread that ran
// slower (its core busy with other work) leaves the rest to the others instead of
// holding up the block. The lowest failing index wins; chunks past it are skipped.
class ChunkedVerify {
 public:
  ChunkedVerify(const std::vector<TxPtr>& txs, const std::string& what) : txs_(txs), what_(what) {}

  void run() {
    for (;;) {
      const size_t begin = next_.fetch_add(kChunk);
      if (begin >= txs_.size() || begin > first_bad_.load()) return;
      const size_t end = std::min(txs_.size(), begin + kChunk);
      for (size_t i = begin; i < end; ++i) {
        Status st = verify_tx_signatures(*txs_[i]);
        if (!st) {
          record_failure(i, std::move(st));
          return;  // later txs of this chunk cannot win over i
        }
      }
    }
  }

  Status result() {
    std::lock_guard<std::mutex> lock(mu_);
    if (first_bad_ == kNone) return Status::ok();
    return failure_.with_context(what_ + " tx " + std::to_string(first_bad_));
  }

 private:
  static constexpr size_t kNone = std::numeric_limits<size_t>::max();

  void record_failure(size_t index, Status st) {
    std::lock_guard<std::mutex> lock(mu_);
    if (index >= first_bad_) return;
    first_bad_ = index;
    failure_ = std::move(st);
  }

  const std::vector<TxPtr>& txs_;
  const std::string& what_;
  std::atomic<size_t> next_{0};
  std::atomic<size_t> first_bad_{kNone};  // written under mu_
  std::mutex mu_;
  Status failure_;  // of first_bad_
};

}  // namespace

Status verify_signatures_in_parallel(const std::vector<TxPtr>& txs, const std::string& what) {
  const size_t cores = std::max(1u, std::thread::hardware_concurrency());
  const size_t threads = std::clamp<size_t>(txs.size() / kMinTxsPerThread, 1, cores);
  ChunkedVerify job(txs, what);
  std::vector<std::future<void>> others;
  for (size_t t = 1; t < threads; ++t) others.push_back(std::async(std::launch::async, [&job] { job.run(); }));
  job.run();
  for (auto& f : others) f.get();
  return job.result();
}

}  // namespace tfl
