// Matching a commercial invoice to the purchase order among its refs (DESIGN §5): the
// PO exists, is accepted, names the same buyer and seller, is in the same currency, and
// the live (not rejected) invoices matched to it never total more than its amount.
//
// Recorded on the invoice as `matched_po`; on the PO as `invoices` (ids of live matched
// invoices, in match order), `invoiced` (their total, in the PO's minor units) and the
// history events "invoice_matched" / "invoice_released" {invoice, amount}.
// Thread-safety: free functions without shared state.
#pragma once

#include "chain/codec/canonical_json.h"
#include "chain/state/executor.h"

namespace tfl {

// Matches `invoice` (a commercial invoice record being issued or amended) to the
// purchase order among its refs: sets invoice["matched_po"] and updates the PO, or
// erases matched_po when the refs hold no purchase order. Refuses a second PO among
// the refs and every mismatch, naming it.
// REQUIRES: check_document_content passed for `invoice`; the invoice is on no PO's list.
Status match_invoice(TxContext& ctx, Json& invoice);

// Takes a live matched invoice off its PO (when the invoice is rejected, or before an
// amendment re-matches it). Does nothing for an unmatched invoice.
// REQUIRES: the invoice is on its PO's list (it is not rejected).
void release_invoice(TxContext& ctx, const Json& invoice);

}  // namespace tfl
