// Registration of the trade-finance tx handlers (DESIGN §5), one function per module.
// add_trade_handlers (executor.h) calls them all.
#pragma once

#include "chain/state/executor.h"

namespace tfl {

void add_document_handlers(HandlerTable& table);          // doc.issue, doc.accept, doc.reject, doc.amend
void add_bill_of_lading_handlers(HandlerTable& table);    // doc.transfer, doc.surrender
void add_financing_handlers(HandlerTable& table);         // finance.*
void add_letter_of_credit_handlers(HandlerTable& table);  // lc.*

}  // namespace tfl
