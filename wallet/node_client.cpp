#include "wallet/node_client.h"

#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <string_view>

#include "wallet/json_access.h"

namespace tfl::wallet {
namespace {

constexpr int64_t kConnectTimeoutMs = 3000;
constexpr int64_t kWriteTimeoutMs = 10000;
// How much longer than the server's long poll the client waits for its answer.
constexpr int64_t kWaitSlackMs = 5000;

// What went wrong, for people.
std::string describe(httplib::Error e) {
  switch (e) {
    case httplib::Error::Connection:
      return "connection refused or host unreachable";
    case httplib::Error::ConnectionTimeout:
      return "connection timed out";
    case httplib::Error::Read:
      return "no answer (read failed or timed out)";
    case httplib::Error::Write:
      return "could not send the request";
    case httplib::Error::SSLConnection:
      return "TLS handshake failed";
    case httplib::Error::SSLServerVerification:
      return "TLS certificate not trusted";
    case httplib::Error::Canceled:
      return "request canceled";
    default:
      return httplib::to_string(e);
  }
}

Code code_from_name(const std::string& name) {
  for (int c = static_cast<int>(Code::kInvalidArgument); c <= static_cast<int>(Code::kInternal); ++c)
    if (name == code_name(static_cast<Code>(c))) return static_cast<Code>(c);
  return Code::kInternal;
}

void set_timeout(httplib::Client& c, int64_t read_timeout_ms) {
  c.set_read_timeout(std::chrono::milliseconds(read_timeout_ms));
}

}  // namespace

std::string default_node_url() {
  if (const char* v = std::getenv(kNodeEnv); v && *v) return v;
  return kDefaultNodeUrl;
}

Status check_node_url(const std::string& url) {
  const Status bad =
      Status::invalid("node URL \"" + url + "\" (--node or $TFLEDGER_NODE) must look like http://127.0.0.1:7001");
  std::string_view rest(url);
  if (rest.rfind("http://", 0) == 0) {
    rest.remove_prefix(7);
  } else if (rest.rfind("https://", 0) == 0) {
    rest.remove_prefix(8);
  } else {
    return bad;
  }
  if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  const size_t colon = rest.find(':');
  std::string_view host = rest.substr(0, colon);
  auto host_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-'; };
  if (host.empty() || !std::all_of(host.begin(), host.end(), host_char)) return bad;
  if (colon == std::string_view::npos) return Status::ok();
  std::string_view port = rest.substr(colon + 1);
  auto digit = [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; };
  if (port.empty() || port.size() > 5 || !std::all_of(port.begin(), port.end(), digit)) return bad;
  const int number = std::stoi(std::string(port));
  return number >= 1 && number <= 65535 ? Status::ok() : bad;
}

std::string path_segment(const std::string& s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

NodeClient::NodeClient(std::string url) : url_(std::move(url)) {
  if (!url_.empty() && url_.back() == '/') url_.pop_back();
  http_ = std::make_unique<httplib::Client>(url_);
  http_->set_connection_timeout(std::chrono::milliseconds(kConnectTimeoutMs));
  http_->set_write_timeout(std::chrono::milliseconds(kWriteTimeoutMs));
  http_->set_keep_alive(true);
}

NodeClient::~NodeClient() = default;

Result<Json> NodeClient::decode_reply(int http_status, const std::string& body) const {
  auto j = parse_strict_json(body);
  if (j && j->is_object() && j->contains("error") && (*j)["error"].is_object()) {
    const Json& e = (*j)["error"];
    std::string message = string_member(e, "message");
    std::string code = string_member(e, "code");
    if (message.empty()) message = "node answered HTTP " + std::to_string(http_status);
    return Status(code_from_name(code), message);
  }
  if (http_status < 200 || http_status > 299)
    return Status::internal("node at " + url_ + " answered HTTP " + std::to_string(http_status));
  if (!j)
    return Status::internal("node at " + url_ + " answered with a body that is not JSON: " + j.status().message());
  return std::move(j).value();
}

Result<Json> NodeClient::get(const std::string& path, int64_t read_timeout_ms) {
  set_timeout(*http_, read_timeout_ms);
  auto res = http_->Get(path.c_str());
  if (!res) return Status::unavailable("cannot reach node at " + url_ + ": " + describe(res.error()));
  return decode_reply(res->status, res->body);
}

Result<Json> NodeClient::post(const std::string& path, const Json& body) {
  set_timeout(*http_, 10000);
  auto res = http_->Post(path.c_str(), body.dump(), "application/json");
  if (!res) return Status::unavailable("cannot reach node at " + url_ + ": " + describe(res.error()));
  return decode_reply(res->status, res->body);
}

Result<std::string> NodeClient::submit_tx(const Json& tx) {
  TFL_ASSIGN_OR_RETURN(Json reply, post("/api/v1/txs", tx));
  if (!reply.is_object() || !reply.contains("id") || !reply["id"].is_string())
    return Status::internal("node at " + url_ + " accepted the tx but did not say its id");
  return reply["id"].get<std::string>();
}

Result<Json> NodeClient::wait_tx(const std::string& id, int64_t timeout_ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(std::max<int64_t>(timeout_ms, 0));
  while (true) {
    auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
    int64_t poll = std::clamp<int64_t>(left, 0, kMaxWaitPerRequestMs);
    TFL_ASSIGN_OR_RETURN(Json view, get("/api/v1/txs/" + path_segment(id) + "/wait?timeout_ms=" + std::to_string(poll),
                                        poll + kWaitSlackMs));
    if (!view.is_object() || !view.contains("status") || view["status"] != "pending" || left <= kMaxWaitPerRequestMs)
      return view;
  }
}

}  // namespace tfl::wallet
