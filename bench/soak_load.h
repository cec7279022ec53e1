// `tfbench soak`: steady load for a soak test, sent the way a careful client sends.
//
// Every corporate in the keys directory is one stream of purchase orders in nonce
// order, together `rate` tx/s for `seconds`. A stream sticks to one node (so nonce n+1
// reaches the mempool that holds n) and moves to the next node when its node fails to
// answer. A 202 only means "in that node's mempool", which a crash empties, so the
// client re-sends the same signed txs (same ids: the ledger applies each at most once)
// from the oldest one not yet in a block whenever that one is overdue, its stream
// changed node, or a node refused one of them. After `seconds` it keeps doing so, for
// up to `settle` seconds, until every tx it sent is committed.
//
// It writes the id of every tx some node accepted (202, or 409 "already known") to
// `ids_out`, one hex id a line, for `tfbench audit`, and prints one JSON object:
// {submitted, accepted, committed_seen, resends, refusals, node_switches, first_refusal?}.
// Exit status 0 when every accepted tx was seen committed.
#pragma once

#include <string>
#include <vector>

namespace tfl::bench {

struct SoakOptions {
  std::vector<std::string> nodes;  // base URLs, e.g. http://127.0.0.1:7001
  std::string keys_dir;
  double seconds = 60;
  double rate = 40;           // tx/s over all streams
  double settle = 60;         // seconds to wait for the last commits
  double resend_after = 5;    // seconds a tx may wait for its block before its stream re-sends
  std::string ids_out;
};

int soak_load(const SoakOptions& options);

}  // namespace tfl::bench
