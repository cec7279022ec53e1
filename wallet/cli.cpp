#include "wallet/cli.h"

#include <CLI/CLI.hpp>
#include <exception>
#include <string>

#include "chain/crypto/sha256.h"
#include "wallet/commands.h"
#include "wallet/context.h"

namespace tfl::wallet {
namespace {

// `text` on one line: newlines become "; ", surrounding space trimmed.
std::string one_line(std::string text) {
  std::string out;
  for (char c : text) {
    if (c == '\n' || c == '\r') {
      if (!out.empty() && out.back() != ' ') out += "; ";
    } else {
      out += c;
    }
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == ';')) out.pop_back();
  return out;
}

int report(std::ostream& err, int exit_code, const std::string& reason) {
  err << "tfwallet: " << one_line(reason) << std::endl;
  return exit_code;
}

// The names of `app`'s subcommands, comma-separated.
std::string verb_names(const CLI::App& app) {
  std::string out;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
    out += (out.empty() ? "" : ", ") + sub->get_name();
  return out;
}

// What to say when parsing ended without a verb: which group is missing one.
std::string missing_verb(const CLI::App& app) {
  auto chosen = app.get_subcommands();
  if (chosen.empty()) return "a command is required: " + verb_names(app) + " (see tfwallet --help)";
  const CLI::App* group = chosen.front();
  return group->get_name() + " needs a verb: " + verb_names(*group) + " (see tfwallet " + group->get_name() +
         " --help)";
}

void build_app(CLI::App& app, Context& ctx) {
  app.fallthrough();
  app.require_subcommand(0, 1);
  app.add_option("--node", ctx.flags().node_url, "node URL (default $TFLEDGER_NODE, else http://127.0.0.1:7001)")
      ->type_name("URL");
  app.add_flag("--json", ctx.flags().json, "print JSON instead of tables");
  app.add_option("--home", ctx.flags().home, "keystore directory (default $TFWALLET_HOME, else ~/.tfwallet)")
      ->type_name("DIR");
  add_key_commands(app, ctx);
  add_tx_commands(app, ctx);
  add_participant_commands(app, ctx);
  add_doc_commands(app, ctx);
  add_finance_commands(app, ctx);
  add_lc_commands(app, ctx);
  add_proof_commands(app, ctx);
  for (CLI::App* group : app.get_subcommands([](const CLI::App*) { return true; })) group->require_subcommand(0, 1);
}

int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  Context ctx(out);
  CLI::App app("tfwallet: keys, trade documents, financing and letters of credit on a tfledger chain", "tfwallet");
  build_app(app, ctx);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) return app.exit(e, out, err);
    return report(err, 2, e.what());
  }
  if (!ctx.has_selection()) return report(err, 2, missing_verb(app));
  if (Status st = check_node_url(ctx.node_url()); !st) return report(err, 2, st.message());
  CommandResult result = ctx.run_selected();
  out.flush();
  if (!result.is_ok()) return report(err, result.exit_code(), result.status().message());
  return 0;
}

}  // namespace

int run_cli(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  if (!crypto_init()) return report(err, 1, "libsodium cannot start (no entropy source)");
  try {
    return run(argc, argv, out, err);
  } catch (const std::exception& e) {
    return report(err, 1, std::string("internal error: ") + e.what());
  }
}

}  // namespace tfl::wallet
