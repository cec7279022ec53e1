// StopSignals: SIGINT and SIGTERM taken on a thread of their own (sigwait) instead of in
// a signal handler. What a stop runs then need not be async-signal-safe, and a signal
// that comes while the node is still starting (before its server listens) is not lost:
// the stop waits for the server instead of being a no-op on it.
//
// Thread-safety: construct, start and destroy on one thread; received() from any.
#pragma once

#include <signal.h>

#include <atomic>
#include <functional>
#include <thread>

namespace tfl {

class StopSignals {
 public:
  // Blocks SIGINT and SIGTERM in the calling thread; the threads it starts after inherit
  // the mask, so only the waiting thread takes them.
  // REQUIRES: the process has started no other thread yet.
  StopSignals();
  // stop().
  ~StopSignals();
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

  // Starts the thread that waits for the first SIGINT or SIGTERM and then runs on_stop.
  // REQUIRES: called once.
  void start(std::function<void()> on_stop);

  // Ends the waiting thread and joins it: it runs nothing more (on_stop, if running,
  // finishes first). The mask stays: a signal during the rest of the exit is ignored.
  // Call it before what on_stop uses is destroyed.
  void stop();

  // Whether a stop signal came.
  bool received() const { return received_; }

 private:
  sigset_t set_;
  std::atomic<bool> closing_{false};
  std::atomic<bool> received_{false};
  std::thread waiter_;
};

}  // namespace tfl
