// proof verify: checks a tx's inclusion proof offline against the genesis file.
#include <cstdlib>
#include <memory>

#include "chain/block/tx_proof.h"
#include "chain/codec/hex.h"
#include "node/config.h"
#include "wallet/commands.h"
#include "wallet/verbs.h"

namespace tfl::wallet {
namespace {

std::string default_genesis() {
  if (const char* g = std::getenv("TFLEDGER_GENESIS")) return g;
  return "var/testnet/genesis.json";
}

// The proof from a file (fully offline) or from the node. Either way it is only
// trusted after verify_tx_proof checks it against the local genesis.
Result<Json> fetch_proof(Context& ctx, const std::string& tx_id, const std::string& file) {
  if (file.empty()) return ctx.node().get("/api/v1/txs/" + tx_id + "/proof");
  TFL_ASSIGN_OR_RETURN(std::string text, read_file(file, 4 << 20));
  auto j = parse_strict_json(text);
  if (!j) return j.status().with_context("proof file " + file);
  return *j;
}

void print_report(std::ostream& out, const TxProofReport& r, const Json& proof) {
  std::string signers;
  for (const auto& s : r.signers) signers += (signers.empty() ? "" : ", ") + s;
  out << "verified tx " << r.tx_id << "\n"
      << "  included   leaf " << r.leaf_index << " of " << r.tree_size << " in the tx tree of block " << r.height
      << " (RFC 6962 path to its tx_root)\n"
      << "  block      " << r.height << " " << r.block_hash << " (the header hashes to the certified block)\n"
      << "  certified  by " << signers << ": " << r.signers.size() << " of " << r.validators
      << " genesis validators, quorum " << r.quorum << "\n";
  if (proof.contains("status") && proof["status"].is_string())
    out << "  outcome    " << proof["status"].get<std::string>()
        << (proof.contains("reason") && proof["reason"].is_string() ? " (" + proof["reason"].get<std::string>() + ")" : "")
        << " — as the node reports it; the outcome is not part of the proof\n";
}

void add_verify(CLI::App* proof, Context& ctx) {
  struct Flags {
    std::string tx_id, genesis = default_genesis(), file, save;
  };
  auto f = std::make_shared<Flags>();
  CLI::App* v = add_verb(proof, ctx, "verify", "check a tx's Merkle path and commit certificate against the genesis",
                         [&ctx, f] {
                           if (!is_lower_hex(f->tx_id, 32))
                             return CommandResult::usage(Status::invalid("tx id must be 64 lowercase hex digits"));
                           auto genesis = load_genesis(f->genesis);
                           if (!genesis) return CommandResult::failure(genesis.status());
                           auto proof_json = fetch_proof(ctx, f->tx_id, f->file);
                           if (!proof_json) return CommandResult::failure(proof_json.status());
                           auto report = verify_tx_proof(*proof_json, *genesis);
                           if (!report) return CommandResult::failure(report.status().with_context("proof refused"));
                           if (report->tx_id != f->tx_id)
                             return CommandResult::failure(Status::invalid("the proof is for tx " + report->tx_id));
                           if (!f->save.empty()) {
                             Status st = write_file_atomic(f->save, proof_json->dump(2) + "\n");
                             if (!st) return CommandResult::failure(st);
                           }
                           if (ctx.json()) {
                             ctx.out() << Json{{"verified", true},       {"tx_id", report->tx_id},
                                               {"height", report->height}, {"block_hash", report->block_hash},
                                               {"leaf_index", report->leaf_index}, {"tree_size", report->tree_size},
                                               {"signers", report->signers}, {"validators", report->validators},
                                               {"quorum", report->quorum}}
                                              .dump()
                                       << "\n";
                           } else {
                             print_report(ctx.out(), *report, *proof_json);
                           }
                           return CommandResult::ok();
                         });
  v->add_option("TX_ID", f->tx_id, "tx id (64 hex digits)")->required();
  v->add_option("--genesis", f->genesis, "the chain's genesis.json, the trust anchor (default $TFLEDGER_GENESIS, else var/testnet/genesis.json)");
  v->add_option("--proof", f->file, "verify this saved proof instead of asking the node (fully offline)");
  v->add_option("--save", f->save, "also save the verified proof to this file");
}

}  // namespace

void add_proof_commands(CLI::App& app, Context& ctx) {
  CLI::App* proof = app.add_subcommand("proof", "inclusion proofs of txs, checked offline");
  add_verify(proof, ctx);
}

}  // namespace tfl::wallet
