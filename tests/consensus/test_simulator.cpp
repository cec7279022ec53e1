// Runs the consensus simulator over many seeds per scenario, with 4 and 7 validators.
//
// Environment:
//   TFL_SIM_SEEDS=N       seeds per scenario and validator count (default: per scenario below)
//   TFL_SIM_SEED=S        replay seed S only (with TFL_SIM_SCENARIO and TFL_SIM_N to narrow)
//   TFL_SIM_SCENARIO=name the scenario to replay; the other scenarios' cases then skip
//   TFL_SIM_N=n           the validator count to replay
//   TFL_SIM_TRACE=1       print the replayed run's events to stderr
// A failure prints the one-line command that replays it.
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "tests/consensus/simulator.h"

namespace tfl::consensus::sim {
namespace {

std::optional<uint64_t> env_number(const char* name) {
  const char* text = std::getenv(name);
  if (text == nullptr || *text == '\0') return std::nullopt;
  return std::strtoull(text, nullptr, 10);
}

std::optional<std::string> env_text(const char* name) {
  const char* text = std::getenv(name);
  if (text == nullptr || *text == '\0') return std::nullopt;
  return std::string(text);
}

struct Totals {
  int runs = 0;
  int failures = 0;
  int reached_target = 0;
  int32_t max_round = 0;
  int64_t max_end_ms = 0;
  int64_t evidence = 0;
  int64_t refused_signatures = 0;
  int64_t restarts = 0;
  int64_t locked_restarts = 0;
  int64_t synced_blocks = 0;
  int64_t messages_lost = 0;
};

// The runs of one scenario: all seeds for n = 4 and n = 7, or the one being replayed.
// Records a failed check per failing run (at most a few) with its replay command.
Totals run_scenario(const std::string& name, uint64_t default_seeds) {
  Totals totals;
  std::optional<uint64_t> replay_seed = env_number("TFL_SIM_SEED");
  std::optional<std::string> replay_scenario = env_text("TFL_SIM_SCENARIO");
  if (replay_seed && replay_scenario && *replay_scenario != name) return totals;
  std::vector<int> sizes = {4, 7};
  if (std::optional<uint64_t> n = env_number("TFL_SIM_N")) sizes = {static_cast<int>(*n)};
  const uint64_t seeds = env_number("TFL_SIM_SEEDS").value_or(default_seeds);
  const bool trace = env_number("TFL_SIM_TRACE").value_or(0) != 0;

  for (int n : sizes) {
    Totals for_n;
    for (uint64_t k = 1; k <= (replay_seed ? 1 : seeds); ++k) {
      SimConfig config = scenario(name, n, replay_seed ? *replay_seed : k);
      if (trace) config.trace = &std::cerr;
      SimResult result = run_simulation(config);
      ++for_n.runs;
      for_n.reached_target += result.reached_target ? 1 : 0;
      for_n.max_round = std::max(for_n.max_round, result.max_round);
      for_n.max_end_ms = std::max(for_n.max_end_ms, result.end_time_ms);
      for_n.evidence += result.evidence;
      for_n.refused_signatures += result.refused_signatures;
      for_n.restarts += result.restarts;
      for_n.locked_restarts += result.locked_restarts;
      for_n.synced_blocks += result.synced_blocks;
      for_n.messages_lost += result.messages_lost;
      if (!result.ok && ++for_n.failures <= 3) {
        FAIL_CHECK(describe(config, result) << "\n  replay: " << replay_command(config));
      }
    }
    std::cout << "sim: " << name << " n=" << n << ": " << for_n.runs << " runs, "
              << for_n.failures << " failed, " << for_n.reached_target
              << " reached the target; max round " << for_n.max_round
              << ", slowest " << for_n.max_end_ms << " ms virtual; evidence "
              << for_n.evidence << ", refused signatures " << for_n.refused_signatures
              << ", restarts " << for_n.restarts << " (" << for_n.locked_restarts
              << " locked), synced blocks " << for_n.synced_blocks
              << ", lost messages " << for_n.messages_lost << "\n";
    totals.runs += for_n.runs;
    totals.failures += for_n.failures;
    totals.reached_target += for_n.reached_target;
    totals.max_round = std::max(totals.max_round, for_n.max_round);
    totals.max_end_ms = std::max(totals.max_end_ms, for_n.max_end_ms);
    totals.evidence += for_n.evidence;
    totals.refused_signatures += for_n.refused_signatures;
    totals.restarts += for_n.restarts;
    totals.locked_restarts += for_n.locked_restarts;
    totals.synced_blocks += for_n.synced_blocks;
    totals.messages_lost += for_n.messages_lost;
  }
  return totals;
}

bool replaying() { return env_number("TFL_SIM_SEED").has_value(); }

// Checks that the scenario's faults really happened, so that its runs prove something.
// Skipped when replaying a single seed.
#define CHECK_EXERCISED(condition) \
  do {                             \
    if (!replaying()) CHECK(condition); \
  } while (0)

TEST_CASE("sim: happy", "[sim]") {
  Totals t = run_scenario("happy", 300);
  CHECK(t.failures == 0);
  CHECK_EXERCISED(t.messages_lost == 0);
  CHECK_EXERCISED(t.max_round == 0);  // synchronous and honest: every height in round 0
}

TEST_CASE("sim: lossy", "[sim]") {
  Totals t = run_scenario("lossy", 300);
  CHECK(t.failures == 0);
  CHECK_EXERCISED(t.messages_lost > 0);
  CHECK_EXERCISED(t.max_round > 0);
}

TEST_CASE("sim: async", "[sim]") {
  Totals t = run_scenario("async", 200);
  CHECK(t.failures == 0);
  CHECK_EXERCISED(t.max_round > 0);  // early rounds time out before messages arrive
}

TEST_CASE("sim: partition", "[sim]") {
  Totals t = run_scenario("partition", 300);
  CHECK(t.failures == 0);
  CHECK_EXERCISED(t.messages_lost > 0);
  CHECK_EXERCISED(t.synced_blocks > 0);  // the minority catches up after the heal
}

TEST_CASE("sim: crash", "[sim]") {
  Totals t = run_scenario("crash", 300);
  CHECK(t.failures == 0);
  CHECK_EXERCISED(t.max_round > 0);  // rounds of crashed proposers time out
}

TEST_CASE("sim: restart", "[sim]") {
  Totals t = run_scenario("restart", 300);
  CHECK(t.failures == 0);
  CHECK_EXERCISED(t.restarts > 0);
  CHECK_EXERCISED(t.refused_signatures > 0);  // restarted validators tried to re-vote
}

TEST_CASE("sim: byzantine", "[sim]") {
  Totals t = run_scenario("byzantine", 300);
  CHECK(t.failures == 0);
  CHECK_EXERCISED(t.evidence > 0);
}

TEST_CASE("sim: chaos", "[sim]") {
  Totals t = run_scenario("chaos", 200);
  CHECK(t.failures == 0);
  CHECK_EXERCISED(t.evidence > 0);
  CHECK_EXERCISED(t.synced_blocks > 0);
}

// Safety only: Byzantine validators plus restarted ones exceed f (see simulator.h).
TEST_CASE("sim: amnesia", "[sim]") {
  Totals t = run_scenario("amnesia", 200);
  CHECK(t.failures == 0);
  CHECK_EXERCISED(t.restarts > 0);
  CHECK_EXERCISED(t.locked_restarts > 0);
  CHECK_EXERCISED(t.evidence > 0);
  // Most runs still finish, so the safety checks ran over whole chains, not a stuck start.
  CHECK_EXERCISED(t.reached_target * 10 >= t.runs * 9);
}

TEST_CASE("the simulator replays a seed exactly", "[sim]") {
  for (const std::string& name : scenario_names()) {
    SimConfig config = scenario(name, 7, 42);
    SimResult first = run_simulation(config);
    SimResult second = run_simulation(config);
    INFO(name);
    CHECK(describe(config, first) == describe(config, second));
    CHECK(first.messages_sent > 0);
  }
  // A different seed gives a different run.
  CHECK(describe(scenario("lossy", 4, 1), run_simulation(scenario("lossy", 4, 1))) !=
        describe(scenario("lossy", 4, 2), run_simulation(scenario("lossy", 4, 2))));
}

TEST_CASE("the simulator catches a validator that signs without its guard", "[sim]") {
  int caught = 0;
  for (uint64_t seed = 1; seed <= 40 && caught == 0; ++seed) {
    SimConfig config = scenario("restart", 4, seed);
    config.use_sign_guard = false;
    SimResult result = run_simulation(config);
    if (!result.ok && result.failure.find("double sign") != std::string::npos) ++caught;
  }
  CHECK(caught > 0);
}

TEST_CASE("the random generator is SplitMix64 and stays in range", "[sim]") {
  Rng rng(0);
  // Reference outputs of SplitMix64 seeded with 0.
  CHECK(rng.next() == 0xe220a8397b1dcdafULL);
  CHECK(rng.next() == 0x6e789e6aa1b965f4ULL);
  Rng bounded(7);
  for (int k = 0; k < 1000; ++k) {
    int64_t x = bounded.between(-3, 3);
    REQUIRE(x >= -3);
    REQUIRE(x <= 3);
  }
}

}  // namespace
}  // namespace tfl::consensus::sim
