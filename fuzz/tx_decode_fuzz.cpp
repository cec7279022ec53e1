// Fuzz target: the tx decoder and the validator (chain/tx/transaction.h,
// chain/state/executor.h) on the fixed 4-validator chain (fuzz_chain.h).
// Input: strict JSON text, one signed tx or an array of up to 16 run in order, so a
// mutated sequence can reach the later steps of a trade (issue, accept, finance…).
// Each tx is decoded, its re-encoding must decode to the same id and bytes, its
// signatures are checked (result ignored), and it is admitted and applied on the
// genesis state without signature checks, so mutated payloads reach the handlers.
// Every value written to the state must be canonical JSON (or "", an index entry),
// and running the same input again must write the same bytes and reach the same
// outcomes (determinism).
#include <string>
#include <vector>

#include "chain/tx/transaction.h"
#include "fuzz/fuzz_chain.h"

using namespace tfl;
using tfl::fuzz::require;

namespace {

constexpr size_t kMaxTxsPerInput = 16;

// Runs one tx on `state`; returns what became of it ("" when it did not decode).
std::string run_tx(const fuzz::FuzzChain& chain, StateOverlay& state, const Json& j) {
  auto tx = decode_tx(j);
  if (!tx) return "";
  const Transaction& t = **tx;
  auto again = decode_tx(t.to_json());
  require(again.is_ok(), "a decoded tx re-encodes to a decodable tx");
  require((*again)->id == t.id && (*again)->canonical == t.canonical, "re-encoding keeps the id and bytes");
  require(t.canonical == canonical_json(t.to_json()), "canonical bytes are the tx's canonical JSON");
  verify_tx_signatures(t);
  if (Status admitted = chain.executor.admit(state, t, false); !admitted) return "refused: " + admitted.message();
  auto outcome = chain.executor.apply_tx(state, t, chain.env);
  if (!outcome) return "refused: " + outcome.status().message();
  require(outcome->id == t.id, "an outcome names its tx");
  return outcome->ok ? "ok" : "failed: " + outcome->reason;
}

// Runs the input's txs on a fresh overlay over genesis; returns their fates.
std::vector<std::string> run_input(const fuzz::FuzzChain& chain, StateOverlay& state, const Json& input) {
  std::vector<std::string> fates;
  if (!input.is_array()) {
    fates.push_back(run_tx(chain, state, input));
    return fates;
  }
  for (size_t i = 0; i < input.size() && i < kMaxTxsPerInput; ++i) fates.push_back(run_tx(chain, state, input[i]));
  return fates;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const fuzz::FuzzChain& chain = fuzz::chain4();
  auto parsed = parse_strict_json(fuzz::as_text(data, size));
  if (!parsed) return 0;
  StateOverlay state(chain.state.as_parent());
  const std::vector<std::string> fates = run_input(chain, state, *parsed);
  fuzz::require_canonical_values(state.sorted_writes());
  StateOverlay replay(chain.state.as_parent());
  require(run_input(chain, replay, *parsed) == fates && replay.sorted_writes() == state.sorted_writes(),
          "the same txs on the same state have the same effect");
  return 0;
}
