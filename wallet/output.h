// Human output of the wallet: aligned tables and field lines, and a printer that lays
// out any ledger record (document, financing, LC, participant) for people.
//
// print_record shows scalar members as aligned "label  value" lines (nested objects as
// "parent.child"), formats money members (amount, amount_*, *_amount, open_financing,
// invoiced, credit_counted, remaining) as "12500.00 USD" with the nearest currency, unix-millisecond times (time,
// *_time) as UTC, a sealed attachment as the parties it is sealed to and its content hash, and arrays of objects
// (history, amendments, presentations) as tables after the fields (nested rows leave out their own history). Otherwise
// records are shown as the node returns them. Thread-safety: free functions; Table is a plain value.
#pragma once

#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "chain/codec/canonical_json.h"

namespace tfl::wallet {

class Table {
 public:
  explicit Table(std::vector<std::string> header) : header_(std::move(header)) {}
  // Cells beyond the header's width are dropped; missing ones are blank.
  void add_row(std::vector<std::string> cells);
  bool empty() const { return rows_.empty(); }
  // The header, then each row; columns padded to their widest cell, two spaces apart.
  void print(std::ostream& out) const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

using Fields = std::vector<std::pair<std::string, std::string>>;

// "label  value" lines with the values aligned.
void print_fields(std::ostream& out, const Fields& fields);

void print_record(std::ostream& out, const Json& record);

// A JSON value as one line of text: strings bare, null empty, others compact JSON.
std::string cell_text(const Json& v);

// Unix milliseconds as "2026-03-01T09:30:00Z".
std::string format_time_ms(int64_t ms);

}  // namespace tfl::wallet
