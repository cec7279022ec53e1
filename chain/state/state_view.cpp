#include "chain/state/state_view.h"

#include <algorithm>

namespace tfl {
namespace {
void put_len(std::string& out, size_t n) {
  const char b[4] = {static_cast<char>(n >> 24), static_cast<char>(n >> 16), static_cast<char>(n >> 8), static_cast<char>(n)};
  out.append(b, 4);
}
}  // namespace

std::optional<std::string> StateOverlay::get(const std::string& key) const {
  auto it = writes_.find(key);
  if (it != writes_.end()) return it->second;
  return parent_.get(key);
}

std::optional<Json> StateOverlay::get_json(const std::string& key) const {
  auto raw = get(key);
  if (!raw) return std::nullopt;
  return Json::parse(*raw);  // written by put_json: always valid
}

std::vector<std::string> StateOverlay::written_keys() const {
  std::vector<std::string> keys;
  keys.reserve(writes_.size());
  for (const auto& [key, value] : writes_) keys.push_back(key);
  return keys;
}

WriteSet StateOverlay::sorted_writes() const { return WriteSet(writes_.begin(), writes_.end()); }

WriteSet StateOverlay::take_sorted_writes() {
  // Sorted first, so that each entry goes in at the end of the map without a search.
  std::vector<std::pair<const std::string, std::optional<std::string>>*> entries;
  entries.reserve(writes_.size());
  for (auto& entry : writes_) entries.push_back(&entry);
  std::sort(entries.begin(), entries.end(), [](const auto* a, const auto* b) { return a->first < b->first; });
  WriteSet out;
  for (auto* entry : entries) out.emplace_hint(out.end(), entry->first, std::move(entry->second));
  writes_.clear();
  return out;
}

void StateOverlay::merge_into(StateOverlay& target) {
  for (auto& [k, v] : writes_) target.writes_[k] = std::move(v);
  writes_.clear();
}

Hash hash_write_set(const WriteSet& writes) {
  // The entries are gathered into one buffer and hashed in large pieces: a block writes
  // tens of thousands of short entries, and each update call has a cost of its own.
  constexpr size_t kPiece = 64 << 10;
  Sha256 h;
  std::string buffer;
  buffer.reserve(kPiece + 1024);
  for (const auto& [key, value] : writes) {
    put_len(buffer, key.size());
    buffer += key;
    buffer += value ? '\1' : '\0';
    put_len(buffer, value ? value->size() : 0);
    if (value) buffer += *value;
    if (buffer.size() >= kPiece) {
      h.update(buffer);
      buffer.clear();
    }
  }
  h.update(buffer);
  return h.finish();
}

Hash next_state_root(const Hash& previous, const Hash& write_set_hash, const Hash& results_hash) {
  return Sha256()
      .update("tfledger/state/v1\n")
      .update(previous.view())
      .update(write_set_hash.view())
      .update(results_hash.view())
      .finish();
}

}  // namespace tfl
