#include "node/recent_ids.h"

namespace tfl {

void RecentIds::remember(const Hash& id, const std::string& note) {
  const uint64_t seq = next_seq_++;
  notes_.insert_or_assign(id, Note{note, seq});
  order_.emplace_back(id, seq);
  while (order_.size() > capacity_) {
    const auto [old, old_seq] = order_.front();
    order_.pop_front();
    auto it = notes_.find(old);
    if (it != notes_.end() && it->second.seq == old_seq) notes_.erase(it);
  }
}

const std::string* RecentIds::find(const Hash& id) const {
  auto it = notes_.find(id);
  return it == notes_.end() ? nullptr : &it->second.text;
}

}  // namespace tfl
