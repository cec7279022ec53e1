// What every trade handler shares: payload members read with the ledger's value rules,
// participants checked by role, the "only X may do this" rule, records that must or
// must not exist, history entries and index entries.
//
// Error kinds follow executor.h: a malformed payload is Status::invalid; a payload that
// is well-formed but refused by the current state (unknown participant, wrong sender,
// wrong status) is Status::conflict. Messages name the field or record and say why.
// Thread-safety: free functions without shared state.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chain/codec/canonical_json.h"
#include "chain/state/executor.h"

namespace tfl {

// "\"INV-1\"": how refusals quote ids and values.
std::string quote(std::string_view s);
// "a purchase_order", "an insurance_certificate".
std::string with_article(std::string_view noun);

// An id of a document, financing, LC, presentation or amendment ([A-Za-z0-9._-]{1,64}):
// the member `name` of obj, or the value v itself (an array element) named `what`.
Result<std::string> get_record_id(const Json& obj, std::string_view name);
Result<std::string> record_id_value(const Json& v, std::string_view what);
// A participant id ([a-z0-9-]{2,32}); whether it exists is require_participant's job.
Result<std::string> get_participant_id(const Json& obj, std::string_view name);
// A positive amount in minor units (1..kMaxSafeInteger).
Result<int64_t> get_amount(const Json& obj, std::string_view name);
// A currency of the ISO 4217 table (money.h).
Result<std::string> get_currency(const Json& obj, std::string_view name);
// A valid YYYY-MM-DD date (dates.h).
Result<std::string> get_date(const Json& obj, std::string_view name);
// Human text such as a document number or goods description: 1..max_chars bytes of
// valid UTF-8 without control characters.
Result<std::string> get_text(const Json& obj, std::string_view name, size_t max_chars);
// The optional `reason` member of a decision (reject, refuse, cancel...): text of at most 512 bytes.
Result<std::optional<std::string>> get_reason(const Json& payload);

// Refuses unless participant `id` exists and, when `role` is not empty, has that role.
// `what` names it in the message ("buyer", "bank").
Status require_participant(const StateReader& state, const std::string& id, std::string_view role,
                           std::string_view what);

// Refuses unless the tx's sender is `expected`:
//   "only the seller (corp1) may accept document \"PO-1\", not corp2"
Status require_sender(const TxContext& ctx, const std::string& expected, std::string_view who, std::string_view action);

// The record stored at `key`, or a refusal "<kind> \"<id>\" does not exist".
Result<Json> load_record(const StateReader& state, const std::string& key, std::string_view kind,
                         const std::string& id);
// Refuses "<kind> \"<id>\" already exists" when `key` holds a record.
Status require_absent(const StateReader& state, const std::string& key, std::string_view kind, const std::string& id);

// Refuses unless record["status"] is one of `allowed`:
//   "financing \"F1\" is disbursed; only a requested or approved financing can be rejected"
// `kind` names the record ("financing"), `id_member` its id member, `done` the action's past participle.
Status require_status(const Json& record, std::string_view kind, std::string_view id_member,
                      const std::vector<std::string>& allowed, std::string_view done);

// {event, tx, actor}: one line of a record's history, for the tx in ctx. When it happened
// is the tx's block (the API adds height and time from the tx index): an entry does not
// depend on the block, so neither does the tx's execution (TxContext::env).
Json history_entry(const TxContext& ctx, std::string_view event);
// history_entry plus `reason` when one was given.
Json history_entry(const TxContext& ctx, std::string_view event, const std::optional<std::string>& reason);

// Writes an index entry (DESIGN §7): the key is the fact, the value is empty.
void put_index(StateOverlay& state, const std::string& key);

}  // namespace tfl
