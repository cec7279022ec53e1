// The one path every tx the wallet sends takes: sign, submit, wait, report.
//
// send_tx fills what the node knows — chain_id from GET /status, and the sender's next
// nonce from GET /participants/{sender}.next_nonce (which counts its pending txs) —
// unless the flags say otherwise, signs with every --key (maker-checker: several
// officers' keys), POSTs the tx, and unless --no-wait long-polls until it leaves the
// mempool. It reports one line for people or the tx's JSON with --json, and succeeds
// only when the tx is committed (or merely submitted, with --no-wait).
// Thread-safety: single-threaded (uses the Context).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "chain/codec/canonical_json.h"
#include "wallet/command_result.h"
#include "wallet/context.h"

namespace tfl::wallet {

constexpr int64_t kDefaultWaitMs = 30000;

// The flags every tx verb shares.
struct SignerFlags {
  std::vector<std::string> keys;  // keystore names; the first one's participant is the default sender
  std::string sender;             // empty: the first key's participant
  int64_t nonce = -1;             // -1: the node's next_nonce for the sender
  bool no_wait = false;
  int64_t timeout_ms = kDefaultWaitMs;
};

// What a tx is about, for messages: "INV-1", "LC-1 amendment A1", else its type.
std::string tx_subject(const std::string& type, const Json& payload);

CommandResult send_tx(Context& ctx, const SignerFlags& signers, const std::string& type, const Json& payload);

// Reports a tx view from GET /txs/{id}[/wait] ({id, tx, status, height, index, reason?}).
// Committed is a success; pending is one only when pending_ok; failed, rejected and
// still-pending-after-waiting are failures with the reason.
CommandResult report_tx_view(Context& ctx, const Json& view, bool pending_ok, int64_t waited_ms = 0);

}  // namespace tfl::wallet
