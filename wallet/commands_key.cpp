// key new|import|list|show: the keystore.
#include <memory>

#include "chain/state/participant.h"
#include "node/config.h"
#include "wallet/commands.h"
#include "wallet/output.h"
#include "wallet/verbs.h"

namespace tfl::wallet {
namespace {

Json entry_json(const KeyEntry& e) {
  Json j{{"name", e.name}, {"id", e.id}, {"public_key", e.public_key.hex()}, {"path", e.path}};
  if (!e.role.empty()) j["role"] = e.role;
  return j;
}

void print_entry(Context& ctx, const KeyEntry& e) {
  if (ctx.json()) return ctx.print_json(entry_json(e));
  print_fields(ctx.out(), {{"name", e.name},
                           {"participant", e.id},
                           {"role", e.role.empty() ? "-" : e.role},
                           {"public_key", e.public_key.hex()},
                           {"file", e.path}});
}

// Encrypts `secret` as entry `name` and shows it.
CommandResult store_key(Context& ctx, const std::string& name, const std::string& id, const std::string& role,
                        const SecretKey& secret) {
  if (!is_valid_key_name(name))
    return CommandResult::usage(
        Status::invalid("key name \"" + name + "\" must match [A-Za-z0-9][A-Za-z0-9._-]{0,63}"));
  auto pass = passphrase_for_new_key(name);
  if (!pass) return CommandResult::failure(pass.status());
  Status st = ctx.keystore().add(name, id, role, secret, *pass);
  if (!st) return CommandResult::failure(st);
  auto entry = ctx.keystore().find(name);
  if (!entry) return CommandResult::failure(entry.status());
  print_entry(ctx, *entry);
  return CommandResult::ok();
}

void add_new(CLI::App* key, Context& ctx) {
  struct Flags {
    std::string name, id, role;
  };
  auto f = std::make_shared<Flags>();
  CLI::App* v = add_verb(key, ctx, "new", "create a key for a participant (encrypted with a passphrase)", [&ctx, f] {
    if (!is_valid_participant_id(f->id))
      return CommandResult::usage(
          Status::invalid("--id \"" + f->id + "\" must be a participant id matching [a-z0-9-]{2,32}"));
    if (!f->role.empty() && !is_role(f->role))
      return CommandResult::usage(
          Status::invalid("--role \"" + f->role + "\": must be bank, corporate, carrier or insurer"));
    KeyPair kp = KeyPair::generate();
    return store_key(ctx, f->name, f->id, f->role, kp.secret_key);
  });
  v->add_option("NAME", f->name, "name of the key in the keystore")->required();
  v->add_option("--id", f->id, "participant the key signs for")->required()->type_name("ID");
  v->add_option("--role", f->role, "bank, corporate, carrier or insurer")->type_name("ROLE");
}

void add_import(CLI::App* key, Context& ctx) {
  struct Flags {
    std::string name, file;
  };
  auto f = std::make_shared<Flags>();
  CLI::App* v = add_verb(key, ctx, "import", "import a testnet key file {id, role, public_key, secret_key}", [&ctx, f] {
    auto kf = load_key_file(f->file);
    if (!kf) return CommandResult::failure(kf.status());
    return store_key(ctx, f->name, kf->id, kf->role, kf->secret_key);
  });
  v->add_option("NAME", f->name, "name of the key in the keystore")->required();
  v->add_option("FILE", f->file, "testnet key file (DIR/keys/<id>.json)")->required();
}

void add_list(CLI::App* key, Context& ctx) {
  add_verb(key, ctx, "list", "list the keys in the keystore", [&ctx] {
    auto entries = ctx.keystore().list();
    if (!entries) return CommandResult::failure(entries.status());
    if (ctx.json()) {
      Json list = Json::array();
      for (const auto& e : *entries) list.push_back(entry_json(e));
      ctx.print_json(list);
    } else if (entries->empty()) {
      ctx.out() << "no keys in " << ctx.keystore().keys_dir() << " (create one with: tfwallet key new NAME --id ID)\n";
    } else {
      Table t({"name", "participant", "role", "public_key"});
      for (const auto& e : *entries) t.add_row({e.name, e.id, e.role, e.public_key.hex()});
      t.print(ctx.out());
    }
    return CommandResult::ok();
  });
}

void add_show(CLI::App* key, Context& ctx) {
  auto name = std::make_shared<std::string>();
  CLI::App* v = add_verb(key, ctx, "show", "show a key's participant and public key (never the secret)", [&ctx, name] {
    auto entry = ctx.keystore().find(*name);
    if (!entry) return CommandResult::from_checked(entry.status());
    print_entry(ctx, *entry);
    return CommandResult::ok();
  });
  v->add_option("NAME", *name, "name of the key")->required();
}

}  // namespace

void add_key_commands(CLI::App& app, Context& ctx) {
  CLI::App* key = app.add_subcommand("key", "the encrypted keystore ($TFWALLET_HOME or ~/.tfwallet)");
  add_new(key, ctx);
  add_import(key, ctx);
  add_list(key, ctx);
  add_show(key, ctx);
}

}  // namespace tfl::wallet
