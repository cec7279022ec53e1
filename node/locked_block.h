// The block a validator is locked on, kept in a file beside its sign state.
//
// A validator that precommits block B at height H locks on B: until H is decided it may
// prevote and precommit nothing else there (SignGuard keeps the lock across a restart).
// If the node then fails to store B (a full disk) or crashes before it does, a lock
// without its block leaves it unable to propose or vote for the one block it may vote
// for; a lone validator, or a network that lost power together, would never decide H.
// So the driver writes B here, synced, before its precommit for B is signed, and on a
// restart locked on B takes B back from here (docs/consensus.md, "Locks survive a crash with their block").
//
// The file holds the block's canonical JSON. It says nothing by itself: a block read
// back is used only when it is the one the sign state is locked on, and is validated
// (signatures included) like a proposal from a peer.
//
// Thread-safety: free functions on a path; callers serialize writes to one path.
#pragma once

#include <optional>
#include <string>

#include "chain/block/block.h"
#include "chain/util/status.h"

namespace tfl {

// Writes `block` to `path` atomically and fsyncs it (write_file_atomic), keeping the block
// written before at `path`.prev: the sign state naming the new lock is saved after
// this, and until it is, the lock it names is the previous one.
Status save_locked_block(const std::string& path, const Block& block);

// The block at `path`, or else at `path`.prev, whose hash is `block_id` (lowercase
// hex); nullopt when neither file holds it (no file, or older locks). kCorruption when
// neither holds it and a file does not decode as a block.
Result<std::optional<Block>> load_locked_block(const std::string& path, const std::string& block_id);

}  // namespace tfl
