#include "chain/state/executor.h"

namespace tfl {
void add_trade_handlers(HandlerTable&) {}
}  // namespace tfl
