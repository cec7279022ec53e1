#include "node/call_deadline.h"

#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <thread>

namespace tfl {
namespace {

using Clock = std::chrono::steady_clock;

class Watchdog {
 public:
  static Watchdog& instance() {
    static Watchdog w;
    return w;
  }

  uint64_t arm(httplib::Client* client, Clock::time_point deadline) {
    std::lock_guard<std::mutex> lock(mu_);
    const uint64_t id = ++next_id_;
    calls_.emplace(id, Call{client, deadline});
    cv_.notify_one();
    return id;
  }

  // Returns whether the call had expired. Holds the mutex, so a stop() in progress
  // finishes before the caller goes on to destroy its client.
  bool disarm(uint64_t id) {
    std::lock_guard<std::mutex> lock(mu_);
    calls_.erase(id);
    return expired_.erase(id) > 0;
  }

  bool expired(uint64_t id) const {
    std::lock_guard<std::mutex> lock(mu_);
    return expired_.count(id) > 0;
  }

  ~Watchdog() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      running_ = false;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

 private:
  struct Call {
    httplib::Client* client;
    Clock::time_point deadline;
  };

  Watchdog() : thread_([this] { run(); }) {}

  void run() {
    std::unique_lock<std::mutex> lock(mu_);
    while (running_) {
      const auto now = Clock::now();
      auto next = now + std::chrono::seconds(1);
      for (auto it = calls_.begin(); it != calls_.end();) {
        if (it->second.deadline <= now) {
          it->second.client->stop();
          expired_.insert(it->first);
          it = calls_.erase(it);
        } else {
          next = std::min(next, it->second.deadline);
          ++it;
        }
      }
      cv_.wait_until(lock, next);
    }
  }

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::map<uint64_t, Call> calls_;
  std::set<uint64_t> expired_;
  uint64_t next_id_ = 0;
  bool running_ = true;
  std::thread thread_;
};

}  // namespace

CallDeadline::CallDeadline(httplib::Client& client, int64_t timeout_ms)
    : id_(Watchdog::instance().arm(&client, Clock::now() + std::chrono::milliseconds(timeout_ms))) {}

CallDeadline::~CallDeadline() { Watchdog::instance().disarm(id_); }

bool CallDeadline::expired() const { return Watchdog::instance().expired(id_); }

}  // namespace tfl
