#include "node/stop_signals.h"

#include <pthread.h>

namespace tfl {

StopSignals::StopSignals() {
  sigemptyset(&set_);
  sigaddset(&set_, SIGINT);
  sigaddset(&set_, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set_, nullptr);
}

StopSignals::~StopSignals() { stop(); }

void StopSignals::stop() {
  if (!waiter_.joinable()) return;
  closing_ = true;
  pthread_kill(waiter_.native_handle(), SIGTERM);  // blocked there too: sigwait takes it
  waiter_.join();
}

void StopSignals::start(std::function<void()> on_stop) {
  waiter_ = std::thread([this, on_stop = std::move(on_stop)] {
    int signal = 0;
    while (sigwait(&set_, &signal) != 0) {
    }
    if (closing_) return;
    received_ = true;
    on_stop();
  });
}

}  // namespace tfl
