// The ledger's state as key → value bytes (values are canonical JSON), and the
// layered writes that executing a tx or a block produces.
//
// StateReader: a read-only view (LevelDB at the tip, or another overlay).
// StateOverlay: writes buffered on top of a reader; reads see the writes first.
// A tx runs in its own overlay over the block's overlay, so a tx that fails leaves
// nothing behind but what the executor records on purpose (its spent nonce).
//
// Thread-safety: an overlay is not thread-safe; readers must be safe for
// concurrent reads if shared between threads.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "chain/codec/canonical_json.h"
#include "chain/crypto/sha256.h"

namespace tfl {

class StateReader {
 public:
  virtual ~StateReader() = default;
  virtual std::optional<std::string> get(const std::string& key) const = 0;
};

// Writes in strictly increasing key order, each a value or nullopt for a deletion. A
// sorted vector, not a map: a block's write set is built once, then only walked.
using WriteSet = std::vector<std::pair<std::string, std::optional<std::string>>>;

class StateOverlay : public StateReader {
 public:
  // REQUIRES: parent outlives this overlay. To layer an overlay on another, pass
  // other.as_parent(): copying an overlay (all its writes) is never what is meant.
  explicit StateOverlay(const StateReader& parent) : parent_(parent) {}
  StateOverlay(const StateOverlay&) = delete;
  StateOverlay& operator=(const StateOverlay&) = delete;
  const StateReader& as_parent() const { return *this; }

  std::optional<std::string> get(const std::string& key) const override;
  void put(const std::string& key, std::string value) { writes_[key] = std::move(value); }
  void erase(const std::string& key) { writes_[key] = std::nullopt; }
  // Drops this overlay's write of key, if any: reads of it go to the parent again.
  void forget(const std::string& key) { writes_.erase(key); }

  std::optional<Json> get_json(const std::string& key) const;
  // REQUIRES: check_profile(value).is_ok()
  void put_json(const std::string& key, const Json& value) { put(key, canonical_json(value)); }

  size_t size() const { return writes_.size(); }
  std::vector<std::string> written_keys() const;  // in no particular order
  WriteSet sorted_writes() const;                  // a copy, in key order
  WriteSet take_sorted_writes();                   // moved out in key order; the overlay is left empty
  // Moves these writes into `target` (normally the parent overlay).
  void merge_into(StateOverlay& target);
  void clear() { writes_.clear(); }

 private:
  const StateReader& parent_;
  // Hashed, not sorted: a block's overlay holds tens of thousands of keys that share
  // long prefixes, and is read and written for every tx; it is sorted once at the end.
  std::unordered_map<std::string, std::optional<std::string>> writes_;
};

// An empty state (the parent of genesis).
class EmptyState : public StateReader {
 public:
  std::optional<std::string> get(const std::string&) const override { return std::nullopt; }
};

// SHA-256 over a write set: for each entry in key order, len(key)‖key‖flag‖len(value)‖value
// with 4-byte big-endian lengths and flag 1 for a value, 0 for a deletion.
Hash hash_write_set(const WriteSet& writes);

// The state root after a block: SHA-256("tfledger/state/v1\n" ‖ previous root ‖
// hash of the block's write set ‖ hash of its tx results). Two nodes agree on it
// exactly when they started from the same genesis and applied the same changes.
Hash next_state_root(const Hash& previous, const Hash& write_set_hash, const Hash& results_hash);

}  // namespace tfl
