// Participants: the parties of the ledger and their keys (DESIGN §3, §5).
//
// Stored at keys::participant(id) as
//   {id, name, role, keys[hex], threshold, onboarded_by, credit_limit?{currency, amount},
//    open_financing (minor units, in the credit limit's currency)}
// and its next nonce, as decimal text, at keys::nonce(id): every tx its participant sends
// rewrites the nonce, not the record (absent: 0).
// Thread-safety: free functions; load_participant and store_participant share a
// parsed-record cache that has its own lock.
#pragma once

#include <memory>
#include <string>

#include "chain/codec/canonical_json.h"
#include "chain/state/state_view.h"
#include "chain/tx/transaction.h"

namespace tfl {

bool is_role(const std::string& role);  // bank, corporate, carrier, insurer
bool is_currency_code(const std::string& c);  // three upper-case letters (ISO 4217 form)

// Checks keys[] and threshold: 1..16 distinct 32-byte hex keys, 1 <= threshold <= count.
Status check_key_set(const Json& keys, int64_t threshold);

// Validates the fields of a participant as given in genesis or participant.register
// and returns the state record (open_financing 0).
Result<Json> make_participant_record(const Json& fields, const std::string& onboarded_by);

// The participant's record, or nullptr for an unknown id. Records are parsed once per
// distinct stored text (a bounded cache shared by all threads): a tx reads its sender
// and its parties several times, and a block reads what admission read before.
// REQUIRES: the returned record is not changed (copy it to write a new version).
std::shared_ptr<const Json> load_participant(const StateReader& state, const std::string& id);
// Writes a participant's record (at keys::participant(record.id)); the cache learns it.
// REQUIRES: record is a whole participant record.
void store_participant(StateOverlay& state, Json record);

// The nonce participant `id`'s next tx must carry: the number of its txs in the state.
// REQUIRES: the stored nonce, if any, was written by store_next_nonce.
int64_t next_nonce(const StateReader& state, const std::string& id);
void store_next_nonce(StateOverlay& state, const std::string& id, int64_t next);

// Checks that tx may act for `sender`, its sender's record (nullptr: unknown), whose next
// nonce is `next` (DESIGN §5): chain id, a known sender, the nonce, and signatures by at
// least `threshold` of the sender's keys and by no other key. Does not check the
// signatures' bytes (verify_tx_signatures).
Status authenticate_tx(const std::shared_ptr<const Json>& sender, int64_t next, const Transaction& tx,
                       const std::string& chain_id);

}  // namespace tfl
