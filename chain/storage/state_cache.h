// StateCache: a bounded cache of committed state values, kept coherent with the
// store's commits, so that hot keys (every tx reads its sender's record) are answered
// without a LevelDB lookup. A lookup that hits LevelDB through several tables also
// charges a table a "seek", and LevelDB compacts a table after a few hundred of those:
// fewer lookups are also fewer compactions.
//
// Every read is linearizable with the commits, as a read of LevelDB alone is: a commit
// is bracketed by begin_commit() / end_commit(), and a read that overlaps one, or that
// was answered by the cache while one began, is answered by LevelDB instead. So a read
// never sees a value older than one a read before it saw.
//
// Thread-safety: all methods are safe to call concurrently; begin_commit/end_commit
// pairs must be serialised by the caller (one writer).
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "chain/state/state_view.h"

namespace tfl {

class StateCache {
 public:
  // REQUIRES: capacity_bytes > 0. Values larger than an eighth of it are not kept.
  explicit StateCache(size_t capacity_bytes) : capacity_(capacity_bytes) {}

  // The committed value of key: cached, or read_committed(key) (which reads LevelDB).
  std::optional<std::string> get(const std::string& key,
                                 const std::function<std::optional<std::string>(const std::string&)>& read_committed);

  // A commit writes to LevelDB between begin_commit() and end_commit(); `writes` are
  // its state writes and `written` whether LevelDB took them.
  void begin_commit();
  void end_commit(const WriteSet& writes, bool written);

  size_t bytes() const;    // cached keys and values
  uint64_t hits() const { return hits_; }
  uint64_t misses() const { return misses_; }

 private:
  struct Entry {
    std::string value;
    std::list<std::string>::iterator lru;  // position in lru_ (front: most recent)
  };
  void insert_locked(const std::string& key, const std::string& value);
  void erase_locked(std::unordered_map<std::string, Entry>::iterator it);

  const size_t capacity_;
  std::atomic<uint64_t> commits_{0};  // odd while a commit is being written
  std::atomic<uint64_t> hits_{0}, misses_{0};
  mutable std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;  // guarded by mu_
  std::list<std::string> lru_;                      // guarded by mu_
  size_t bytes_ = 0;                                // guarded by mu_
};

}  // namespace tfl
