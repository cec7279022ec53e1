#include "node/http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>

#include "node/rate_limiter.h"

namespace tfl {
namespace {

int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

bool address_of(int fd, bool peer, std::string& ip, int& port) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  int rc = peer ? ::getpeername(fd, reinterpret_cast<sockaddr*>(&addr), &len)
                : ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  if (rc != 0) return false;
  char buf[INET6_ADDRSTRLEN] = {};
  if (addr.ss_family == AF_INET) {
    auto* a = reinterpret_cast<sockaddr_in*>(&addr);
    ::inet_ntop(AF_INET, &a->sin_addr, buf, sizeof buf);
    port = ntohs(a->sin_port);
  } else if (addr.ss_family == AF_INET6) {
    auto* a = reinterpret_cast<sockaddr_in6*>(&addr);
    ::inet_ntop(AF_INET6, &a->sin6_addr, buf, sizeof buf);
    port = ntohs(a->sin6_port);
  } else {
    return false;
  }
  ip = buf;
  return true;
}

// Waits until fd is ready for `events` or timeout_ms passes; false on timeout or error.
bool wait_for(int fd, short events, int64_t timeout_ms) {
  pollfd p{fd, events, 0};
  while (true) {
    int rc = ::poll(&p, 1, static_cast<int>(std::max<int64_t>(0, timeout_ms)));
    if (rc < 0 && errno == EINTR) continue;
    return rc > 0;
  }
}

// A socket stream whose reads and writes give up at a per-timeout of their own and at
// the connection's current deadline, whichever comes first. Reads are buffered (the
// library reads request lines a byte at a time).
class DeadlineStream : public httplib::Stream {
 public:
  DeadlineStream(int fd, int64_t read_timeout_ms, int64_t write_timeout_ms)
      : fd_(fd), read_timeout_ms_(read_timeout_ms), write_timeout_ms_(write_timeout_ms) {}

  void set_read_deadline(int64_t at_ms) { read_deadline_ms_ = at_ms; }
  void start_request() {
    read_deadline_ms_ = steady_ms() + HttpServer::kHeaderDeadlineMs;
    write_deadline_ms_ = 0;
  }
  bool has_buffered() const { return pos_ < len_; }

  bool is_readable() const override {
    return has_buffered() || wait_for(fd_, POLLIN, std::min(read_timeout_ms_, read_deadline_ms_ - steady_ms()));
  }
  bool is_writable() const override {
    return wait_for(fd_, POLLOUT, std::min(write_timeout_ms_, write_deadline() - steady_ms()));
  }

  ssize_t read(char* ptr, size_t size) override {
    if (!has_buffered()) {
      if (!is_readable()) return -1;
      ssize_t n = recv_some(buf_, sizeof buf_);
      if (n <= 0) return n;
      pos_ = 0;
      len_ = static_cast<size_t>(n);
    }
    size_t n = std::min(size, len_ - pos_);
    std::memcpy(ptr, buf_ + pos_, n);
    pos_ += n;
    return static_cast<ssize_t>(n);
  }

