// HeightPacing: when a node may start its next height (node/consensus_driver.h).
//
// block_interval_ms gathers txs that trickle in: a height may not start before the
// interval has passed since the previous height started, unless a full block's worth
// of txs is waiting or the previous block was full (then what waits arrived while that
// block was agreed on, and gathering more would only delay it). A height starts only
// when there is something to order: a pending tx, or a height begun already (a peer's
// message for it, or this validator's own signature there before a restart).
//
// A pure value: no clock, no I/O. Thread-safety: none needed (immutable once built).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

namespace tfl {

struct HeightPacing {
  int64_t not_before_ms = 0;  // the interval's end; 0 when the height may start at once
  size_t max_block_txs = 0;

  // The pacing of the height after one that started at `previous_started_ms`;
  // start_at_once when that height's block was full, or the node has just synced it.
  static HeightPacing after(int64_t previous_started_ms, bool start_at_once, int64_t block_interval_ms,
                            size_t max_block_txs);

  // Whether the height may start at `now_ms`, with `pending` txs waiting and `begun`
  // telling whether it has begun already: a peer has sent a message for it, or this
  // validator signed a message at it before it restarted.
  bool may_start(int64_t now_ms, size_t pending, bool begun) const;

  // How long until may_start() turns true by time passing alone, for a driver deciding
  // how long to sleep: 0 if it is true already; nothing while no tx waits (then only an
  // event, a tx or a peer's message, can start the height).
  std::optional<int64_t> due_in_ms(int64_t now_ms, size_t pending) const;
};

}  // namespace tfl
