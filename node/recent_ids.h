// RecentIds: the most recent `capacity` tx ids remembered with a note (why a tx was
// rejected or turned away), the oldest forgotten first. An id remembered again gets
// the new note and counts as recent again; forget() drops an id at once.
//
// Memory is bounded: at most `capacity` notes, and as many queued positions.
// Thread-safety: none; the owner serializes calls (the mempool, under its lock).
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <unordered_map>
#include <utility>

#include "chain/crypto/sha256.h"

namespace tfl {

class RecentIds {
 public:
  // REQUIRES: capacity >= 1.
  explicit RecentIds(size_t capacity) : capacity_(capacity) {}

  void remember(const Hash& id, const std::string& note);
  void forget(const Hash& id) { notes_.erase(id); }
  // The note of a remembered id, or nullptr. Valid until the next non-const call.
  const std::string* find(const Hash& id) const;
  size_t size() const { return notes_.size(); }

 private:
  struct Note {
    std::string text;
    uint64_t seq;  // which of the id's positions in order_ is its latest
  };
  const size_t capacity_;
  std::unordered_map<Hash, Note, HashHasher> notes_;
  // Oldest first. A position whose seq is not its id's note's is stale (the id was
  // forgotten or remembered again since) and forgets nothing when it leaves.
  std::deque<std::pair<Hash, uint64_t>> order_;
  uint64_t next_seq_ = 0;
};

}  // namespace tfl
