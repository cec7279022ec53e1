// tx send|status|wait, and status (the node's).
#include <memory>

#include "chain/codec/hex.h"
#include "chain/tx/transaction.h"
#include "node/config.h"
#include "wallet/commands.h"
#include "wallet/output.h"
#include "wallet/verbs.h"

namespace tfl::wallet {
namespace {

Status check_tx_id(const std::string& id) {
  if (!is_lower_hex(id, 32)) return Status::invalid("tx id \"" + id + "\" must be 64 lowercase hex digits");
  return Status::ok();
}

// A payload file: one JSON object in the ledger's strict profile.
Result<Json> read_payload(const std::string& path) {
  auto text = read_file(path, kMaxTxBytes);
  if (!text) return Status::io_error(text.status().message());
  auto j = parse_strict_json(*text);
  if (!j) return Status::io_error("payload file " + path + ": " + j.status().message());
  if (!j->is_object()) return Status::io_error("payload file " + path + " must hold a JSON object");
  return std::move(j).value();
}

void add_send(CLI::App* tx, Context& ctx) {
  struct Flags {
    std::string type, payload_file;
  };
  auto f = std::make_shared<Flags>();
  auto signers = std::make_shared<SignerFlags>();
  CLI::App* v =
      add_verb(tx, ctx, "send", "sign and send a tx of any type with a payload from a file", [&ctx, f, signers] {
        auto payload = read_payload(f->payload_file);
        if (!payload) return CommandResult::failure(payload.status());
        return send_tx(ctx, *signers, f->type, *payload);
      });
  v->add_option("--type", f->type, "tx type, e.g. participant.register")->required()->type_name("TYPE");
  v->add_option("--payload", f->payload_file, "file holding the payload (a JSON object)")
      ->required()
      ->type_name("FILE");
  add_signer_flags(v, signers.get());
}

void add_status(CLI::App* tx, Context& ctx) {
  auto id = std::make_shared<std::string>();
  CLI::App* v = add_verb(tx, ctx, "status", "show a tx: pending, committed, failed or rejected", [&ctx, id] {
    if (Status st = check_tx_id(*id); !st) return CommandResult::usage(st);
    auto view = ctx.node().tx(*id);
    if (!view) return CommandResult::failure(view.status());
    return report_tx_view(ctx, *view, true);
  });
  v->add_option("ID", *id, "tx id (64 hex digits)")->required();
}

void add_wait(CLI::App* tx, Context& ctx) {
  struct Flags {
    std::string id;
    int64_t timeout_ms = kDefaultWaitMs;
  };
  auto f = std::make_shared<Flags>();
  CLI::App* v =
      add_verb(tx, ctx, "wait", "wait until a tx is committed (exit 1 when it fails or the wait ends)", [&ctx, f] {
        if (Status st = check_tx_id(f->id); !st) return CommandResult::usage(st);
        if (f->timeout_ms < 0) return CommandResult::usage(Status::invalid("--timeout-ms must be 0 or more"));
        auto view = ctx.node().wait_tx(f->id, f->timeout_ms);
        if (!view) return CommandResult::failure(view.status());
        return report_tx_view(ctx, *view, false, f->timeout_ms);
      });
  v->add_option("ID", f->id, "tx id (64 hex digits)")->required();
  v->add_option("--timeout-ms", f->timeout_ms, "how long to wait")->type_name("MS")->default_val(kDefaultWaitMs);
}

void add_node_status(CLI::App& app, Context& ctx) {
  add_verb(&app, ctx, "status", "show the node's chain, height and head",
           [&ctx] { return show_record(ctx, "/api/v1/status"); });
}

}  // namespace

void add_tx_commands(CLI::App& app, Context& ctx) {
  CLI::App* tx = app.add_subcommand("tx", "send any tx, follow a tx");
  add_send(tx, ctx);
  add_status(tx, ctx);
  add_wait(tx, ctx);
  add_node_status(app, ctx);
}

}  // namespace tfl::wallet
