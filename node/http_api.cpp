#include "node/http_api.h"

#include <cctype>
#include <charconv>
#include <chrono>
#include <memory>

#include <spdlog/spdlog.h>

#include "chain/state/state_keys.h"
#include "node/explorer_routes.h"
#include "node/rate_limiter.h"

namespace tfl {

int http_status_for(Code code) {
  switch (code) {
    case Code::kOk: return 200;
    case Code::kInvalidArgument: return 400;
    case Code::kUnauthorized: return 401;
    case Code::kNotFound: return 404;
    case Code::kConflict:
    case Code::kAlreadyExists: return 409;
    case Code::kResourceExhausted: return 429;
    case Code::kTooLarge: return 413;
    case Code::kUnavailable: return 503;
    default: return 500;
  }
}

Result<int64_t> query_int(const httplib::Request& req, const char* name, int64_t fallback, int64_t min, int64_t max) {
  if (!req.has_param(name)) return fallback;
  std::string s = req.get_param_value(name);
  int64_t v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size())
    return Status::invalid(std::string("query parameter ") + name + " must be an integer");
  if (v < min || v > max)
    return Status::invalid(std::string("query parameter ") + name + " must be between " + std::to_string(min) +
                           " and " + std::to_string(max));
  return v;
}

void reply_json(httplib::Response& res, int status, const Json& body) {
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, Json::error_handler_t::replace), "application/json");
}

void reply_error(httplib::Response& res, int status, const std::string& code, const std::string& message) {
  reply_json(res, status, Json{{"error", {{"code", code}, {"message", message}}}});
}

void reply_status(httplib::Response& res, const Status& st) {
  reply_error(res, http_status_for(st.code()), code_name(st.code()), st.message());
}

namespace {

bool is_public(const httplib::Request& req) { return req.path.rfind("/p2p/", 0) != 0; }

// "application/json", optionally with parameters ("; charset=utf-8").
bool is_json_content_type(const std::string& value) {
  std::string type = value.substr(0, value.find(';'));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  for (auto& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return type == "application/json";
}

// The checks every request passes before its route: the public API's per-client rate
// limit, a path and query in UTF-8, the body cap of the public API, and JSON bodies only. Runs before the body is
// read: a refused request costs no body.
bool refuse_before_routing(const HttpServer& server, RateLimiter* limiter, const httplib::Request& req,
                           httplib::Response& res) {
  if (limiter && is_public(req) && server.limits_apply_to(req.remote_addr)) {
    const int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::steady_clock::now().time_since_epoch()).count();
    auto d = limiter->take(req.remote_addr, now_ms);
    if (!d.allowed) {
      const int64_t seconds = (d.retry_after_ms + 999) / 1000;
      res.set_header("Retry-After", std::to_string(seconds));
      reply_error(res, 429, "resource_exhausted",
                  "rate limit: more than " + std::to_string(static_cast<int64_t>(limiter->rate_per_second())) +
                      " requests per second from " + req.remote_addr + "; retry in " + std::to_string(seconds) + " s");
      return true;
    }
  }
  if (!is_valid_utf8(req.path)) {
    reply_error(res, 400, "invalid_argument", "the request path is not valid UTF-8");
    return true;
  }
  for (const auto& [name, value] : req.params) {
    if (!is_valid_utf8(name) || !is_valid_utf8(value)) {
      reply_error(res, 400, "invalid_argument", "query parameter " + name + " is not valid UTF-8");
      return true;
    }
  }
  if (is_public(req) && req.get_header_value<uint64_t>("Content-Length") > kMaxBodyBytes) {
    reply_error(res, 413, "too_large", "request body larger than 1 MiB");
    return true;
  }
  if (req.method == "POST" &&
      !is_json_content_type(req.get_header_value("Content-Type"))) {
    reply_error(res, 415, "unsupported_media_type",
                "the body must be JSON sent with Content-Type: application/json (got \"" +
                    req.get_header_value("Content-Type") + "\")");
    return true;
  }
  return false;
}

}  // namespace

void install_api(HttpServer& server, Node& node) {
  server.set_tcp_nodelay(true);
  server.set_payload_max_length(kMaxPeerBodyBytes);
  server.set_read_timeout(10, 0);
  server.set_write_timeout(10, 0);
  server.set_keep_alive_max_count(10000);
  server.set_keep_alive_timeout(5);

  // Anything that ends in an error status without a JSON body gets one.
  server.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    switch (res.status) {
      case 404: reply_error(res, 404, "not_found", "no route for " + req.method + " " + req.path); break;
      case 413: reply_error(res, 413, "too_large", "request body larger than the node accepts"); break;
      case 400: reply_error(res, 400, "invalid_argument", "malformed HTTP request"); break;
      case 414: reply_error(res, 414, "too_large", "request URI longer than the node accepts (8 KiB)"); break;
      case 405: reply_error(res, 405, "invalid_argument", "method " + req.method + " not allowed on " + req.path); break;
      default:
        reply_error(res, res.status, res.status < 500 ? "invalid_argument" : "internal",
                    "HTTP " + std::to_string(res.status) + " for " + req.method + " " + req.path);
    }
  });
  server.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
    std::string what = "unknown";
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    spdlog::error("handler for {} {} threw: {}", req.method, req.path, what);
    reply_error(res, 500, "internal", "internal error");
  });
  // Request latency by route: the pre-routing handler and the logger run on the
  // request's worker thread, so a thread-local clock spans the handler.
  static thread_local std::chrono::steady_clock::time_point request_start;
  // Chunked bodies are capped when read (see parse_body).
  const NodeConfig& config = node.config();
  std::shared_ptr<RateLimiter> limiter;
  if (config.api_rate_per_second > 0) limiter = std::make_shared<RateLimiter>(config.api_rate_per_second, config.api_burst);
  server.set_pre_routing_handler([&server, limiter](const httplib::Request& req, httplib::Response& res) {
    request_start = std::chrono::steady_clock::now();
    HttpServer::headers_complete();
    return refuse_before_routing(server, limiter.get(), req, res) ? httplib::Server::HandlerResponse::Handled
                                                                  : httplib::Server::HandlerResponse::Unhandled;
  });
  server.set_logger([&node](const httplib::Request& req, const httplib::Response& res) {
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - request_start).count();
    node.metrics().http_request(Metrics::route_label(req.path), res.status, seconds);
  });
  server.Get("/metrics", [&node](const httplib::Request&, httplib::Response& res) {
    res.set_content(node.metrics_text(), "text/plain; version=0.0.4");
  });
  install_chain_routes(server, node);
  install_trade_routes(server, node);
  install_p2p_routes(server, node);
  install_explorer_routes(server);
  // Equivocation: committed on the chain (duplicate votes), and seen by this node
  // (also duplicate proposals, and votes not yet in a block).
  server.Get("/api/v1/evidence", [&node](const httplib::Request&, httplib::Response& res) {
    Json committed = Json::array();
    node.store().scan(keys::evidence_prefix(), "", [&](const std::string&, const std::string& v) {
      committed.push_back(Json::parse(v));
      return committed.size() < 1000;
    });
    reply_json(res, 200, Json{{"committed", committed},
                              {"seen", node.consensus() ? node.consensus()->evidence_json() : Json::array()}});
  });
}

}  // namespace tfl
