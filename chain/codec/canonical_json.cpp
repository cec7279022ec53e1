#include "chain/codec/canonical_json.h"

#include <charconv>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace tfl {
namespace {

bool is_ascii(const std::string& s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

Status check_number(const Json& v) {
  if (v.is_number_float()) return Status::invalid("floating-point number " + v.dump() + " is not allowed; use integer minor units");
  if (v.is_number_unsigned()) {
    if (v.get<uint64_t>() > static_cast<uint64_t>(kMaxSafeInteger))
      return Status::invalid("integer " + v.dump() + " is beyond ±2^53");
  } else if (v.is_number_integer()) {
    int64_t i = v.get<int64_t>();
    if (i > kMaxSafeInteger || i < -kMaxSafeInteger) return Status::invalid("integer " + v.dump() + " is beyond ±2^53");
  }
  return Status::ok();
}

Status check_value(const Json& v, int depth) {
  if (depth > kMaxJsonDepth) return Status::invalid("nesting deeper than " + std::to_string(kMaxJsonDepth) + " levels");
  if (v.is_number()) return check_number(v);
  if (v.is_string()) {
    if (!is_valid_utf8(v.get_ref<const std::string&>())) return Status::invalid("string is not valid UTF-8");
    return Status::ok();
  }
  if (v.is_binary() || v.is_discarded()) return Status::invalid("value outside the JSON profile");
  if (v.is_array()) {
    for (const auto& e : v) TFL_RETURN_IF_ERROR(check_value(e, depth + 1));
  } else if (v.is_object()) {
    for (auto it = v.begin(); it != v.end(); ++it) {
      if (!is_ascii(it.key())) return Status::invalid("object key is not ASCII");
      TFL_RETURN_IF_ERROR(check_value(it.value(), depth + 1));
    }
  }
  return Status::ok();
}

// SAX handler that enforces the parts of the profile the DOM cannot show afterwards
// (duplicate keys, the number's text, depth) and builds the DOM in the same pass, as
// nlohmann's json_sax_dom_parser does: a stack of the open arrays and objects. A key is
// checked for duplicates by inserting it into the object it belongs to.
class StrictDomBuilder {
 public:
  using number_integer_t = Json::number_integer_t;
  using number_unsigned_t = Json::number_unsigned_t;
  using number_float_t = Json::number_float_t;
  using string_t = Json::string_t;
  using binary_t = Json::binary_t;

  explicit StrictDomBuilder(Json& out) : root_(out) {}
  Status status;

  bool null() { return add(nullptr); }
  bool boolean(bool v) { return add(v); }
  bool number_integer(number_integer_t v) {
    if (v > kMaxSafeInteger || v < -kMaxSafeInteger) return fail("integer " + std::to_string(v) + " is beyond ±2^53");
    return add(v);
  }
  bool number_unsigned(number_unsigned_t v) {
    if (v > static_cast<uint64_t>(kMaxSafeInteger)) return fail("integer " + std::to_string(v) + " is beyond ±2^53");
    return add(v);
  }
  bool number_float(number_float_t, const string_t& text) {
    if (text.find_first_of(".eE") == std::string::npos)  // an integer too large for 64 bits
      return fail("integer " + text + " is beyond ±2^53");
    return fail("floating-point number " + text + " is not allowed; use integer minor units");
  }
  bool string(string_t& s) {
    if (!is_valid_utf8(s)) return fail("string is not valid UTF-8");
    return add(std::move(s));  // the lexer clears its buffer before the next token
  }
  bool binary(binary_t&) { return fail("binary values are not JSON"); }
  bool start_object(std::size_t) { return open(Json::value_t::object); }
  bool key(string_t& k) {
    if (!is_ascii(k)) return fail("object key \"" + printable(k) + "\" is not ASCII");
    auto [member, fresh] = open_.back()->get_ref<Json::object_t&>().try_emplace(k);
    if (!fresh) return fail("duplicate key \"" + k + "\"");
    member_ = &member->second;
    return true;
  }
  bool end_object() { return close(); }
  bool start_array(std::size_t) { return open(Json::value_t::array); }
  bool end_array() { return close(); }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& ex) {
    std::string what = ex.what();
    if (what.find("ill-formed UTF-8") != std::string::npos) return fail("string is not valid UTF-8");
    auto colon = what.find(": ");  // strip "[json.exception.parse_error.101] parse error at line 1, column 5"
    if (colon != std::string::npos) what = what.substr(colon + 2);
    return fail("malformed JSON at byte " + std::to_string(position) + ": " + what);
  }

 private:
  Json& root_;
  std::vector<Json*> open_;  // the arrays and objects not yet closed, innermost last
  Json* member_ = nullptr;   // the innermost object's member named by the last key

  // Puts v where the parse is: the root, the end of the innermost array, or the member
  // the last key named. Returns where it went (stable while it is open: its parents are
  // not written to until it is closed).
  template <typename V>
  Json* place(V&& v) {
    if (open_.empty()) {
      root_ = Json(std::forward<V>(v));
      return &root_;
    }
    Json& parent = *open_.back();
    if (parent.is_array()) {
      auto& items = parent.get_ref<Json::array_t&>();
      items.emplace_back(std::forward<V>(v));
      return &items.back();
    }
    *member_ = Json(std::forward<V>(v));
    return member_;
  }
  template <typename V>
  bool add(V&& v) {
    place(std::forward<V>(v));
    return true;
  }
  bool open(Json::value_t kind) {
    if (open_.size() >= static_cast<size_t>(kMaxJsonDepth))
      return fail("nesting deeper than " + std::to_string(kMaxJsonDepth) + " levels");
    open_.push_back(place(kind));
    return true;
  }
  bool close() {
    open_.pop_back();
    return true;
  }
  bool fail(std::string message) {
    if (status.is_ok()) status = Status::invalid(std::move(message));
    return false;
  }
  static std::string printable(const std::string& s) {
    std::string out;
    for (unsigned char c : s) out += (c >= 0x20 && c < 0x7f) ? static_cast<char>(c) : '?';
    return out;
  }
};

}  // namespace

