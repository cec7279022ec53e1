// Fuzz target: the tx decoder and the validator (chain/tx/transaction.h,
// chain/state/executor.h) on the fixed 4-validator chain (fuzz_chain.h).
// Input: strict JSON text, one signed tx or an array of up to 16 run in order, so a
// mutated sequence can reach the later steps of a trade (issue, accept, finance…).
// Each tx is decoded, its re-encoding must decode to the same id and bytes, its
// signatures are checked (result ignored), and it is admitted and applied on the
// genesis state without signature checks, so mutated payloads reach the handlers.
#include "chain/tx/transaction.h"
#include "fuzz/fuzz_chain.h"

using namespace tfl;
using tfl::fuzz::require;

namespace {

constexpr size_t kMaxTxsPerInput = 16;

void run_tx(const fuzz::FuzzChain& chain, StateOverlay& state, const Json& j) {
  auto tx = decode_tx(j);
  if (!tx) return;
  const Transaction& t = **tx;
  auto again = decode_tx(t.to_json());
  require(again.is_ok(), "a decoded tx re-encodes to a decodable tx");
  require((*again)->id == t.id && (*again)->canonical == t.canonical, "re-encoding keeps the id and bytes");
  require(t.canonical == canonical_json(t.to_json()), "canonical bytes are the tx's canonical JSON");
  verify_tx_signatures(t);
  if (!chain.executor.admit(state, t, false)) return;
  auto outcome = chain.executor.apply_tx(state, t, chain.env);
  if (outcome) require(outcome->id == t.id, "an outcome names its tx");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const fuzz::FuzzChain& chain = fuzz::chain4();
  auto parsed = parse_strict_json(fuzz::as_text(data, size));
  if (!parsed) return 0;
  StateOverlay state(chain.state);
  if (!parsed->is_array()) {
    run_tx(chain, state, *parsed);
    return 0;
  }
  for (size_t i = 0; i < parsed->size() && i < kMaxTxsPerInput; ++i) run_tx(chain, state, (*parsed)[i]);
  return 0;
}
