// The verb groups of tfwallet (DESIGN §9). Each adds its subcommands to the app.
#pragma once

#include <CLI/CLI.hpp>

#include "wallet/context.h"

namespace tfl::wallet {

void add_key_commands(CLI::App& app, Context& ctx);          // key new|import|list|show
void add_tx_commands(CLI::App& app, Context& ctx);           // tx send|status|wait, status
void add_participant_commands(CLI::App& app, Context& ctx);  // participant register|update-keys|show|list
void add_doc_commands(CLI::App& app, Context& ctx);  // doc issue|accept|reject|amend|transfer|surrender|show|open|list
void add_finance_commands(CLI::App& app, Context& ctx);  // finance request|approve|reject|disburse|repay|cancel|show
void add_proof_commands(CLI::App& app, Context& ctx);    // proof verify
void add_lc_commands(
    CLI::App& app,
    Context& ctx);  // lc issue|amend|accept-amendment|advise|present|honour|refuse|waive|show|presentation

}  // namespace tfl::wallet
