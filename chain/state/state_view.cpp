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

namespace {
bool by_key(const WriteSet::value_type& a, const WriteSet::value_type& b) { return a.first < b.first; }
}  // namespace

WriteSet StateOverlay::sorted_writes() const {
  WriteSet out(writes_.begin(), writes_.end());
  std::sort(out.begin(), out.end(), by_key);
  return out;
}

WriteSet StateOverlay::take_sorted_writes() {
  // The map's nodes are taken out and sorted as they are: keys and values move once,
  // into place, and none is copied.
  std::vector<decltype(writes_)::node_type> nodes;
  nodes.reserve(writes_.size());
  while (!writes_.empty()) nodes.push_back(writes_.extract(writes_.begin()));
  std::sort(nodes.begin(), nodes.end(), [](const auto& a, const auto& b) { return a.key() < b.key(); });
  WriteSet out;
  out.reserve(nodes.size());
  for (auto& node : nodes) out.emplace_back(std::move(node.key()), std::move(node.mapped()));
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
