#include "wallet/output.h"

#include <algorithm>
#include <ctime>
#include <set>

#include "chain/codec/hex.h"
#include "chain/trade/money.h"
#include "wallet/json_access.h"

namespace tfl::wallet {
namespace {

// Members shown first, in this order; the rest follow alphabetically.
const std::vector<std::string>& leading_members() {
  static const std::vector<std::string> k = {
      "id",   "doc_id", "financing_id", "lc_id",  "presentation_id", "amendment_id", "doc_type", "type",
      "name", "role",   "status",       "number", "version",         "holder",       "event",    "actor"};
  return k;
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool is_money_member(const std::string& name) {
  static const char* kNamed[] = {"amount", "open_financing", "invoiced", "credit_counted", "remaining"};
  return std::find(std::begin(kNamed), std::end(kNamed), name) != std::end(kNamed) || name.rfind("amount_", 0) == 0 ||
         ends_with(name, "_amount");
}

bool is_time_member(const std::string& name) { return name == "time" || ends_with(name, "_time"); }

// The currency that amounts in `obj` are in: its own, else the record's, else the
// record's credit limit's.
std::string currency_for(const Json& obj, const Json& record) {
  for (const Json* o : {&obj, &record}) {
    std::string c = string_member(*o, "currency");
    if (!c.empty()) return c;
  }
  return string_member(member(record, "credit_limit"), "currency");
}

// The text of member `name` = v of object `obj` within `record`. Nested objects read
// "name=value, ..." and arrays of objects "...; ...", with money and times formatted.
std::string value_text(const std::string& name, const Json& v, const Json& obj, const Json& record) {
  if (v.is_number_integer() && is_money_member(name)) {
    std::string currency = currency_for(obj, record);
    if (!currency.empty()) return format_money(v.get<int64_t>(), currency);
  }
  if (v.is_number_integer() && is_time_member(name)) return format_time_ms(v.get<int64_t>());
  if (v.is_object()) {
    std::string out;
    for (const auto& [k, e] : v.items()) out += (out.empty() ? "" : ", ") + k + "=" + value_text(k, e, v, record);
    return out;
  }
  if (v.is_array()) {
    const bool objects = std::any_of(v.begin(), v.end(), [](const Json& e) { return e.is_structured(); });
    std::string out;
    for (const auto& e : v) out += (out.empty() ? "" : objects ? "; " : ", ") + value_text(name, e, obj, record);
    return out.empty() ? "(none)" : out;
  }
  return cell_text(v);
}

// A sealed attachment for people: who can open it and what it hashes to.
std::string attachment_text(const Json& attachment) {
  std::string parties;
  const Json& keys = member(attachment, "keys");
  if (keys.is_object())
    for (const auto& [id, sealed] : keys.items()) {
      (void)sealed;
      parties += (parties.empty() ? "" : ", ") + id;
    }
  return "sealed to " + parties + "; content_hash " + string_member(attachment, "content_hash");
}

bool is_table(const Json& v) {
  return v.is_array() && !v.empty() && std::all_of(v.begin(), v.end(), [](const Json& e) { return e.is_object(); });
}

std::vector<std::string> ordered_members(const Json& obj) {
  std::vector<std::string> out;
  for (const auto& m : leading_members())
    if (obj.contains(m)) out.push_back(m);
  for (const auto& [k, v] : obj.items()) {
    (void)v;
    if (std::find(out.begin(), out.end(), k) == out.end()) out.push_back(k);
  }
  return out;
}

// Scalar members of `obj` (nested objects flattened under `prefix`) into `fields`;
// arrays of objects into `tables`.
void collect(const Json& obj, const std::string& prefix, const Json& record, Fields* fields,
             std::vector<std::pair<std::string, const Json*>>* tables) {
  for (const auto& name : ordered_members(obj)) {
    const Json& v = obj[name];
    const std::string label = prefix + name;
    if (name == "attachment" && v.is_object()) {
      fields->emplace_back(label, attachment_text(v));
    } else if (v.is_object() && !v.empty()) {
      collect(v, label + ".", record, fields, tables);
    } else if (is_table(v)) {
      tables->emplace_back(label, &v);
    } else {
      fields->emplace_back(label, value_text(name, v, obj, record));
    }
  }
}

// A cell of a table: long hashes shortened to 16 hex digits.
std::string table_cell(const std::string& column, const Json& row, const Json& record) {
  auto it = row.find(column);
  if (it == row.end()) return "";
  std::string text = value_text(column, *it, row, record);
  if (it->is_string() && is_lower_hex(text, 32)) return text.substr(0, 16);
  return text;
}

// A table of `rows`; a row's own history is left to the row's own record view.
void print_table(std::ostream& out, const std::string& title, const Json& rows, const Json& record) {
  std::vector<std::string> columns;
  for (const auto& row : rows)
    for (const auto& k : ordered_members(row))
      if (k != "history" && std::find(columns.begin(), columns.end(), k) == columns.end()) columns.push_back(k);
  Table t(columns);
  for (const auto& row : rows) {
    std::vector<std::string> cells;
    for (const auto& c : columns) cells.push_back(table_cell(c, row, record));
    t.add_row(std::move(cells));
  }
  out << "\n" << title << ":\n";
  t.print(out);
}

std::string rstrip(std::string s) {
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

}  // namespace

void Table::add_row(std::vector<std::string> cells) {
  cells.resize(header_.size());
  rows_.push_back(std::move(cells));
}

void Table::print(std::ostream& out) const {
  std::vector<size_t> width(header_.size(), 0);
  auto measure = [&](const std::vector<std::string>& row) {
    for (size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
  };
  measure(header_);
  for (const auto& r : rows_) measure(r);
  auto line = [&](const std::vector<std::string>& row) {
    std::string s;
    for (size_t i = 0; i < row.size(); ++i) s += row[i] + std::string(width[i] - row[i].size() + 2, ' ');
    out << rstrip(s) << "\n";
  };
  std::vector<std::string> upper = header_;
  for (auto& h : upper) std::transform(h.begin(), h.end(), h.begin(), [](unsigned char c) { return std::toupper(c); });
  line(upper);
  for (const auto& r : rows_) line(r);
}

void print_fields(std::ostream& out, const Fields& fields) {
  size_t width = 0;
  for (const auto& f : fields) width = std::max(width, f.first.size());
  for (const auto& [label, value] : fields)
    out << rstrip(label + std::string(width - label.size() + 2, ' ') + value) << "\n";
}

void print_record(std::ostream& out, const Json& record) {
  if (!record.is_object()) {
    out << cell_text(record) << "\n";
    return;
  }
  Fields fields;
  std::vector<std::pair<std::string, const Json*>> tables;
  collect(record, "", record, &fields, &tables);
  print_fields(out, fields);
  for (const auto& [title, rows] : tables) print_table(out, title, *rows, record);
}

std::string cell_text(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "";
  return v.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string format_time_ms(int64_t ms) {
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  if (!gmtime_r(&secs, &tm)) return std::to_string(ms);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace tfl::wallet
