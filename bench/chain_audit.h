// `tfbench audit`: after a soak or a crash test, checks what several nodes of one chain
// say against each other and against the txs a client had accepted.
//
// It waits (up to `wait` seconds) until every node answers with the same height twice in
// a row a second apart, then reads every block 1..H from every node and every accepted
// id (`ids`: one hex id a line) from every node's GET /api/v1/txs/{id}. It prints one
// JSON object:
//   {nodes, height, converged, forks, state_roots_equal, accepted, committed, failed, lost,
//    duplicates, first_problem?}
// forks: heights at which two nodes hold different block hashes. lost: accepted txs that
// some node does not report committed (or failed) in its chain. duplicates: txs that
// appear more than once in a node's chain. failed: committed txs whose effect a ledger
// rule refused (counted in committed). Exit status 0 only when converged, with no fork,
// equal state roots, nothing lost and nothing twice.
#pragma once

#include <string>
#include <vector>

namespace tfl::bench {

struct AuditOptions {
  std::vector<std::string> nodes;  // base URLs
  std::string ids;                 // file of accepted tx ids; empty: chain checks only
  double wait = 60;
};

int chain_audit(const AuditOptions& options);

}  // namespace tfl::bench
