// A node's configuration: DIR/nodeI/config.json (DESIGN §3).
//
//   {node_id, listen "127.0.0.1:7001", genesis "../genesis.json",
//    validator_key "validator_key.json" (absent for an observer), data_dir "data",
//    peers ["http://127.0.0.1:7002", …], block_interval_ms 200, max_block_txs 4000,
//    mempool_limit 25000, log_level "info",
//    api_rate_per_second 100, api_burst 200, api_limit_loopback false,
//    max_connections_per_ip 32, http_threads 64,
//    timeouts {propose_ms, propose_delta_ms, prevote_ms, prevote_delta_ms,
//              precommit_ms, precommit_delta_ms}}
// Relative paths are relative to the home directory.
#pragma once

#include <string>
#include <vector>

#include "chain/codec/canonical_json.h"
#include "chain/consensus/types.h"
#include "chain/crypto/ed25519.h"
#include "chain/util/status.h"

namespace tfl {

struct NodeConfig {
  std::string home;
  std::string node_id;
  std::string listen_host = "127.0.0.1";
  int listen_port = 7001;
  std::string genesis_path;
  std::string validator_key_path;  // empty: observer
  std::string data_dir;
  std::vector<std::string> peers;
  int block_interval_ms = 200;
  size_t max_block_txs = 4000;
  // A pending tx holds ~4–5 KB (decoded, its admission trace, its speculative writes):
  // 25,000 (six full blocks) keep a loaded node under 300 MB. At 50,000 a 100,000-tx burst
  // took a single validator to 330 MB once admission outpaced commits.
  size_t mempool_limit = 25000;
  std::string log_level = "info";
  // The public API's per-client limits (node/rate_limiter.h, node/http_server.h).
  // Loopback clients are exempt unless api_limit_loopback.
  double api_rate_per_second = 100;  // 0: no rate limit
  double api_burst = 200;
  bool api_limit_loopback = false;
  size_t max_connections_per_ip = 32;  // 0: no cap
  size_t http_threads = 64;
  // The node's default waits for a proposal cover building, sending and executing a
  // full block on a busy machine (docs/consensus.md); the rest are the machine's own.
  consensus::TimeoutConfig timeouts{3000, 500, 500, 250, 500, 250};
  std::string sign_state_path;  // <home>/sign_state: the last signed consensus message
  std::string locked_block_path;  // <home>/locked_block: the block of the lock in sign_state (locked_block.h)

  Json to_json() const;  // with paths as written in the file
};

Result<NodeConfig> load_node_config(const std::string& home);

// {"id", "role", "public_key", "secret_key"} hex, mode 0600. load_key_file refuses a key
// file that group or others may access (with the chmod that fixes it), a symlink and a
// non-regular file; the secret's text (file contents, hex, JSON value) is wiped once the
// SecretKey holds it, and write_key_file wipes the text it wrote.
struct KeyFile {
  std::string id;
  std::string role;
  SecretKey secret_key;
  PublicKey public_key;
};
Result<KeyFile> load_key_file(const std::string& path);
Status write_key_file(const std::string& path, const std::string& id, const std::string& role, const KeyPair& kp);

// Writes `content` to `path` atomically (temp file, fsync, rename, fsync dir) with `mode`.
Status write_file_atomic(const std::string& path, const std::string& content, unsigned mode = 0644);
Result<std::string> read_file(const std::string& path, size_t max_bytes = 16 << 20);
// Reads a file that only its owner may access (a key file), without following a
// symlink: kUnauthorized, naming `chmod 600 PATH`, when group or others have any access.
// The read buffer is wiped; the caller wipes the returned text (wipe(), ed25519.h).
Result<std::string> read_private_file(const std::string& path, size_t max_bytes);

// "127.0.0.1:7001" → host, port.
Status parse_host_port(const std::string& s, std::string* host, int* port);

}  // namespace tfl
