#include "wallet/verbs.h"

#include <memory>

#include "wallet/json_access.h"
#include "wallet/output.h"

namespace tfl::wallet {

CLI::App* add_verb(CLI::App* parent, Context& ctx, const std::string& name, const std::string& description,
                   std::function<CommandResult()> run) {
  CLI::App* verb = parent->add_subcommand(name, description);
  verb->callback([&ctx, run = std::move(run)] { ctx.select(run); });
  return verb;
}

void add_signer_flags(CLI::App* verb, SignerFlags* f) {
  verb->add_option("--key", f->keys, "keystore key to sign with; repeat for co-signers (maker-checker)")
      ->required()
      ->type_name("NAME");
  verb->add_option("--sender", f->sender, "participant the tx acts for (default: the first key's)")->type_name("ID");
  verb->add_option("--nonce", f->nonce, "sender's nonce (default: the node's next_nonce for the sender)")
      ->type_name("N")
      ->check(CLI::Range(int64_t{0}, kMaxSafeInteger));
  verb->add_flag("--no-wait", f->no_wait, "submit and return without waiting for the commit");
  verb->add_option("--timeout-ms", f->timeout_ms, "how long to wait for the commit")
      ->type_name("MS")
      ->check(CLI::Range(int64_t{0}, int64_t{24} * 3600 * 1000))
      ->default_val(kDefaultWaitMs);
}

CLI::App* add_tx_verb(CLI::App* parent, Context& ctx, const std::string& name, const std::string& description,
                      const std::string& type, std::function<Result<Json>()> build) {
  auto signers = std::make_shared<SignerFlags>();
  CLI::App* verb = add_verb(parent, ctx, name, description, [&ctx, signers, type, build = std::move(build)] {
    auto payload = build();
    if (!payload) return CommandResult::from_checked(payload.status());
    return send_tx(ctx, *signers, type, *payload);
  });
  add_signer_flags(verb, signers.get());
  return verb;
}

void add_decision_verbs(CLI::App* parent, Context& ctx, const std::vector<DecisionVerb>& verbs, const char* id_name,
                        const char* id_help, DecisionPayload payload) {
  for (const auto& verb : verbs) {
    struct Flags {
      std::string id, reason;
    };
    auto f = std::make_shared<Flags>();
    CLI::App* v = add_tx_verb(parent, ctx, verb.name, verb.description, verb.type,
                              [f, payload] { return payload(f->id, f->reason); });
    v->add_option("--id", f->id, id_help)->required()->type_name(id_name);
    v->add_option("--reason", f->reason, "why (kept in the history)")->type_name("TEXT");
  }
}

CommandResult show_record(Context& ctx, const std::string& path) {
  auto record = ctx.node().get(path);
  if (!record) return CommandResult::failure(record.status());
  if (ctx.json())
    ctx.print_json(*record);
  else
    print_record(ctx.out(), *record);
  return CommandResult::ok();
}

Result<std::string> record_currency(Context& ctx, const std::string& path) {
  TFL_ASSIGN_OR_RETURN(Json record, ctx.node().get(path));
  return string_member(record, "currency");
}

}  // namespace tfl::wallet
