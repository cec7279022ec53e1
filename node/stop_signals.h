// StopSignals: SIGINT and SIGTERM taken on a thread of their own (sigwait) instead of in
// a signal handler. What a stop runs then need not be async-signal-safe, and a signal
// that comes while the node is still starting (opening its store, before its server
// listens) is not lost: the node looks at received() before it starts, and the stop
// action waits for the server instead of being a no-op on it.
//
// The first signal runs the armed action (or only marks received() when none is armed
// yet). A second signal while the node stops ends the process at once, by that signal's
// default action, as an operator pressing Ctrl-C twice expects: like a crash, which the
// store and the sign state are written to survive.
//
// Thread-safety: construct, arm, stop and destroy on one thread; received() from any.
#pragma once

#include <signal.h>

#include <atomic>
#include <functional>
#include <mutex>
#include <thread>

namespace tfl {

class StopSignals {
 public:
  // Blocks SIGINT and SIGTERM in the calling thread (the threads it starts after inherit
  // the mask, so only the waiting thread takes them) and starts the waiting thread.
  // REQUIRES: the process has started no other thread yet.
  StopSignals();
  // stop().
  ~StopSignals();
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

  // The action the first signal runs on the waiting thread. Returns false, arming
  // nothing, when a signal came already: the caller must stop by itself.
  // REQUIRES: called at most once.
  bool arm(std::function<void()> on_stop);

  // Ends the waiting thread and joins it: it runs nothing more (the action, if running,
  // finishes first). The mask stays: a signal during the rest of the exit is ignored.
  // Call it before what the action uses is destroyed.
  void stop();

  // Whether a stop signal came.
  bool received() const { return received_; }

 private:
  void wait_for_signals();

  sigset_t set_;
  std::mutex mu_;  // orders arm() against the first signal
  std::function<void()> on_stop_;
  std::atomic<bool> closing_{false};
  std::atomic<bool> received_{false};
  std::thread waiter_;
};

}  // namespace tfl
