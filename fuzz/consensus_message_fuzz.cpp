// Fuzz target: the consensus message decoder (node/consensus_wire.h) — signed
// proposals (with their blocks) and votes — against the fixed 4-validator chain.
// Input: strict JSON text of one message. A decoded message must re-encode to a
// message that decodes to the same proposal or vote.
#include "fuzz/fuzz_chain.h"
#include "node/consensus_wire.h"

using namespace tfl;
using tfl::fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const fuzz::FuzzChain& chain = fuzz::chain4();
  auto parsed = parse_strict_json(fuzz::as_text(data, size));
  if (!parsed) return 0;
  auto message = decode_message(*parsed, chain.genesis, chain.validators);
  if (!message) return 0;
  if (const auto* vote = std::get_if<consensus::Vote>(&*message)) {
    auto again = decode_message(encode_vote(*vote), chain.genesis, chain.validators);
    require(again.is_ok(), "an encoded vote decodes");
    const auto& v = std::get<consensus::Vote>(*again);
    require(v.type == vote->type && v.height == vote->height && v.round == vote->round &&
                v.block_id == vote->block_id && v.validator == vote->validator && v.signature == vote->signature,
            "re-decoding keeps the vote");
    return 0;
  }
  const auto& wire = std::get<WireProposal>(*message);
  const Block* block = wire.block ? &*wire.block : nullptr;
  auto again = decode_message(encode_proposal(wire.proposal, block), chain.genesis, chain.validators);
  require(again.is_ok(), "an encoded proposal decodes");
  const auto& p = std::get<WireProposal>(*again);
  require(p.proposal == wire.proposal, "re-decoding keeps the proposal");
  require(p.block.has_value() == wire.block.has_value() && (!block || p.block->hash() == block->hash()),
          "re-decoding keeps the proposal's block");
  return 0;
}
