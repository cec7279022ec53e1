// RateLimiter: a token bucket per client address for the public API.
//
// Each client may make `burst` requests at once and `rate_per_second` on average; a
// request over the limit is refused with the time until a token is due. Memory is
// bounded: buckets that have refilled completely are forgotten (a full bucket is the
// same as none), and beyond kMaxClients tracked clients every further new client
// shares one overflow bucket.
//
// Thread-safety: all methods are thread-safe (one internal mutex).
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace tfl {

class RateLimiter {
 public:
  struct Decision {
    bool allowed = true;
    int64_t retry_after_ms = 0;  // when refused: until the next token
  };

  // REQUIRES: rate_per_second > 0, burst >= 1.
  RateLimiter(double rate_per_second, double burst);

  // Takes one token from `client`'s bucket at time now_ms (any monotonic clock).
  Decision take(const std::string& client, int64_t now_ms);

  size_t tracked_clients() const;
  double rate_per_second() const { return rate_per_ms_ * 1000.0; }

  static constexpr size_t kMaxClients = 100000;

 private:
  struct Bucket {
    double tokens;
    int64_t updated_ms;
  };
  void refill(Bucket& b, int64_t now_ms) const;
  // Drops buckets that are full again. REQUIRES: mu_ held.
  void forget_full_locked(int64_t now_ms);

  const double rate_per_ms_;
  const double burst_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
  Bucket overflow_;
  int64_t last_sweep_ms_ = 0;
};

// True for 127.0.0.0/8, ::1 and IPv4-mapped loopback (::ffff:127.x.y.z).
bool is_loopback_address(const std::string& ip);

}  // namespace tfl
