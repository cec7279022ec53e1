// Fuzz target: the HTTP API (node/http_api.h) — every route of a real Node, through
// httplib's own request parser, without sockets.
//
// Once per process: a one-validator chain (the fixture's genesis) in a temp dir, a
// Node opened on it, the routes installed on an httplib::Server; the node runs
// consensus long enough to commit fuzz_chain's trade scenario (submitted through
// POST /api/v1/txs), then stops, so later requests see a fixed chain and long polls
// return at once. Input: the raw bytes of one HTTP/1.1 request. Invariants: the
// answer, if any, is a well-formed HTTP response whose status is not 5xx, and every
// JSON answer parses; every error is {"error": {"code", "message"}}.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include <spdlog/spdlog.h>

#include "fuzz/fuzz_chain.h"
#include "node/config.h"
#include "node/http_api.h"
#include "node/http_server.h"
#include "node/node.h"

using namespace tfl;
using tfl::fuzz::require;

namespace {

constexpr int kFuzzPort = 7541;  // written in the config; nothing listens on it

// One request in, the response bytes out.
class BufferStreams : public httplib::Stream {
 public:
  explicit BufferStreams(std::string_view in) : in_(in) {}
  bool is_readable() const override { return true; }
  bool is_writable() const override { return true; }
  ssize_t read(char* ptr, size_t size) override {
    size_t n = std::min(size, in_.size() - pos_);
    std::copy_n(in_.data() + pos_, n, ptr);
    pos_ += n;
    return static_cast<ssize_t>(n);
  }
  ssize_t write(const char* ptr, size_t size) override {
    out_.append(ptr, size);
    return static_cast<ssize_t>(size);
  }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = "127.0.0.1";
    port = 40000;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip = "127.0.0.1";
    port = kFuzzPort;
  }
  socket_t socket() const override { return INVALID_SOCKET; }
  const std::string& out() const { return out_; }

 private:
  std::string_view in_;
  size_t pos_ = 0;
  std::string out_;
};

// An httplib::Server that serves one buffered request at a time on the caller's thread.
class InProcessServer : public HttpServer {
 public:
  InProcessServer() : HttpServer(HttpLimits{}) {}
  std::string serve(std::string_view request) {
    BufferStreams stream(request);
    bool closed = false;
    process_request(stream, true, closed, nullptr);
    return stream.out();
  }
};

struct Fixture {
  std::filesystem::path dir;
  std::unique_ptr<Node> node;
  InProcessServer server;
};

void check_ok(const Status& st, const char* what) {
  if (st) return;
  std::fprintf(stderr, "http fuzz setup: %s: %s\n", what, st.message().c_str());
  std::abort();
}

std::filesystem::path write_home(const std::filesystem::path& dir) {
  const std::filesystem::path home = dir / "node1";
  std::filesystem::create_directories(home);
  check_ok(write_file_atomic((dir / "genesis.json").string(), fuzz::FuzzChain::genesis_json(1).dump(2)), "genesis");
  check_ok(write_key_file((home / "validator_key.json").string(), "node1", "validator", fuzz::FuzzChain::key("node1")),
           "validator key");
  NodeConfig c;
  c.node_id = "node1";
  c.listen_port = kFuzzPort;
  c.genesis_path = "../genesis.json";
  c.validator_key_path = "validator_key.json";
  c.data_dir = "data";
  c.block_interval_ms = 10;
  check_ok(write_file_atomic((home / "config.json").string(), c.to_json().dump(2)), "config");
  return home;
}

// Commits the trade scenario through the API itself.
void commit_scenario(InProcessServer& server) {
  for (const auto& tx : fuzz::trade_scenario()) {
    const std::string body = tx->to_json().dump();
    std::string answer = server.serve("POST /api/v1/txs HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: " +
                                      std::to_string(body.size()) + "\r\n\r\n" + body);
    if (answer.rfind("HTTP/1.1 202", 0) != 0) std::fprintf(stderr, "%s\n", answer.c_str());
    require(answer.rfind("HTTP/1.1 202", 0) == 0, "the scenario's txs are accepted");
    answer = server.serve("GET /api/v1/txs/" + tx->id.hex() + "/wait?timeout_ms=30000 HTTP/1.1\r\n\r\n");
    require(answer.find("\"status\":\"committed\"") != std::string::npos, "the scenario commits");
  }
}

Fixture& fixture() {
  static Fixture* f = [] {
    spdlog::set_level(spdlog::level::off);
    auto* fx = new Fixture;
    std::string tmpl = (std::filesystem::temp_directory_path() / "tfl-fuzz-http-XXXXXX").string();
    require(mkdtemp(tmpl.data()) != nullptr, "a temp dir");
    fx->dir = tmpl;
    auto config = load_node_config(write_home(fx->dir).string());
    check_ok(config.status(), "load config");
    auto node = Node::open(*config);
    check_ok(node.status(), "open node");
    fx->node = std::move(*node);
    install_api(fx->server, *fx->node);
    check_ok(fx->node->start(), "start node");
    commit_scenario(fx->server);
    fx->node->stop();
    fx->node->request_stop();
    std::atexit([] {
      fixture().node.reset();
      std::error_code ec;
      std::filesystem::remove_all(fixture().dir, ec);
    });
    return fx;
  }();
  return *f;
}

std::string header_value(std::string_view head, std::string_view name) {
  size_t at = 0;
  while ((at = head.find("\r\n", at)) != std::string_view::npos) {
    at += 2;
    if (head.substr(at, name.size()) == name && head.substr(at + name.size(), 2) == ": ") {
      size_t start = at + name.size() + 2;
      return std::string(head.substr(start, head.find("\r\n", start) - start));
    }
  }
  return "";
}

void check_response(std::string_view request, const std::string& response) {
  if (response.empty()) return;  // httplib closed the connection without an answer
  require(response.rfind("HTTP/1.1 ", 0) == 0 && response.size() >= 12, "a response starts with a status line");
  const int status = std::atoi(response.substr(9, 3).c_str());
  const size_t head_end = response.find("\r\n\r\n");
  require(head_end != std::string::npos, "a response has a header block");
  if (status >= 500) {
    std::fprintf(stderr, "request:\n%.*s\nresponse:\n%s\n", static_cast<int>(std::min<size_t>(request.size(), 2000)),
                 request.data(), response.c_str());
    require(false, "no request gets a 5xx answer");
  }
  const std::string_view head(response.data(), head_end);
  const std::string body = response.substr(head_end + 4);
  const bool is_head = request.rfind("HEAD ", 0) == 0;
  // Partial (Range) and compressed bodies are httplib's transforms of a whole answer.
  if (body.empty() || is_head || !header_value(head, "Content-Range").empty() ||
      !header_value(head, "Content-Encoding").empty())
    return;
  if (header_value(head, "Content-Type") != "application/json") {
    require(status < 400, "every error is JSON");
    return;
  }
  const Json j = Json::parse(body, nullptr, false);
  require(!j.is_discarded(), "a JSON answer parses");
  if (status >= 400)
    require(j.contains("error") && j["error"].is_object() && j["error"].contains("code") &&
                j["error"]["code"].is_string() && j["error"].contains("message") && j["error"]["message"].is_string(),
            "an error answer is {\"error\": {\"code\", \"message\"}}");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Fixture& f = fixture();
  const std::string_view request = fuzz::as_text(data, size);
  check_response(request, f.server.serve(request));
  return 0;
}
