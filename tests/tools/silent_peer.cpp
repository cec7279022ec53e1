// A peer that never answers, for tests of lying and failing peers: it accepts TCP
// connections on 127.0.0.1:PORT and holds them open without a word, or with --dribble
// sends a never-ending HTTP header one byte every 500 ms (under any read timeout).
//   silent_peer --listen PORT [--dribble]
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <csignal>
#include <iostream>
#include <thread>

#include <CLI/CLI.hpp>

int main(int argc, char** argv) {
  CLI::App app{"silent_peer: accepts connections and never answers"};
  int port = 0;
  bool dribble = false;
  app.add_option("--listen", port)->required();
  app.add_flag("--dribble", dribble);
  CLI11_PARSE(app, argc, argv);
  std::signal(SIGPIPE, SIG_IGN);
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 128) != 0)
    return std::cerr << "silent_peer: cannot listen on " << port << "\n", 1;
  while (true) {
    int c = ::accept(fd, nullptr, nullptr);
    if (c < 0) continue;
    std::thread([c, dribble] {
      if (!dribble) {  // read and say nothing, until the client gives up
        char buf[4096];
        while (::recv(c, buf, sizeof buf, 0) > 0) {
        }
        ::close(c);
        return;
      }
      const std::string head = "HTTP/1.1 200 OK\r\n";
      for (size_t i = 0;; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        char b = i < head.size() ? head[i] : "X-Slow: yes\r\n"[(i - head.size()) % 13];
        if (::send(c, &b, 1, MSG_NOSIGNAL) != 1) break;
      }
      ::close(c);
    }).detach();
  }
}
