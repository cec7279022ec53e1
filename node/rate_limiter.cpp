#include "node/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace tfl {

RateLimiter::RateLimiter(double rate_per_second, double burst)
    : rate_per_ms_(rate_per_second / 1000.0), burst_(burst), overflow_{burst, 0} {}

void RateLimiter::refill(Bucket& b, int64_t now_ms) const {
  if (now_ms > b.updated_ms) {
    b.tokens = std::min(burst_, b.tokens + static_cast<double>(now_ms - b.updated_ms) * rate_per_ms_);
    b.updated_ms = now_ms;
  }
}

void RateLimiter::forget_full_locked(int64_t now_ms) {
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    refill(it->second, now_ms);
    it = it->second.tokens >= burst_ ? buckets_.erase(it) : std::next(it);
  }
  last_sweep_ms_ = now_ms;
}

RateLimiter::Decision RateLimiter::take(const std::string& client, int64_t now_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  // A sweep costs one pass over the map; at most one a second, and only when it is big.
  if (buckets_.size() >= 1024 && now_ms - last_sweep_ms_ >= 1000) forget_full_locked(now_ms);
  auto it = buckets_.find(client);
  Bucket* b = nullptr;
  if (it != buckets_.end()) {
    b = &it->second;
  } else if (buckets_.size() < kMaxClients) {
    b = &buckets_.emplace(client, Bucket{burst_, now_ms}).first->second;
  } else {
    b = &overflow_;
  }
  refill(*b, now_ms);
  if (b->tokens >= 1.0) {
    b->tokens -= 1.0;
    return Decision{true, 0};
  }
  const double wait_ms = (1.0 - b->tokens) / rate_per_ms_;
  return Decision{false, std::max<int64_t>(1, static_cast<int64_t>(std::ceil(wait_ms)))};
}

size_t RateLimiter::tracked_clients() const {
  std::lock_guard<std::mutex> lock(mu_);
  return buckets_.size();
}

bool is_loopback_address(const std::string& ip) {
  return ip.rfind("127.", 0) == 0 || ip == "::1" || ip.rfind("::ffff:127.", 0) == 0;
}

}  // namespace tfl
