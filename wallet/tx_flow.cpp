#include "wallet/tx_flow.h"

#include "chain/tx/transaction.h"
#include "wallet/json_access.h"

namespace tfl::wallet {
namespace {

// The sender's next nonce as the node counts it (pending txs included).
Result<int64_t> next_nonce(NodeClient& node, const std::string& sender) {
  auto p = node.participant(sender);
  if (!p && p.status().code() == Code::kNotFound)
    return Status::not_found("sender \"" + sender + "\" is not a participant on the chain at " + node.url());
  if (!p) return p.status();
  auto it = p->find("next_nonce");
  if (it == p->end() || !it->is_number_integer())
    return Status::internal("node at " + node.url() + " did not say the next nonce of \"" + sender + "\"");
  return it->get<int64_t>();
}

Result<std::string> chain_id(NodeClient& node) {
  TFL_ASSIGN_OR_RETURN(Json status, node.status());
  std::string id = string_member(status, "chain_id");
  if (id.empty()) return Status::internal("node at " + node.url() + " did not say its chain_id");
  return id;
}

// Builds and signs the tx: the keys' entries first (no passphrase needed), then the
// node's chain id and nonce, then each key unlocked in turn.
Result<TxPtr> sign_tx(Context& ctx, const SignerFlags& f, const std::string& type, const Json& payload) {
  if (f.keys.empty()) return Status::invalid("--key is required");
  TFL_ASSIGN_OR_RETURN(KeyEntry first, ctx.keystore().find(f.keys.front()));
  const std::string sender = f.sender.empty() ? first.id : f.sender;
  TFL_ASSIGN_OR_RETURN(std::string chain, chain_id(ctx.node()));
  int64_t nonce = f.nonce;
  if (nonce < 0) {
    TFL_ASSIGN_OR_RETURN(nonce, next_nonce(ctx.node(), sender));
  }
  std::vector<UnlockedKey> keys;
  keys.reserve(f.keys.size());
  for (const auto& name : f.keys) {
    TFL_ASSIGN_OR_RETURN(UnlockedKey k, ctx.unlock(name));
    keys.push_back(std::move(k));
  }
  std::vector<const SecretKey*> secrets;
  for (const auto& k : keys) secrets.push_back(&k.secret_key);
  return make_signed_tx(chain, type, sender, nonce, payload, secrets);
}

std::string subject_of_view(const Json& view) {
  const Json& tx = member(view, "tx");
  return tx_subject(string_member(tx, "type"), member(tx, "payload"));
}

}  // namespace

std::string tx_subject(const std::string& type, const Json& payload) {
  if (type == "lc.amend" || type == "lc.accept_amendment")
    return string_member(payload, "lc_id") + " amendment " + string_member(payload, "amendment_id");
  for (const char* name : {"presentation_id", "financing_id", "doc_id", "lc_id", "id"}) {
    std::string s = string_member(payload, name);
    if (!s.empty()) return s;
  }
  return type.empty() ? "tx" : type;
}

CommandResult send_tx(Context& ctx, const SignerFlags& signers, const std::string& type, const Json& payload) {
  if (signers.nonce < -1) return CommandResult::usage(Status::invalid("--nonce must be 0 or more"));
  if (signers.timeout_ms < 0) return CommandResult::usage(Status::invalid("--timeout-ms must be 0 or more"));
  if (!signers.sender.empty() && !is_valid_participant_id(signers.sender))
    return CommandResult::usage(Status::invalid("--sender \"" + signers.sender + "\" must be a participant id"));
  auto tx = sign_tx(ctx, signers, type, payload);
  if (!tx) return CommandResult::failure(tx.status());
  const std::string subject = tx_subject(type, payload);
  auto id = ctx.node().submit_tx((*tx)->to_json());
  if (!id && id.status().code() == Code::kUnavailable) return CommandResult::failure(id.status());
  if (!id) {
    const std::string what = subject == type ? type : type + " " + subject;
    return CommandResult::failure(Status(id.status().code(), what + " refused: " + id.status().message()));
  }
  if (signers.no_wait) {
    if (ctx.json())
      ctx.print_json(Json{{"id", *id}, {"status", "submitted"}});
    else
      ctx.out() << "submitted " << subject << " (tx " << *id << ")\n";
    return CommandResult::ok();
  }
  auto view = ctx.node().wait_tx(*id, signers.timeout_ms);
  if (!view) return CommandResult::failure(view.status().with_context("tx " + *id + " was submitted, but"));
  return report_tx_view(ctx, *view, false, signers.timeout_ms);
}

CommandResult report_tx_view(Context& ctx, const Json& view, bool pending_ok, int64_t waited_ms) {
  const std::string status = string_member(view, "status");
  const std::string id = string_member(view, "id");
  const std::string subject = subject_of_view(view);
  const std::string block = std::to_string(int_member(view, "height"));
  const std::string reason = string_member(view, "reason");
  if (ctx.json()) ctx.print_json(view);
  if (status == "committed") {
    if (!ctx.json()) ctx.out() << "committed " << subject << " in block " << block << " (tx " << id << ")\n";
    return CommandResult::ok();
  }
  if (status == "pending" && pending_ok) {
    if (!ctx.json()) ctx.out() << "pending " << subject << " (tx " << id << ")\n";
    return CommandResult::ok();
  }
  if (status == "failed")
    return CommandResult::failure(
        Status::conflict(subject + " failed in block " + block + ": " + reason + " (tx " + id + ")"));
  if (status == "rejected")
    return CommandResult::failure(Status::conflict(subject + " was rejected: " + reason + " (tx " + id + ")"));
  if (status == "pending")
    return CommandResult::failure(Status::unavailable(subject + " is still pending after " + std::to_string(waited_ms) +
                                                      " ms (tx " + id + "); check with: tfwallet tx status " + id));
  return CommandResult::failure(Status::internal("the node reported tx " + id + " as \"" + status + "\""));
}

}  // namespace tfl::wallet
