// The genesis file (DESIGN §3): the chain's identity, its validators, the network
// key for financing fingerprints, and the participants onboarded from the start.
//
//   {chain_id, genesis_time "YYYY-MM-DDTHH:MM:SSZ", network_key (32-byte hex),
//    validators [{id, public_key, address}],
//    participants [{id, name, role, keys[], threshold, onboarded_by, credit_limit?}]}
//
// Thread-safety: plain value.
#pragma once

#include <string>
#include <vector>

#include "chain/codec/canonical_json.h"
#include "chain/crypto/ed25519.h"
#include "chain/crypto/sha256.h"
#include "chain/state/state_view.h"

namespace tfl {

struct GenesisValidator {
  std::string id;
  PublicKey public_key;
  std::string address;  // http://127.0.0.1:7001
};

struct Genesis {
  std::string chain_id;
  std::string genesis_time;
  int64_t genesis_time_ms = 0;
  Hash network_key;
  std::vector<GenesisValidator> validators;
  Json participants = Json::array();
  Json raw;    // the file as read
  Hash hash;   // SHA-256 of its canonical bytes; block 1's prev_hash

  const GenesisValidator* validator(const std::string& id) const;
  Json to_json() const { return raw; }
};

Result<Genesis> parse_genesis(const Json& j);
Result<Genesis> load_genesis(const std::string& path);

// The state writes that genesis makes (participants with next_nonce 0).
// REQUIRES: g came from parse_genesis.
WriteSet genesis_writes(const Genesis& g);
// Root of the genesis state: next_state_root(zero hash, hash of genesis writes, hash of "").
Hash genesis_state_root(const Genesis& g);

// "2026-11-24T05:00:00Z" ↔ Unix milliseconds (UTC, whole seconds).
Result<int64_t> parse_utc_timestamp(const std::string& s);
std::string format_utc_timestamp(int64_t unix_ms);
// The UTC calendar date "YYYY-MM-DD" of a Unix time in milliseconds.
std::string utc_date(int64_t unix_ms);

}  // namespace tfl
