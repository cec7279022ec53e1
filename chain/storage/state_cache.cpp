#include "chain/storage/state_cache.h"

namespace tfl {
namespace {

constexpr size_t kEntryOverhead = 96;  // map node, list node, two string headers

size_t entry_bytes(const std::string& key, const std::string& value) {
  return 2 * key.size() + value.size() + kEntryOverhead;
}

}  // namespace

std::optional<std::string> StateCache::get(
    const std::string& key, const std::function<std::optional<std::string>(const std::string&)>& read_committed) {
  const uint64_t at = commits_.load();
  if (at % 2 == 1) return read_committed(key);  // a commit is being written: LevelDB is the truth
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = entries_.find(key);
    if (it != entries_.end()) {
      lru_.splice(lru_.begin(), lru_, it->second.lru);
      std::string value = it->second.value;
      // A commit that began since `at` may already be in LevelDB: the cached value
      // could be older than what another reader has seen there.
      if (commits_.load() == at) {
        ++hits_;
        return value;
      }
    }
  }
  ++misses_;
  std::optional<std::string> value = read_committed(key);
  if (value) {
    std::lock_guard<std::mutex> lock(mu_);
    // Kept only when no commit began since `at`: then the value read is still current,
    // and a later commit's end_commit will see the entry and update it.
    if (commits_.load() == at) insert_locked(key, *value);
  }
  return value;
}

void StateCache::begin_commit() { commits_.fetch_add(1); }

void StateCache::end_commit(const WriteSet& writes, bool written) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [key, value] : writes) {
      auto it = entries_.find(key);
      if (it == entries_.end()) continue;  // written, not read: not worth a place yet
      erase_locked(it);
      if (value && written) insert_locked(key, *value);
    }
  }
  commits_.fetch_add(1);
}

size_t StateCache::bytes() const {
  std::lock_guard<std::mutex> lock(mu_);
  return bytes_;
}

void StateCache::insert_locked(const std::string& key, const std::string& value) {
  const size_t size = entry_bytes(key, value);
  if (size > capacity_ / 8) return;
  auto it = entries_.find(key);
  if (it != entries_.end()) erase_locked(it);
  while (bytes_ + size > capacity_ && !lru_.empty()) erase_locked(entries_.find(lru_.back()));
  lru_.push_front(key);
  entries_.emplace(key, Entry{value, lru_.begin()});
  bytes_ += size;
}

void StateCache::erase_locked(std::unordered_map<std::string, Entry>::iterator it) {
  bytes_ -= entry_bytes(it->first, it->second.value);
  lru_.erase(it->second.lru);
  entries_.erase(it);
}

}  // namespace tfl
