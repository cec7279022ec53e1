// The tfwallet command line (DESIGN §9): parses argv, runs the chosen verb, prints its
// output to `out` and any error as ONE line "tfwallet: <reason>" to `err`.
//
// Global flags (before or after the verb): --node URL (default $TFLEDGER_NODE, else
// http://127.0.0.1:7001), --json (machine output), --home DIR (keystore; default
// $TFWALLET_HOME, else ~/.tfwallet).
// Returns the exit status: 0 success, 1 failure (refused, failed, unreachable, bad file,
// wrong passphrase), 2 bad arguments. --help prints usage and returns 0.
#pragma once

#include <ostream>

namespace tfl::wallet {

int run_cli(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace tfl::wallet