bool is_valid_utf8(std::string_view s) {
  size_t i = 0, n = s.size();
  while (i < n) {
    // Runs of ASCII, nearly every byte of a ledger's text, eight bytes at a time.
    for (uint64_t word; i + 8 <= n; i += 8) {
      std::memcpy(&word, s.data() + i, 8);
      if (word & 0x8080808080808080ULL) break;
    }
    if (i == n) break;
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) { ++i; continue; }
    size_t len;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
    else return false;
    if (i + len > n) return false;
    for (size_t k = 1; k < len; ++k) {
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000)) return false;  // overlong
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

Result<Json> parse_strict_json(std::string_view text) {
  Json value;
  StrictDomBuilder builder(value);
  bool ok = false;
  try {
    ok = Json::sax_parse(text.begin(), text.end(), &builder, nlohmann::detail::input_format_t::json, true, false);
  } catch (const std::exception& e) {  // the DOM builder throws on impossible states only
    return Status::invalid(std::string("malformed JSON: ") + e.what());
  }
  if (!ok) return builder.status.is_ok() ? Status::invalid("malformed JSON") : builder.status;
  return value;
}

Status check_profile(const Json& value) { return check_value(value, 0); }

void append_canonical_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  size_t run = 0;  // start of the bytes not yet appended, none of which needs escaping
  for (size_t i = 0; i < s.size(); ++i) {
    const auto u = static_cast<unsigned char>(s[i]);
    if (u >= 0x20 && u != '"' && u != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (u) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\f': out += "\\f"; break;
      case '\r': out += "\\r"; break;
      default:
        out += "\\u00";
        out += kHex[u >> 4];
        out += kHex[u & 0xf];
    }
  }
  out.append(s.data() + run, s.size() - run);
  out += '"';
}

namespace {

// A value outside the profile is refused, as nlohmann's strict dump refused it, rather
// than printed as bytes that are not JSON.
void append_checked_string(std::string& out, const std::string& s) {
  if (!is_valid_utf8(s)) throw std::invalid_argument("canonical_json: string is not valid UTF-8");
  append_canonical_string(out, s);
}

template <typename Integer>
void append_decimal(std::string& out, Integer v) {
  char digits[24];
  out.append(digits, std::to_chars(digits, digits + sizeof digits, v).ptr);
}

}  // namespace

std::string canonical_json(const Json& value) {
  std::string out;
  append_canonical_json(out, value);
  return out;
}

void append_canonical_json(std::string& out, const Json& value) {
  // What nlohmann's dump() prints for a value in the profile (its std::map keeps members
  // sorted by key bytes, which for ASCII keys is RFC 8785's UTF-16 code-unit order),
  // without its per-byte UTF-8 state machine: strings in the profile are valid UTF-8.
  switch (value.type()) {
    case Json::value_t::object: {
      out += '{';
      bool first = true;
      for (const auto& [key, member] : value.get_ref<const Json::object_t&>()) {
        if (!first) out += ',';
        first = false;
        append_checked_string(out, key);
        out += ':';
        append_canonical_json(out, member);
      }
      out += '}';
      return;
    }
    case Json::value_t::array: {
      out += '[';
      bool first = true;
      for (const auto& item : value.get_ref<const Json::array_t&>()) {
        if (!first) out += ',';
        first = false;
        append_canonical_json(out, item);
      }
      out += ']';
      return;
    }
    case Json::value_t::string: append_checked_string(out, value.get_ref<const std::string&>()); return;
    case Json::value_t::number_integer: append_decimal(out, value.get<int64_t>()); return;
    case Json::value_t::number_unsigned: append_decimal(out, value.get<uint64_t>()); return;
    case Json::value_t::boolean: out += value.get<bool>() ? "true" : "false"; return;
    case Json::value_t::null: out += "null"; return;
    default:  // floats, binary, discarded: outside the profile (REQUIRES)
      out += value.dump(-1, ' ', false, Json::error_handler_t::strict);
  }
}

}  // namespace tfl
