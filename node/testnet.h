// `tfnode testnet`: a complete local network in one directory (DESIGN §3).
#pragma once

#include <string>

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

}  // namespace tfl
