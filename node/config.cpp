#include "node/config.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "chain/codec/json_fields.h"

namespace tfl {
namespace fs = std::filesystem;

namespace {
std::string resolve(const std::string& home, const std::string& p) {
  if (p.empty() || fs::path(p).is_absolute()) return p;
  return (fs::path(home) / p).lexically_normal().string();
}
Json timeouts_json(const consensus::TimeoutConfig& t) {
  return Json{{"propose_ms", t.propose_ms},     {"propose_delta_ms", t.propose_delta_ms},
              {"prevote_ms", t.prevote_ms},     {"prevote_delta_ms", t.prevote_delta_ms},
              {"precommit_ms", t.precommit_ms}, {"precommit_delta_ms", t.precommit_delta_ms}};
}

Status load_timeouts(const Json& j, consensus::TimeoutConfig& t) {
  TFL_RETURN_IF_ERROR(check_fields(j, {"propose_ms", "propose_delta_ms", "prevote_ms", "prevote_delta_ms",
                                       "precommit_ms", "precommit_delta_ms"}, "timeouts"));
  std::pair<const char*, int64_t*> fields[] = {
      {"propose_ms", &t.propose_ms}, {"propose_delta_ms", &t.propose_delta_ms},
      {"prevote_ms", &t.prevote_ms}, {"prevote_delta_ms", &t.prevote_delta_ms},
      {"precommit_ms", &t.precommit_ms}, {"precommit_delta_ms", &t.precommit_delta_ms}};
  for (auto& [name, target] : fields) {
    TFL_ASSIGN_OR_RETURN(auto v, get_optional_int(j, name, 1, 600000));
    if (v) *target = *v;
  }
  return Status::ok();
}

Status load_http_limits(const Json& j, NodeConfig& c) {
  TFL_ASSIGN_OR_RETURN(auto rate, get_optional_int(j, "api_rate_per_second", 0, 1000000));
  if (rate) c.api_rate_per_second = static_cast<double>(*rate);
  TFL_ASSIGN_OR_RETURN(auto burst, get_optional_int(j, "api_burst", 1, 1000000));
  if (burst) c.api_burst = static_cast<double>(*burst);
  if (j.contains("api_limit_loopback")) {
    TFL_ASSIGN_OR_RETURN(c.api_limit_loopback, get_bool(j, "api_limit_loopback"));
  }
  TFL_ASSIGN_OR_RETURN(auto conns, get_optional_int(j, "max_connections_per_ip", 0, 100000));
  if (conns) c.max_connections_per_ip = static_cast<size_t>(*conns);
  TFL_ASSIGN_OR_RETURN(auto threads, get_optional_int(j, "http_threads", 4, 1024));
  if (threads) c.http_threads = static_cast<size_t>(*threads);
  return Status::ok();
}

}  // namespace

Status parse_host_port(const std::string& s, std::string* host, int* port) {
  auto colon = s.rfind(':');
  if (colon == std::string::npos || colon == 0) return Status::invalid("listen address \"" + s + "\" must be HOST:PORT");
  *host = s.substr(0, colon);
  std::string p = s.substr(colon + 1);
  if (p.empty() || p.size() > 5 || p.find_first_not_of("0123456789") != std::string::npos)
    return Status::invalid("port in \"" + s + "\" must be a number");
  *port = std::stoi(p);
  if (*port < 1 || *port > 65535) return Status::invalid("port in \"" + s + "\" must be 1..65535");
  return Status::ok();
}

Json NodeConfig::to_json() const {
  Json j{{"node_id", node_id},
         {"listen", listen_host + ":" + std::to_string(listen_port)},
         {"genesis", genesis_path},
         {"data_dir", data_dir},
         {"peers", peers},
         {"block_interval_ms", block_interval_ms},
         {"max_block_txs", max_block_txs},
         {"mempool_limit", mempool_limit},
         {"log_level", log_level},
         {"api_rate_per_second", static_cast<int64_t>(api_rate_per_second)},
         {"api_burst", static_cast<int64_t>(api_burst)},
         {"api_limit_loopback", api_limit_loopback},
         {"max_connections_per_ip", max_connections_per_ip},
         {"http_threads", http_threads},
         {"timeouts", timeouts_json(timeouts)}};
  if (!validator_key_path.empty()) j["validator_key"] = validator_key_path;
  return j;
}

Result<std::string> read_file(const std::string& path, size_t max_bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::io_error("cannot read " + path + ": " + std::strerror(errno));
  std::string out;
  char buf[65536];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    out.append(buf, static_cast<size_t>(in.gcount()));
    if (out.size() > max_bytes) return Status::invalid(path + " is larger than " + std::to_string(max_bytes) + " bytes");
  }
  return out;
}

