#include "chain/trade/trade_handlers.h"

namespace tfl {

void add_trade_handlers(HandlerTable& table) {
  add_document_handlers(table);
  add_bill_of_lading_handlers(table);
  add_financing_handlers(table);
  add_letter_of_credit_handlers(table);
}

}  // namespace tfl
