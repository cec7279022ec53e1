// The public API's per-client token bucket (node/rate_limiter.h), on an explicit clock.
#include <catch2/catch.hpp>

#include "node/rate_limiter.h"

using namespace tfl;

TEST_CASE("rate limiter: a burst passes, the next request waits for a token") {
  RateLimiter limiter(10, 3);  // 10/s: a token every 100 ms
  for (int i = 0; i < 3; ++i) CHECK(limiter.take("10.0.0.1", 1000).allowed);
  auto refused = limiter.take("10.0.0.1", 1000);
  CHECK_FALSE(refused.allowed);
  CHECK(refused.retry_after_ms == 100);
  CHECK_FALSE(limiter.take("10.0.0.1", 1050).allowed);
  CHECK(limiter.take("10.0.0.1", 1100).allowed);
  CHECK_FALSE(limiter.take("10.0.0.1", 1100).allowed);
}

TEST_CASE("rate limiter: clients have their own buckets") {
  RateLimiter limiter(1, 1);
  CHECK(limiter.take("10.0.0.1", 0).allowed);
  CHECK_FALSE(limiter.take("10.0.0.1", 0).allowed);
  CHECK(limiter.take("10.0.0.2", 0).allowed);
  CHECK(limiter.take("::1", 0).allowed);
}

TEST_CASE("rate limiter: a bucket refills to the burst, not beyond") {
  RateLimiter limiter(100, 5);
  CHECK(limiter.take("c", 0).allowed);
  int passed = 0;
  while (limiter.take("c", 3600000).allowed) ++passed;  // an hour later
  CHECK(passed == 5);
}

TEST_CASE("rate limiter: a clock that steps back refills nothing and breaks nothing") {
  RateLimiter limiter(10, 1);
  CHECK(limiter.take("c", 5000).allowed);
  auto refused = limiter.take("c", 4000);
  CHECK_FALSE(refused.allowed);
  CHECK(refused.retry_after_ms == 100);
}

TEST_CASE("rate limiter: memory is bounded; full buckets are forgotten") {
  RateLimiter limiter(1000, 2);
  for (int i = 0; i < 5000; ++i) CHECK(limiter.take("client-" + std::to_string(i), 0).allowed);
  CHECK(limiter.tracked_clients() == 5000);
  // A second later every bucket is full again: the next request sweeps them away.
  CHECK(limiter.take("late", 2000).allowed);
  CHECK(limiter.tracked_clients() <= 1);
}

TEST_CASE("rate limiter: past kMaxClients new clients share the overflow bucket") {
  RateLimiter limiter(0.001, 1);  // no refill to speak of
  for (size_t i = 0; i < RateLimiter::kMaxClients; ++i) limiter.take("c" + std::to_string(i), 0);
  CHECK(limiter.tracked_clients() == RateLimiter::kMaxClients);
  CHECK(limiter.take("newcomer-1", 0).allowed);
  CHECK_FALSE(limiter.take("newcomer-2", 0).allowed);  // the shared bucket is empty
  CHECK(limiter.tracked_clients() == RateLimiter::kMaxClients);
}

TEST_CASE("rate limiter: loopback addresses") {
  CHECK(is_loopback_address("127.0.0.1"));
  CHECK(is_loopback_address("127.0.0.2"));
  CHECK(is_loopback_address("::1"));
  CHECK(is_loopback_address("::ffff:127.0.0.1"));
  CHECK_FALSE(is_loopback_address("10.0.0.1"));
  CHECK_FALSE(is_loopback_address("128.0.0.1"));
  CHECK_FALSE(is_loopback_address("::2"));
}
