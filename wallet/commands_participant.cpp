// participant register|update-keys|show|list.
#include <memory>

#include "wallet/commands.h"
#include "wallet/flag_values.h"
#include "wallet/json_access.h"
#include "wallet/output.h"
#include "wallet/participant_payloads.h"
#include "wallet/verbs.h"

namespace tfl::wallet {
namespace {

void add_register(CLI::App* group, Context& ctx) {
  auto f = std::make_shared<RegisterFlags>();
  CLI::App* v = add_tx_verb(group, ctx, "register", "onboard a customer (sent by its bank)", "participant.register",
                            [f] { return participant_register_payload(*f); });
  v->add_option("--id", f->id, "new participant's id")->required()->type_name("ID");
  v->add_option("--name", f->name, "legal name")->required()->type_name("NAME");
  v->add_option("--role", f->role, "bank, corporate, carrier or insurer")->required()->type_name("ROLE");
  v->add_option("--pubkey", f->pubkeys, "public key (hex); repeat for several officers")->required()->type_name("HEX");
  v->add_option("--threshold", f->threshold, "signatures needed (default 1)")->type_name("K")->default_val(1);
  v->add_option("--credit-limit", f->credit_limit, "total open financing allowed, e.g. 1000000.00")
      ->type_name("AMOUNT");
  v->add_option("--currency", f->currency, "currency of the credit limit")->type_name("CCY");
}

void add_update_keys(CLI::App* group, Context& ctx) {
  struct Flags {
    std::vector<std::string> pubkeys;
    int64_t threshold = 1;
  };
  auto f = std::make_shared<Flags>();
  CLI::App* v =
      add_tx_verb(group, ctx, "update-keys", "rotate the sender's keys or change its threshold",
                  "participant.update_keys", [f] { return participant_update_keys_payload(f->pubkeys, f->threshold); });
  v->add_option("--pubkey", f->pubkeys, "new public key (hex); repeat for several")->required()->type_name("HEX");
  v->add_option("--threshold", f->threshold, "signatures needed (default 1)")->type_name("K")->default_val(1);
}

void add_show(CLI::App* group, Context& ctx) {
  auto id = std::make_shared<std::string>();
  CLI::App* v =
      add_verb(group, ctx, "show", "show a participant: role, keys, threshold, next nonce, credit", [&ctx, id] {
        if (Status st = participant_flag("ID", *id); !st) return CommandResult::usage(st);
        return show_record(ctx, "/api/v1/participants/" + path_segment(*id));
      });
  v->add_option("ID", *id, "participant id")->required();
}

void add_list(CLI::App* group, Context& ctx) {
  auto role = std::make_shared<std::string>();
  CLI::App* v = add_verb(group, ctx, "list", "list participants", [&ctx, role] {
    std::string path = "/api/v1/participants?limit=1000";
    if (!role->empty()) path += "&role=" + path_segment(*role);
    auto reply = ctx.node().get(path);
    if (!reply) return CommandResult::failure(reply.status());
    if (ctx.json()) {
      ctx.print_json(*reply);
      return CommandResult::ok();
    }
    Table t({"id", "name", "role", "onboarded_by", "threshold", "next_nonce"});
    const Json& list = member(*reply, "participants");
    for (const auto& p : list.is_array() ? list : Json::array())
      t.add_row({string_member(p, "id"), string_member(p, "name"), string_member(p, "role"),
                 string_member(p, "onboarded_by"), cell_text(member(p, "threshold")),
                 cell_text(member(p, "next_nonce"))});
    t.print(ctx.out());
    return CommandResult::ok();
  });
  v->add_option("--role", *role, "only this role")->type_name("ROLE");
}

}  // namespace

void add_participant_commands(CLI::App& app, Context& ctx) {
  CLI::App* group = app.add_subcommand("participant", "onboard and inspect participants");
  add_register(group, ctx);
  add_update_keys(group, ctx);
  add_show(group, ctx);
  add_list(group, ctx);
}

}  // namespace tfl::wallet