Status write_file_atomic(const std::string& path, const std::string& content, unsigned mode) {
  std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, mode);
  if (fd < 0) return Status::io_error("cannot write " + tmp + ": " + std::strerror(errno));
  ::fchmod(fd, mode);
  size_t off = 0;
  while (off < content.size()) {
    ssize_t n = ::write(fd, content.data() + off, content.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      ::close(fd);
      return Status::io_error("writing " + tmp + ": " + std::strerror(errno));
    }
    off += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    ::close(fd);
    return Status::io_error("fsync " + tmp + ": " + std::strerror(errno));
  }
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) return Status::io_error("rename " + tmp + ": " + std::strerror(errno));
  std::string dir = fs::path(path).parent_path().string();
  int dfd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return Status::ok();
}

Result<NodeConfig> load_node_config(const std::string& home) {
  std::string path = (fs::path(home) / "config.json").string();
  TFL_ASSIGN_OR_RETURN(std::string text, read_file(path, 1 << 20));
  auto parsed = parse_strict_json(text);
  if (!parsed) return parsed.status().with_context(path);
  const Json& j = *parsed;
  Status fields = check_fields(j, {"node_id", "listen", "genesis", "validator_key", "data_dir", "peers",
                                   "block_interval_ms", "max_block_txs", "mempool_limit", "log_level", "timeouts",
                                   "api_rate_per_second", "api_burst", "api_limit_loopback",
                                   "max_connections_per_ip", "http_threads"},
                               path);
  if (!fields) return fields;
  NodeConfig c;
  c.home = home;
  auto load = [&]() -> Status {
    TFL_ASSIGN_OR_RETURN(c.node_id, get_string(j, "node_id"));
    TFL_ASSIGN_OR_RETURN(std::string listen, get_string(j, "listen"));
    TFL_RETURN_IF_ERROR(parse_host_port(listen, &c.listen_host, &c.listen_port));
    TFL_ASSIGN_OR_RETURN(std::string genesis, get_string(j, "genesis"));
    c.genesis_path = resolve(home, genesis);
    TFL_ASSIGN_OR_RETURN(auto key, get_optional_string(j, "validator_key"));
    if (key) c.validator_key_path = resolve(home, *key);
    TFL_ASSIGN_OR_RETURN(auto data, get_optional_string(j, "data_dir"));
    c.data_dir = resolve(home, data.value_or("data"));
    if (j.contains("peers")) {
      TFL_ASSIGN_OR_RETURN(Json peers, get_array(j, "peers"));
      for (const auto& p : peers) {
        if (!p.is_string()) return Status::invalid("peers must be URLs");
        c.peers.push_back(p.get<std::string>());
      }
    }
    TFL_ASSIGN_OR_RETURN(auto interval, get_optional_int(j, "block_interval_ms", 1, 60000));
    if (interval) c.block_interval_ms = static_cast<int>(*interval);
    TFL_ASSIGN_OR_RETURN(auto max_txs, get_optional_int(j, "max_block_txs", 1, 10000));
    if (max_txs) c.max_block_txs = static_cast<size_t>(*max_txs);
    TFL_ASSIGN_OR_RETURN(auto limit, get_optional_int(j, "mempool_limit", 1, 10000000));
    if (limit) c.mempool_limit = static_cast<size_t>(*limit);
    TFL_ASSIGN_OR_RETURN(auto level, get_optional_string(j, "log_level"));
    if (level) c.log_level = *level;
    TFL_RETURN_IF_ERROR(load_http_limits(j, c));
    if (j.contains("timeouts")) TFL_RETURN_IF_ERROR(load_timeouts(j["timeouts"], c.timeouts));
    c.sign_state_path = resolve(home, "sign_state");
    c.locked_block_path = resolve(home, "locked_block");
    return Status::ok();
  };
  Status st = load();
  if (!st) return st.with_context(path);
  return c;
}

