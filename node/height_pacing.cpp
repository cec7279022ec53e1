#include "node/height_pacing.h"

#include <algorithm>

namespace tfl {

HeightPacing HeightPacing::after(int64_t previous_started_ms, bool start_at_once, int64_t block_interval_ms,
                                 size_t max_block_txs) {
  return HeightPacing{start_at_once ? 0 : previous_started_ms + block_interval_ms, max_block_txs};
}

bool HeightPacing::may_start(int64_t now_ms, size_t pending, bool begun) const {
  if (now_ms < not_before_ms && pending < max_block_txs) return false;
  return begun || pending > 0;
}

std::optional<int64_t> HeightPacing::due_in_ms(int64_t now_ms, size_t pending) const {
  if (pending == 0) return std::nullopt;
  return std::max<int64_t>(0, pending >= max_block_txs ? 0 : not_before_ms - now_ms);
}

}  // namespace tfl
