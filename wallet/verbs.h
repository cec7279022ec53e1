// How the command groups register their verbs, and the steps several verbs share.
//
// A verb is a CLI11 subcommand whose callback selects a function to run once parsing
// has finished (so a parse error never runs half a command). A tx verb adds the
// signer flags and runs one "build the payload, then send_tx" function: each verb only
// maps its own flags to a payload.
// Thread-safety: single-threaded.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>

#include "chain/codec/canonical_json.h"
#include <vector>

#include "wallet/command_result.h"
#include "wallet/context.h"
#include "wallet/tx_flow.h"

namespace tfl::wallet {

// Registers `parent name`; `run` runs when it is the verb chosen.
CLI::App* add_verb(CLI::App* parent, Context& ctx, const std::string& name, const std::string& description,
                   std::function<CommandResult()> run);

// --key NAME (required, repeatable), --sender ID, --nonce N, --no-wait, --timeout-ms MS.
void add_signer_flags(CLI::App* verb, SignerFlags* f);

// Registers a verb that sends one tx of `type`. The caller adds the verb's own flags
// to the returned App. When it runs, `build` maps them to the payload — an invalid
// argument is a usage error, any other error a failure (CommandResult::from_checked) —
// and send_tx does the rest.
CLI::App* add_tx_verb(CLI::App* parent, Context& ctx, const std::string& name, const std::string& description,
                      const std::string& type, std::function<Result<Json>()> build);

// A verb that decides on a record by id, sending {<id>, reason?}.
struct DecisionVerb {
  const char* name;
  const char* type;
  const char* description;
};
using DecisionPayload = Result<Json> (*)(const std::string& id, const std::string& reason);

// Registers each of `verbs` under `parent` with --id (shown as `id_name`, described by
// `id_help`) and --reason, building the payload with `payload`.
void add_decision_verbs(CLI::App* parent, Context& ctx, const std::vector<DecisionVerb>& verbs, const char* id_name,
                        const char* id_help, DecisionPayload payload);

// GET `path` and show the record: raw with --json, print_record otherwise.
CommandResult show_record(Context& ctx, const std::string& path);

// The `currency` member of the record at `path` ("" when it has none).
Result<std::string> record_currency(Context& ctx, const std::string& path);

}  // namespace tfl::wallet
