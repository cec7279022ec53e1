// A deterministic discrete-event simulator of a network of Tendermint validators.
//
// Each validator is a Tendermint machine driven the way tfnode drives it: own messages are
// signed only if its SignGuard agrees (the guard's record is "fsynced" before the message
// leaves), looped back to the machine, and sent to every peer over a network that delays,
// reorders, loses and partitions messages. Every gossip interval a validator pushes the
// messages of its current height to a random peer, and validators that are behind fetch
// committed blocks with their certificates (block sync). Time is virtual; the only source of
// randomness is a SplitMix64 generator seeded from the configuration, so a seed replays
// exactly.
//
// Faults: Byzantine validators send different proposals and votes to different peers,
// propose invalid blocks and vote for rounds ahead; crashed validators lose everything but
// their committed chain and SignGuard record, and restart at their next height, at the round
// and with the lock the record holds, sending the messages of that round again.
//
// The simulation checks, and stops at the first violation:
//  - agreement: no two honest validators commit different blocks at a height;
//  - validity: every committed block carries a certificate of >= quorum distinct validators'
//    precommits for it, and is valid for the chain it extends (not marked invalid, no tx
//    committed before), so each tx is committed at most once per chain;
//  - no double-sign: every message an honest validator signs is checked against all it
//    signed before, across crashes;
//  - evidence accuses only Byzantine validators;
//  - liveness (unless check_liveness is off): every honest validator that is not crashed for
//    good commits target_height blocks before deadline_ms of virtual time.
//
// A restarted validator keeps only its lock and the messages of its last round (SignGuard):
// it forgets what it received, e.g. a proof of lock that included a Byzantine vote only it
// saw. Tendermint counts such a validator as faulty, so with Byzantine validators too, more
// than f are faulty and liveness is not guaranteed; the "amnesia" scenario checks safety only.
//
// Thread-safety: run_simulation is reentrant; it shares no state between calls.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "chain/consensus/types.h"

namespace tfl::consensus::sim {

// SplitMix64 (Steele, Lea, Flood 2014): a tiny generator with a fixed output for a seed on
// every platform, unlike std:: distributions.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t next();
  // Uniform in [0, bound). REQUIRES: bound > 0.
  uint64_t below(uint64_t bound);
  // Uniform in [lo, hi]. REQUIRES: lo <= hi.
  int64_t between(int64_t lo, int64_t hi);
  // True with probability p.
  bool chance(double p);

 private:
  uint64_t state_;
};

struct SimConfig {
  std::string scenario = "custom";  // name for messages and replay commands
  uint64_t seed = 1;
  int n = 4;
  int64_t target_height = 5;   // every live honest validator must commit this many blocks
  int64_t deadline_ms = 60'000;  // ... by this virtual time (the liveness bound)

  // Network.
  int64_t min_delay_ms = 1;
  int64_t max_delay_ms = 40;
  bool reorder = true;  // false: messages on one link arrive in the order sent
  double loss = 0.0;    // probability that a message is lost
  int64_t gossip_interval_ms = 250;
  // > 0: the validators form two random groups that cannot talk until this time.
  int64_t partition_heal_ms = 0;

  // Faults. At most f = n - quorum validators should be Byzantine or crashed for good.
  int byzantine = 0;
  int crash_forever = 0;      // honest validators that crash during fault_window_ms for good
  int crash_restarts = 0;     // crashes of random honest validators that restart
  int64_t fault_window_ms = 5'000;
  int64_t max_downtime_ms = 3'000;

  // Blocks: up to max_txs_per_block tx ids from 0 .. tx_pool_size-1 not yet committed.
  int tx_pool_size = 40;
  int max_txs_per_block = 3;

  TimeoutConfig timeouts;
  std::ostream* trace = nullptr;  // when set, one line per notable event
  bool check_liveness = true;

  // A broken driver that signs without consulting its SignGuard: only for proving that the
  // double-sign check catches one.
  bool use_sign_guard = true;
};

struct SimResult {
  bool ok = true;
  std::string failure;  // the first property violated, with the time and the validator
  bool reached_target = false;  // every live honest validator committed target_height blocks
  int64_t end_time_ms = 0;
  std::vector<int64_t> committed;  // chain length of each validator at the end
  int32_t max_round = 0;           // highest round any honest validator reached
  int64_t messages_sent = 0;
  int64_t messages_lost = 0;       // loss and partitions
  int64_t evidence = 0;            // Evidence/ProposalEvidence reported by honest validators
  int64_t refused_signatures = 0;  // messages a SignGuard kept from leaving a validator
  int64_t restarts = 0;
  int64_t locked_restarts = 0;     // restarts that recovered a lock from the SignGuard
  int64_t synced_blocks = 0;       // blocks committed through block sync
};

SimResult run_simulation(const SimConfig& config);

// The scenarios test_simulator.cpp runs; the same (name, n, seed) always gives the same run.
const std::vector<std::string>& scenario_names();
// REQUIRES: name is one of scenario_names(); n >= 4.
SimConfig scenario(const std::string& name, int n, uint64_t seed);

// A shell command, run from the build directory, that replays one run with a trace.
std::string replay_command(const SimConfig& config);

// One line: the configuration and the result, for failure messages.
std::string describe(const SimConfig& config, const SimResult& result);

}  // namespace tfl::consensus::sim
