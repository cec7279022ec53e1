#include "node/stop_signals.h"

#include <pthread.h>
#include <spdlog/spdlog.h>

namespace tfl {
namespace {
// Ends the process by `signal`'s default action, from a thread that has it blocked.
[[noreturn]] void die_by(int signal) {
  ::signal(signal, SIG_DFL);
  sigset_t one;
  sigemptyset(&one);
  sigaddset(&one, signal);
  pthread_sigmask(SIG_UNBLOCK, &one, nullptr);
  raise(signal);  // pending and unblocked on this thread: delivered before raise returns
  std::abort();
}
}  // namespace

StopSignals::StopSignals() {
  sigemptyset(&set_);
  sigaddset(&set_, SIGINT);
  sigaddset(&set_, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set_, nullptr);
  waiter_ = std::thread([this] { wait_for_signals(); });
}

StopSignals::~StopSignals() { stop(); }

void StopSignals::stop() {
  if (!waiter_.joinable()) return;
  closing_ = true;
  pthread_kill(waiter_.native_handle(), SIGTERM);  // blocked there too: sigwait takes it
  waiter_.join();
}

bool StopSignals::arm(std::function<void()> on_stop) {
  std::lock_guard<std::mutex> lock(mu_);
  if (received_) return false;
  on_stop_ = std::move(on_stop);
  return true;
}

void StopSignals::wait_for_signals() {
  int signal = 0;
  while (sigwait(&set_, &signal) != 0) {
  }
  if (closing_) return;
  std::function<void()> on_stop;
  {
    std::lock_guard<std::mutex> lock(mu_);
    received_ = true;
    on_stop = std::move(on_stop_);
  }
  spdlog::info("{}: stopping (a second signal ends the process at once)", signal == SIGINT ? "SIGINT" : "SIGTERM");
  if (on_stop) on_stop();
  while (sigwait(&set_, &signal) != 0) {
  }
  if (closing_) return;
  spdlog::warn("{} again: exiting at once", signal == SIGINT ? "SIGINT" : "SIGTERM");
  spdlog::default_logger()->flush();
  die_by(signal);
}

}  // namespace tfl