Result<std::string> read_private_file(const std::string& path, size_t max_bytes) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return Status::io_error("cannot read key file " + path + ": " + std::strerror(errno));
  struct stat sb {};
  if (::fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
    ::close(fd);
    return Status::io_error("key file " + path + " is not a regular file");
  }
  if (sb.st_mode & (S_IRWXG | S_IRWXO)) {
    ::close(fd);
    return Status::unauthorized("key file " + path + " is readable by others; run: chmod 600 " + path);
  }
  std::string text;
  text.reserve(std::min(static_cast<size_t>(sb.st_size), max_bytes) + 1);  // no regrowth leaves copies behind
  char buf[4096];
  Status st = Status::ok();
  while (st.is_ok()) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) st = Status::io_error("reading key file " + path + ": " + std::strerror(errno));
    if (n <= 0) break;
    if (text.size() + static_cast<size_t>(n) > max_bytes)
      st = Status::corruption("key file " + path + " is larger than a key file can be");
    else
      text.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  sodium_memzero(buf, sizeof buf);
  if (!st) {
    wipe(text);
    return st;
  }
  return text;
}

Result<KeyFile> load_key_file(const std::string& path) {
  TFL_ASSIGN_OR_RETURN(std::string text, read_private_file(path, 64 << 10));
  auto j = parse_strict_json(text);
  wipe(text);
  if (!j) return j.status().with_context(path);
  KeyFile k;
  auto load = [&]() -> Status {
    TFL_RETURN_IF_ERROR(check_fields(*j, {"id", "role", "public_key", "secret_key"}, "key file"));
    TFL_ASSIGN_OR_RETURN(k.id, get_string(*j, "id"));
    TFL_ASSIGN_OR_RETURN(auto role, get_optional_string(*j, "role"));
    k.role = role.value_or("");
    if (!j->contains("secret_key") || !(*j)["secret_key"].is_string()) return Status::invalid("secret_key must be a hex string");
    std::string& sk = (*j)["secret_key"].get_ref<std::string&>();
    auto secret = SecretKey::from_hex(sk);
    wipe(sk);
    if (!secret) return secret.status();
    k.secret_key = *secret;
    TFL_ASSIGN_OR_RETURN(std::string pk, get_string(*j, "public_key"));
    TFL_ASSIGN_OR_RETURN(k.public_key, PublicKey::from_hex(pk));
    if (!(k.secret_key.public_key() == k.public_key)) return Status::invalid("public_key does not match secret_key");
    return Status::ok();
  };
  Status st = load();
  if (j->is_object() && j->contains("secret_key") && (*j)["secret_key"].is_string())
    wipe((*j)["secret_key"].get_ref<std::string&>());  // also when load() stopped before reaching it
  if (!st) return st.with_context(path);
  return k;
}

Status write_key_file(const std::string& path, const std::string& id, const std::string& role, const KeyPair& kp) {
  Json j{{"id", id}, {"public_key", kp.public_key.hex()}, {"secret_key", kp.secret_key.hex()}};
  if (!role.empty()) j["role"] = role;
  std::string text = j.dump(2);
  wipe(j["secret_key"].get_ref<std::string&>());
  text += '\n';
  Status st = write_file_atomic(path, text, 0600);
  wipe(text);
  return st;
}

}  // namespace tfl
