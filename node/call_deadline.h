// CallDeadline: a limit on the whole of one outgoing HTTP call.
//
// cpp-httplib's client timeouts apply to each connect, read and write, so a peer that
// answers a byte at a time, just under the read timeout, would hold a call (and the
// thread waiting for it) for ever. A CallDeadline armed around a call stops the client
// (httplib::Client::stop, which shuts its socket) once the deadline passes; the call
// then fails as a read error.
//
//   httplib::Client client(url);
//   CallDeadline deadline(client, 5000);
//   auto res = client.Get(path);
//
// Thread-safety: one shared watchdog thread; arming and disarming are thread-safe.
// REQUIRES: the client outlives the CallDeadline (declare the deadline after it).
#pragma once

#include <cstdint>

namespace httplib {
class Client;
}

namespace tfl {

class CallDeadline {
 public:
  CallDeadline(httplib::Client& client, int64_t timeout_ms);
  ~CallDeadline();
  CallDeadline(const CallDeadline&) = delete;
  CallDeadline& operator=(const CallDeadline&) = delete;

  // Whether the watchdog stopped the call.
  bool expired() const;

 private:
  uint64_t id_;
};

}  // namespace tfl