  ssize_t write(const char* ptr, size_t size) override {
    if (write_deadline_ms_ == 0) write_deadline_ms_ = steady_ms() + HttpServer::kWriteDeadlineMs;
    if (!is_writable()) return -1;
    while (true) {
      ssize_t n = ::send(fd_, ptr, size, MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      return n;
    }
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override { address_of(fd_, true, ip, port); }
  void get_local_ip_and_port(std::string& ip, int& port) const override { address_of(fd_, false, ip, port); }
  socket_t socket() const override { return fd_; }

 private:
  int64_t write_deadline() const { return write_deadline_ms_ ? write_deadline_ms_ : steady_ms() + HttpServer::kWriteDeadlineMs; }
  ssize_t recv_some(char* p, size_t n) {
    while (true) {
      ssize_t r = ::recv(fd_, p, n, 0);
      if (r < 0 && errno == EINTR) continue;
      return r;
    }
  }

  const int fd_;
  const int64_t read_timeout_ms_, write_timeout_ms_;
  int64_t read_deadline_ms_ = 0, write_deadline_ms_ = 0;
  char buf_[4096];
  size_t pos_ = 0, len_ = 0;
};

thread_local DeadlineStream* t_current = nullptr;

}  // namespace

HttpServer::HttpServer(HttpLimits limits) : limits_(limits) {
  const size_t threads = std::max<size_t>(limits_.threads, 4);
  new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
}

bool HttpServer::limits_apply_to(const std::string& ip) const {
  return limits_.limit_loopback || !is_loopback_address(ip);
}

size_t HttpServer::connections_from(const std::string& ip) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = open_by_ip_.find(ip);
  return it == open_by_ip_.end() ? 0 : it->second;
}

void HttpServer::headers_complete() {
  if (t_current) t_current->set_read_deadline(steady_ms() + kBodyDeadlineMs);
}

bool HttpServer::process_and_close_socket(socket_t sock) {
  std::string ip;
  int port = 0;
  address_of(sock, true, ip, port);
  bool admitted = true;
  if (limits_.max_connections_per_ip > 0 && limits_apply_to(ip)) {
    std::lock_guard<std::mutex> lock(mu_);
    size_t& open = open_by_ip_[ip];
    if (open >= limits_.max_connections_per_ip) admitted = false;
    else ++open;
  }
  if (!admitted) {
    refuse(sock, ip);
    return true;
  }
  const bool ok = serve(sock);
  ::shutdown(sock, SHUT_RDWR);
  ::close(sock);
  if (limits_.max_connections_per_ip > 0 && limits_apply_to(ip)) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = open_by_ip_.find(ip);
    if (it != open_by_ip_.end() && --it->second == 0) open_by_ip_.erase(it);
  }
  return ok;
}

// The library's keep-alive loop, over a DeadlineStream.
bool HttpServer::serve(socket_t sock) {
  DeadlineStream strm(sock, read_timeout_sec_ * 1000 + read_timeout_usec_ / 1000,
                      write_timeout_sec_ * 1000 + write_timeout_usec_ / 1000);
  t_current = &strm;
  bool ok = false;
  for (size_t count = keep_alive_max_count_; count > 0 && svr_sock_ != INVALID_SOCKET; --count) {
    // Idle between requests: at most the keep-alive timeout, watching for a stop.
    const int64_t idle_until = steady_ms() + static_cast<int64_t>(keep_alive_timeout_sec_) * 1000;
    bool ready = strm.has_buffered();
    while (!ready && svr_sock_ != INVALID_SOCKET && steady_ms() < idle_until)
      ready = wait_for(sock, POLLIN, std::min<int64_t>(100, idle_until - steady_ms()));
    if (!ready) break;
    strm.start_request();
    bool closed = false;
    ok = process_request(strm, count == 1, closed, nullptr);
    if (!ok || closed) break;
  }
  t_current = nullptr;
  return ok;
}

void HttpServer::refuse(socket_t sock, const std::string& ip) {
  const std::string body = R"({"error":{"code":"resource_exhausted","message":"too many connections from )" + ip +
                           " (at most " + std::to_string(limits_.max_connections_per_ip) + R"(); retry later"}})";
  const std::string reply = "HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\nRetry-After: 1\r\n"
                            "Connection: close\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  if (wait_for(sock, POLLOUT, 1000)) ::send(sock, reply.data(), reply.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  // Let the answer leave before the close: a close with unread input would reset it.
  ::shutdown(sock, SHUT_WR);
  char drain[4096];
  const int64_t until = steady_ms() + 100;
  while (steady_ms() < until && wait_for(sock, POLLIN, until - steady_ms()) && ::recv(sock, drain, sizeof drain, 0) > 0) {
  }
  ::close(sock);
}

}  // namespace tfl
