// Trade documents (DESIGN §5 "Documents"): purchase order, commercial invoice, packing
// list, bill of lading, insurance certificate — their key fields on the ledger, who
// issues and who acknowledges each type, and the checks an issued or amended document
// must pass.
//
// Record at keys::document(doc_id):
//   {doc_id, doc_type, number, issue_date, issuer,
//    parties{buyer, seller, carrier?, consignee?, insurer?},
//    currency?, amount?, due_date?, refs[], fields{}, attachment?,
//    version (1, +1 per amendment), status, history[],
//    matched_po?                       commercial invoice matched to the PO among its refs
//    invoices[], invoiced              purchase order: live (not rejected) matched invoices, their total
//    holder, holders[]                 bill of lading: current holder, chain of holders (first the seller)
//    financing?{financing_id, bank}}   while an open financing rests on the document
//
// Status: "issued" (also after amendments: `version` counts them), "accepted",
// "rejected" (final: a corrected document is issued anew), "surrendered" (a bill of
// lading returned to its carrier; final). Bills of lading and insurance certificates
// are never accepted or rejected: they stay "issued" until surrender.
//
// History entries: {event, tx, height, time, actor, ...}; events "issued",
// "accepted", "rejected" (+reason), "amended" (+version, changes, previous),
// "transferred" (+from, to), "surrendered" (+from, to, reason?), and on a purchase
// order "invoice_matched" / "invoice_released" (+invoice, amount).
//
// Indexes: keys::by_party(p, "doc", doc_id) for every party and every B/L holder.
// Thread-safety: free functions without shared state.
#pragma once

#include <set>
#include <string>
#include <string_view>

#include "chain/codec/canonical_json.h"
#include "chain/state/state_view.h"

namespace tfl {

bool is_doc_type(std::string_view doc_type);

// The parties{} member naming who issues a document of `doc_type`: "buyer" (purchase
// order), "seller" (commercial invoice, packing list), "carrier" (bill of lading),
// "insurer" (insurance certificate).
// REQUIRES: is_doc_type(doc_type)
std::string issuing_party(std::string_view doc_type);

// The parties{} member naming who accepts or rejects a document of `doc_type`: "seller"
// for a purchase order, "buyer" for a commercial invoice or packing list; "" for a bill
// of lading or insurance certificate, which are not acknowledged.
std::string accepting_party(std::string_view doc_type);

// Every participant named in parties{} (the recipients of a sealed attachment).
std::set<std::string> document_parties(const Json& doc);

// The document `doc_id`, or a refusal saying it does not exist.
Result<Json> load_document(const StateReader& state, const std::string& doc_id);

// Checks the content of a document as issued or amended: doc_type, number, issue_date,
// parties (existing participants in their roles; buyer and seller are distinct
// corporates; a B/L names a carrier, an insurance certificate an insurer), currency
// and amount (together; required on purchase orders, invoices and insurance
// certificates), due_date (not before issue_date), refs (distinct existing documents,
// not itself), fields (a B/L's shipped_on_board_date, port_of_loading,
// port_of_discharge, vessel) and the attachment's format.
Status check_document_content(const StateReader& state, const std::string& doc_id, const Json& doc);

// Writes keys::by_party(p, "doc", doc_id) for every party of `doc`.
void index_document_parties(StateOverlay& state, const Json& doc);

}  // namespace tfl
