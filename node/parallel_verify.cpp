#include "node/parallel_verify.h"

#include <algorithm>
#include <future>
#include <thread>

namespace tfl {
namespace {

constexpr size_t kMinTxsPerThread = 256;

// The first failure in txs[begin, end), or ok.
Status verify_range(const std::vector<TxPtr>& txs, size_t begin, size_t end, const std::string& what) {
  for (size_t i = begin; i < end; ++i)
    TFL_RETURN_IF_ERROR(verify_tx_signatures(*txs[i]).with_context(what + " tx " + std::to_string(i)));
  return Status::ok();
}

}  // namespace

Status verify_signatures_in_parallel(const std::vector<TxPtr>& txs, const std::string& what) {
  const size_t cores = std::max(1u, std::thread::hardware_concurrency());
  const size_t threads = std::clamp<size_t>(txs.size() / kMinTxsPerThread, 1, cores);
  const size_t per_thread = (txs.size() + threads - 1) / threads;
  std::vector<std::future<Status>> others;
  for (size_t t = 1; t < threads; ++t) {
    const size_t begin = t * per_thread, end = std::min(txs.size(), begin + per_thread);
    others.push_back(std::async(std::launch::async, verify_range, std::cref(txs), begin, end, std::cref(what)));
  }
  Status first = verify_range(txs, 0, std::min(txs.size(), per_thread), what);
  for (auto& f : others) {  // in index order: the lowest failing range wins
    Status st = f.get();
    if (first.is_ok()) first = std::move(st);
  }
  return first;
}

}  // namespace tfl
