// Checking the signatures of many txs on all cores: a synced block carries thousands of
// txs none of which this node has seen, and verification is most of their cost.
//
// Thread-safety: a free function; it starts and joins its own threads.
#pragma once

#include <string>
#include <vector>

#include "chain/tx/transaction.h"

namespace tfl {

// Verifies every tx's signatures (verify_tx_signatures), spread over the machine's cores
// when there are enough txs to be worth a thread. Returns the failure of the lowest
// index, named "<what> tx <index>", or ok.
Status verify_signatures_in_parallel(const std::vector<TxPtr>& txs, const std::string& what);

}  // namespace tfl
