// Duplicate-financing fingerprints (DESIGN §5): what the ledger registers when a
// document is financed, so that the same receivable cannot be financed twice, at the
// same bank or another, under the same or another document id.
//
//   F1 = seller ‖ buyer ‖ invoice number                      commercial invoice
//   F2 = seller ‖ buyer ‖ currency ‖ amount ‖ issue date      commercial invoice
//   F3 = carrier ‖ B/L number                                 bill of lading
//
// F1 catches a re-issued copy of an invoice under a new doc id; F2 catches a copy whose
// number was changed but whose parties, currency, amount and date were not (and, as
// the price of that, two genuinely distinct invoices with identical F2 fields).
//
// Bytes hashed (all fields normalised first):
//   fingerprint = SHA-256(network_key (32 raw bytes) ‖ kind ‖ 0x1F ‖ field_1 ‖ 0x1F ‖ … ‖ field_n)
// where kind is the ASCII text "F1", "F2" or "F3" (so equal field sets of different
// kinds never collide) and 0x1F (the ASCII unit separator) cannot occur in a field:
// ids, currencies and dates have no control characters and document numbers are
// refused with them.
// Normalisation: text fields (participant ids, document numbers, currency) are trimmed
// of ASCII whitespace and upper-cased (ASCII letters only); amounts are the base-10
// integer of minor units, no sign, no leading zeros; dates stay YYYY-MM-DD.
// The network key comes from genesis, so a fingerprint reveals nothing to anyone
// outside the network who guesses the fields.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "chain/codec/canonical_json.h"
#include "chain/crypto/sha256.h"

namespace tfl {

struct Fingerprint {
  std::string kind;  // "F1", "F2", "F3"
  Hash hash;
};

// Trim ASCII whitespace, upper-case ASCII letters.
std::string normalise_fingerprint_text(std::string_view text);

Hash fingerprint_f1(const Hash& network_key, std::string_view seller, std::string_view buyer,
                    std::string_view invoice_number);
Hash fingerprint_f2(const Hash& network_key, std::string_view seller, std::string_view buyer, std::string_view currency,
                    int64_t amount, std::string_view issue_date);
Hash fingerprint_f3(const Hash& network_key, std::string_view carrier, std::string_view bl_number);

// The fingerprints that financing `doc` (a document record, documents.h) registers:
// F1 and F2 for a commercial invoice, F3 for a bill of lading.
// REQUIRES: doc is a commercial invoice or a bill of lading.
std::vector<Fingerprint> financing_fingerprints(const Hash& network_key, const Json& doc);

// What a kind covers, for refusal messages: "F1 (seller, buyer, invoice number)".
std::string describe_fingerprint_kind(std::string_view kind);

}  // namespace tfl
