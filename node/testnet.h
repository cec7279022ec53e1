// `tfnode testnet`: a complete local network in one directory (DESIGN §3).
#pragma once

#include <string>
#include <vector>

#include "chain/util/status.h"

namespace tfl {

struct TestnetOptions {
  int validators = 1;
  int corporates = 2;
  std::string out;
  int base_port = 7000;          // validator i listens on 127.0.0.1:base_port+i
  std::string chain_id = "tfledger-testnet";
  int block_interval_ms = 200;
};

// Writes DIR/genesis.json, DIR/node1..N/{config.json, validator_key.json},
// DIR/keys/<id>.json. Refuses a DIR that already holds a genesis.json.
Status write_testnet(const TestnetOptions& options);

struct ObserverOptions {
  std::string home;
  std::string genesis_path;
  std::string node_id = "observer";
  std::string listen = "127.0.0.1:7100";
  std::vector<std::string> peers;
};

// `tfnode init`: a home for a node that follows the chain without voting (a
// regulator, an auditor, a bank that joins later): DIR/config.json without a
// validator key, and DIR/genesis.json copied from the chain's genesis.
Status write_observer_home(const ObserverOptions& options);

}  // namespace tfl
