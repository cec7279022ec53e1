// A hostile sender of consensus messages, for tests of lying peers: it POSTs batches of
// votes to one node's /p2p/v1/consensus for a while and prints what the node answered.
//   flooder --node URL --genesis genesis.json --mode MODE [--key validator_key.json]
//           [--seconds S] [--batch N]
// Modes:
//   non-validator  votes signed by a key that is no genesis validator
//   forged         votes naming a genesis validator, signed by another key
//   unknown-block  votes signed with --key (a real validator's) for blocks no one proposed,
//                  at the node's height, every round up to 300 and both vote types
//   future         votes signed with --key for heights and rounds far ahead of the node
// Output: {"batches", "sent", "accepted", "stale", "refused", "errors", "first_refusal"}.
#include <chrono>
#include <iostream>
#include <random>

#include <CLI/CLI.hpp>
#include <httplib.h>

#include "chain/crypto/sha256.h"
#include "chain/state/genesis.h"
#include "node/config.h"
#include "node/consensus_wire.h"

using namespace tfl;

int main(int argc, char** argv) {
  CLI::App app{"flooder: floods a node with hostile consensus messages"};
  std::string node_url, genesis_path, mode, key_file;
  double seconds = 5;
  int batch = 500;
  app.add_option("--node", node_url)->required();
  app.add_option("--genesis", genesis_path)->required();
  app.add_option("--mode", mode)->required()->check(CLI::IsMember({"non-validator", "forged", "unknown-block", "future"}));
  app.add_option("--key", key_file);
  app.add_option("--seconds", seconds);
  app.add_option("--batch", batch);
  CLI11_PARSE(app, argc, argv);
  crypto_init();
  auto genesis = load_genesis(genesis_path);
  if (!genesis) return std::cerr << "flooder: " << genesis.status().message() << "\n", 1;
  KeyPair impostor = KeyPair::from_seed("flooder-impostor");
  std::string voter = "mallory";
  const SecretKey* signer = &impostor.secret_key;
  std::optional<KeyFile> key;
  if (mode == "forged") voter = genesis->validators.front().id;
  if (mode == "unknown-block" || mode == "future") {
    if (key_file.empty()) return std::cerr << "flooder: --mode " << mode << " needs --key\n", 2;
    auto k = load_key_file(key_file);
    if (!k) return std::cerr << "flooder: " << k.status().message() << "\n", 1;
    key = *k;
    voter = key->id;
    signer = &key->secret_key;
  }

  httplib::Client client(node_url);
  client.set_connection_timeout(1, 0);
  client.set_read_timeout(10, 0);
  client.set_write_timeout(10, 0);
  client.set_keep_alive(true);
  std::mt19937_64 rng(42);
  int64_t batches = 0, sent = 0, accepted = 0, stale = 0, refused = 0, errors = 0;
  std::string first_refusal;
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < end) {
    // Aim at the height and round the node is in now, so the flood is not dropped as
    // stale before its signatures are checked (rounds climb on a slow, flooded node).
    int64_t height = 1, round = 0;
    if (auto st = client.Get("/api/v1/status"); st && st->status == 200) {
      const Json status = Json::parse(st->body);
      height = status["height"].get<int64_t>() + 1;
      const Json consensus = status.value("consensus", Json());
      if (consensus.is_object() && consensus.value("height", int64_t{0}) == height)
        round = consensus.value("round", int64_t{0});
    }
    Json items = Json::array();
    for (int i = 0; i < batch; ++i) {
      consensus::Vote v;
      v.type = rng() % 2 ? consensus::VoteType::kPrevote : consensus::VoteType::kPrecommit;
      v.height = mode == "future" ? height + 1 + static_cast<int64_t>(rng() % 100000) : height;
      v.round = static_cast<int32_t>(mode == "future" ? rng() % 100000 : round + static_cast<int64_t>(rng() % 3));
      v.block_id = sha256("flood-" + std::to_string(rng())).hex();
      v.validator = voter;
      v.signature = sign(*signer, vote_sign_bytes(genesis->chain_id, v));
      items.push_back(encode_vote(v));
    }
    auto r = client.Post("/p2p/v1/consensus", Json{{"from", voter}, {"items", items}}.dump(), "application/json");
    ++batches;
    sent += batch;
    if (!r || r->status != 200) {
      ++errors;
      continue;
    }
    Json j = Json::parse(r->body);
    accepted += j.value("accepted", int64_t{0});
    stale += j.value("stale", int64_t{0});
    refused += static_cast<int64_t>(j.value("refused", Json::array()).size());
    if (first_refusal.empty() && !j.value("refused", Json::array()).empty()) first_refusal = j["refused"][0];
  }
  std::cout << Json{{"batches", batches}, {"sent", sent},           {"accepted", accepted},
                    {"stale", stale},     {"refused", refused},     {"errors", errors},
                    {"first_refusal", first_refusal}}
                   .dump()
            << "\n";
}
