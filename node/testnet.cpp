#include "node/testnet.h"

#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <filesystem>

#include "chain/codec/hex.h"
#include "chain/crypto/ed25519.h"
#include "chain/crypto/sha256.h"
#include "chain/state/genesis.h"
#include "chain/tx/transaction.h"
#include "node/config.h"

namespace tfl {
namespace fs = std::filesystem;

namespace {

constexpr int64_t kDefaultCreditLimit = 100000000;  // USD 1,000,000.00

Json participant_entry(const std::string& id, const std::string& name, const std::string& role,
                       const PublicKey& key, const std::string& onboarded_by) {
  return Json{{"id", id},     {"name", name},         {"role", role},
              {"keys", {key.hex()}}, {"threshold", 1}, {"onboarded_by", onboarded_by}};
}

}  // namespace

Status write_testnet(const TestnetOptions& o) {
  if (o.validators < 1 || o.validators > 64) return Status::invalid("--validators must be 1..64");
  if (o.corporates < 0 || o.corporates > 1000) return Status::invalid("--corporates must be 0..1000");
  if (o.base_port < 1 || o.base_port + o.validators > 65535) return Status::invalid("--base-port out of range");
  if (o.out.empty()) return Status::invalid("--out DIR is required");
  fs::path out(o.out);
  if (fs::exists(out / "genesis.json")) return Status::already_exists(o.out + " already holds a testnet (genesis.json)");
  std::error_code ec;
  fs::create_directories(out / "keys", ec);
  if (ec) return Status::io_error("cannot create " + (out / "keys").string() + ": " + ec.message());
  fs::permissions(out / "keys", fs::perms::owner_all, fs::perm_options::replace, ec);  // only the operator lists keys
  if (ec) return Status::io_error("cannot chmod 700 " + (out / "keys").string() + ": " + ec.message());
  crypto_init();

  Json validators = Json::array();
  std::vector<std::string> addresses;
  for (int i = 1; i <= o.validators; ++i) addresses.push_back("http://127.0.0.1:" + std::to_string(o.base_port + i));

  for (int i = 1; i <= o.validators; ++i) {
    std::string id = "node" + std::to_string(i);
    fs::path home = out / id;
    fs::create_directories(home, ec);
    if (ec) return Status::io_error("cannot create " + home.string() + ": " + ec.message());
    KeyPair kp = KeyPair::generate();
    TFL_RETURN_IF_ERROR(write_key_file((home / "validator_key.json").string(), id, "validator", kp));
    validators.push_back(Json{{"id", id}, {"public_key", kp.public_key.hex()}, {"address", addresses[i - 1]}});
    NodeConfig c;
    c.node_id = id;
    c.listen_port = o.base_port + i;
    c.genesis_path = "../genesis.json";
    c.validator_key_path = "validator_key.json";
    c.data_dir = "data";
    c.block_interval_ms = o.block_interval_ms;
    for (int p = 1; p <= o.validators; ++p)
      if (p != i) c.peers.push_back(addresses[p - 1]);
    TFL_RETURN_IF_ERROR(write_file_atomic((home / "config.json").string(), c.to_json().dump(2) + "\n"));
  }

  Json participants = Json::array();
  auto add = [&](const std::string& id, const std::string& name, const std::string& role,
                 const std::string& by) -> Result<Json*> {
    KeyPair kp = KeyPair::generate();
    TFL_RETURN_IF_ERROR(write_key_file((out / "keys" / (id + ".json")).string(), id, role, kp));
    participants.push_back(participant_entry(id, name, role, kp.public_key, by));
    return &participants.back();
  };
  const int banks = std::max(o.validators, 2);
  for (int i = 1; i <= banks; ++i) {
    auto r = add("bank" + std::to_string(i), "Bank " + std::to_string(i), "bank", "genesis");
    if (!r) return r.status();
  }
  for (int j = 1; j <= o.corporates; ++j) {
    std::string by = "bank" + std::to_string((j - 1) % banks + 1);
    auto r = add("corp" + std::to_string(j), "Corporate " + std::to_string(j), "corporate", by);
    if (!r) return r.status();
    (**r)["credit_limit"] = Json{{"currency", "USD"}, {"amount", kDefaultCreditLimit}};
  }
  for (auto [id, name, role] : {std::tuple{"carrier1", "Carrier 1", "carrier"}, std::tuple{"insurer1", "Insurer 1", "insurer"}}) {
    auto r = add(id, name, role, "bank1");
    if (!r) return r.status();
  }

  unsigned char network_key[32];
  randombytes_buf(network_key, sizeof network_key);
  auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::system_clock::now().time_since_epoch()).count();
  Json genesis{{"chain_id", o.chain_id},
               {"genesis_time", format_utc_timestamp(now_ms)},
               {"network_key", to_hex({reinterpret_cast<const char*>(network_key), 32})},
               {"validators", validators},
               {"participants", participants}};
  sodium_memzero(network_key, sizeof network_key);
  auto parsed = parse_genesis(genesis);  // the file we write must be one we accept
  if (!parsed) return parsed.status().with_context("generated genesis");
  return write_file_atomic((out / "genesis.json").string(), genesis.dump(2) + "\n");
}

Status write_observer_home(const ObserverOptions& o) {
  if (o.home.empty()) return Status::invalid("--home DIR is required");
  if (o.peers.empty()) return Status::invalid("at least one --peer URL is needed to follow the chain");
  if (!is_valid_participant_id(o.node_id)) return Status::invalid("--node-id must match [a-z0-9-]{2,32}");
  std::string host;
  int port = 0;
  TFL_RETURN_IF_ERROR(parse_host_port(o.listen, &host, &port));
  TFL_ASSIGN_OR_RETURN(std::string genesis_text, read_file(o.genesis_path, 16 << 20));
  TFL_RETURN_IF_ERROR(load_genesis(o.genesis_path).status());
  fs::path home(o.home);
  if (fs::exists(home / "config.json")) return Status::already_exists(o.home + " already holds a node (config.json)");
  std::error_code ec;
  fs::create_directories(home, ec);
  if (ec) return Status::io_error("cannot create " + o.home + ": " + ec.message());
  TFL_RETURN_IF_ERROR(write_file_atomic((home / "genesis.json").string(), genesis_text));
  NodeConfig c;
  c.node_id = o.node_id;
  c.listen_host = host;
  c.listen_port = port;
  c.genesis_path = "genesis.json";
  c.data_dir = "data";
  c.peers = o.peers;
  return write_file_atomic((home / "config.json").string(), c.to_json().dump(2) + "\n");
}

}  // namespace tfl
