// HttpServer: the cpp-httplib server with the limits a public endpoint needs and the
// library (0.11) lacks. It replaces the library's per-connection loop with one that
//
//  - refuses a connection when its client address already holds
//    max_connections_per_ip (HTTP 429, JSON reason; loopback only when limit_loopback),
//    so one client cannot take every worker thread;
//  - gives each request a deadline on top of the per-read and per-write timeouts:
//    the request line and headers must arrive within kHeaderDeadlineMs of the first
//    byte, the body within kBodyDeadlineMs of the headers, and the response must be
//    written within kWriteDeadlineMs — so a client sending a byte a second
//    (slowloris), or one that never reads its answer, holds a worker for a bounded
//    time only.
//
// Requests then run as with httplib::Server (routes, handlers, keep-alive).
// Thread-safety: as httplib::Server; the connection table has its own mutex.
#pragma once

#include <httplib.h>

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace tfl {

struct HttpLimits {
  size_t threads = 64;                 // worker threads: connections served at once
  size_t max_connections_per_ip = 32;  // 0: no cap
  bool limit_loopback = false;         // apply the cap (and the API rate limit) to 127.0.0.0/8 and ::1 too
};

class HttpServer : public httplib::Server {
 public:
  explicit HttpServer(HttpLimits limits);

  const HttpLimits& limits() const { return limits_; }
  // Whether per-client limits apply to requests from `ip`.
  bool limits_apply_to(const std::string& ip) const;
  // Open connections from `ip` right now.
  size_t connections_from(const std::string& ip) const;

  // Called by the pre-routing handler once a request's headers are read: starts the
  // body deadline of the request on this worker thread's connection.
  static void headers_complete();

  static constexpr int64_t kHeaderDeadlineMs = 10000;
  static constexpr int64_t kBodyDeadlineMs = 60000;
  static constexpr int64_t kWriteDeadlineMs = 60000;

 private:
  bool process_and_close_socket(socket_t sock) override;
  bool serve(socket_t sock);
  void refuse(socket_t sock, const std::string& ip);

  const HttpLimits limits_;
  mutable std::mutex mu_;
  std::map<std::string, size_t> open_by_ip_;
};

}  // namespace tfl
