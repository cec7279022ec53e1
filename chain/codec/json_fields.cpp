#include "chain/codec/json_fields.h"

#include <algorithm>

namespace tfl {
namespace {

std::string quote_name(std::string_view name) { return "\"" + std::string(name) + "\""; }

Result<const Json*> member(const Json& obj, std::string_view name) {
  if (!obj.is_object()) return Status::invalid("expected an object holding " + quote_name(name));
  auto it = obj.find(std::string(name));
  if (it == obj.end()) return Status::invalid("missing field " + quote_name(name));
  return &*it;
}

}  // namespace

bool is_integer(const Json& v) { return v.is_number_integer() || v.is_number_unsigned(); }

Status check_fields(const Json& obj, std::initializer_list<std::string_view> allowed, std::string_view what) {
  TFL_RETURN_IF_ERROR(require_object(obj, what));
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    if (std::find(allowed.begin(), allowed.end(), it.key()) == allowed.end())
      return Status::invalid(std::string(what) + ": unknown field " + quote_name(it.key()));
  }
  return Status::ok();
}

Status require_object(const Json& v, std::string_view what) {
  if (!v.is_object()) return Status::invalid(std::string(what) + " must be a JSON object");
  return Status::ok();
}

Result<std::string> get_string(const Json& obj, std::string_view name) {
  TFL_ASSIGN_OR_RETURN(const Json* v, member(obj, name));
  if (!v->is_string()) return Status::invalid("field " + quote_name(name) + " must be a string");
  return v->get<std::string>();
}

Result<std::optional<std::string>> get_optional_string(const Json& obj, std::string_view name) {
  if (!obj.is_object() || !obj.contains(std::string(name))) return std::optional<std::string>();
  TFL_ASSIGN_OR_RETURN(std::string s, get_string(obj, name));
  return std::optional<std::string>(std::move(s));
}

Result<int64_t> get_int(const Json& obj, std::string_view name, int64_t min, int64_t max) {
  TFL_ASSIGN_OR_RETURN(const Json* v, member(obj, name));
  if (!is_integer(*v)) return Status::invalid("field " + quote_name(name) + " must be an integer");
  if (v->is_number_unsigned() && v->get<uint64_t>() > static_cast<uint64_t>(kMaxSafeInteger))
    return Status::invalid("field " + quote_name(name) + " is beyond ±2^53");
  int64_t i = v->get<int64_t>();
  if (i < min || i > max)
    return Status::invalid("field " + quote_name(name) + " must be between " + std::to_string(min) + " and " +
                           std::to_string(max));
  return i;
}

Result<std::optional<int64_t>> get_optional_int(const Json& obj, std::string_view name, int64_t min, int64_t max) {
  if (!obj.is_object() || !obj.contains(std::string(name))) return std::optional<int64_t>();
  TFL_ASSIGN_OR_RETURN(int64_t i, get_int(obj, name, min, max));
  return std::optional<int64_t>(i);
}

Result<bool> get_bool(const Json& obj, std::string_view name) {
  TFL_ASSIGN_OR_RETURN(const Json* v, member(obj, name));
  if (!v->is_boolean()) return Status::invalid("field " + quote_name(name) + " must be true or false");
  return v->get<bool>();
}

Result<const Json*> array_member(const Json& obj, std::string_view name) {
  TFL_ASSIGN_OR_RETURN(const Json* v, member(obj, name));
  if (!v->is_array()) return Status::invalid("field " + quote_name(name) + " must be an array");
  return v;
}

Result<const Json*> object_member(const Json& obj, std::string_view name) {
  TFL_ASSIGN_OR_RETURN(const Json* v, member(obj, name));
  if (!v->is_object()) return Status::invalid("field " + quote_name(name) + " must be an object");
  return v;
}

Result<Json> get_array(const Json& obj, std::string_view name) {
  TFL_ASSIGN_OR_RETURN(const Json* v, array_member(obj, name));
  return *v;
}

Result<Json> get_object(const Json& obj, std::string_view name) {
  TFL_ASSIGN_OR_RETURN(const Json* v, object_member(obj, name));
  return *v;
}

}  // namespace tfl
