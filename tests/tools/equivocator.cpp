// A Byzantine validator for tests: signs two prevotes for different blocks in one
// height and round with a real validator key, and sends both to every node.
//   equivocator --key validator_key.json --chain-id ID --height H --round R --node URL…
#include <iostream>

#include <CLI/CLI.hpp>
#include <httplib.h>

#include "chain/crypto/sha256.h"
#include "node/config.h"
#include "node/consensus_wire.h"

using namespace tfl;

int main(int argc, char** argv) {
  CLI::App app{"equivocator: double-signs a prevote"};
  std::string key_file, chain_id;
  int64_t height = 1;
  int round = 0;
  std::vector<std::string> nodes;
  app.add_option("--key", key_file)->required();
  app.add_option("--chain-id", chain_id)->required();
  app.add_option("--height", height)->required();
  app.add_option("--round", round)->default_val(0);
  app.add_option("--node", nodes)->required();
  CLI11_PARSE(app, argc, argv);
  auto key = load_key_file(key_file);
  if (!key) return std::cerr << "equivocator: " << key.status().message() << "\n", 1;

  Json items = Json::array();
  for (const char* seed : {"block-x", "block-y"}) {
    consensus::Vote v{consensus::VoteType::kPrevote, height, round, sha256(seed).hex(), key->id, ""};
    v.signature = sign(key->secret_key, vote_sign_bytes(chain_id, v));
    items.push_back(encode_vote(v));
  }
  for (const auto& url : nodes) {
    httplib::Client c(url);
    auto r = c.Post("/p2p/v1/consensus", Json{{"from", key->id}, {"items", items}}.dump(), "application/json");
    if (!r || r->status != 200) return std::cerr << "equivocator: " << url << " refused the votes\n", 1;
    std::cout << url << " " << r->body << "\n";
  }
}
