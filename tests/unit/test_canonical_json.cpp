// RFC 8785 canonical form over tfledger's strict JSON profile.
#include <catch2/catch.hpp>

#include <random>

#include "chain/codec/canonical_json.h"
#include "chain/codec/hex.h"

using namespace tfl;

namespace {
std::string canon(const std::string& text) {
  auto j = parse_strict_json(text);
  REQUIRE(j.is_ok());
  return canonical_json(*j);
}
std::string refusal(const std::string& text) {
  auto j = parse_strict_json(text);
  REQUIRE_FALSE(j.is_ok());
  return j.status().message();
}
}  // namespace

TEST_CASE("canonical JSON sorts members, drops whitespace, prints integers plainly") {
  // RFC 8785 §3.2.3 sorting example, restricted to ASCII keys.
  CHECK(canon(R"({"b": 2, "a": 1, "c": {"z": [1, 2, {"y": true, "x": null}], "m": "s"}})") ==
        R"({"a":1,"b":2,"c":{"m":"s","z":[1,2,{"x":null,"y":true}]}})");
  CHECK(canon("  [ 1 ,\n 2 ]\t") == "[1,2]");
  CHECK(canon(R"({"amount": 9007199254740991, "neg": -9007199254740991})") ==
        R"({"amount":9007199254740991,"neg":-9007199254740991})");
  // Keys sort by bytes: upper case before lower case, digits first.
  CHECK(canon(R"({"b":0,"B":0,"1":0,"_":0})") == R"({"1":0,"B":0,"_":0,"b":0})");
}

TEST_CASE("canonical JSON escapes exactly what RFC 8785 escapes") {
  // RFC 8785 §3.2.2.2: control characters as \b \t \n \f \r or \u00xx, quote and
  // backslash escaped, everything else (including non-ASCII and DEL) literal UTF-8.
  CHECK(canon(R"({"s":"\u0008\u0009\u000a\u000c\u000d\u0001\u001f"})") == "{\"s\":\"\\b\\t\\n\\f\\r\\u0001\\u001f\"}");
  CHECK(canon(R"({"s":"quote\" backslash\\ slash\/"})") == "{\"s\":\"quote\\\" backslash\\\\ slash/\"}");
  CHECK(canon(R"({"s":"\u20ac\u00e9\u007f"})") == "{\"s\":\"\xE2\x82\xAC\xC3\xA9\x7F\"}");
  CHECK(canon(R"({"s":"\ud83d\ude00"})") == "{\"s\":\"\xF0\x9F\x98\x80\"}");
}

TEST_CASE("a string appended as canonical JSON is what the canonical form of its value gives") {
  std::vector<std::string> samples = {"", "plain", "quote\" backslash\\ slash/", "\x7f DEL", "\xE2\x82\xAC \xF0\x9F\x98\x80"};
  std::string every_ascii;
  for (int c = 0; c < 0x80; ++c) every_ascii += static_cast<char>(c);
  samples.push_back(every_ascii);
  for (const auto& s : samples) {
    std::string out = "prefix:";
    append_canonical_string(out, s);
    CHECK(out == "prefix:" + canonical_json(Json(s)));
  }
}

namespace {
// A random value inside the profile: nested objects and arrays, integers up to ±2^53,
// strings of control characters, quotes, backslashes and multi-byte UTF-8.
Json random_value(std::mt19937_64& rng, int depth) {
  static const std::vector<std::string> pieces = {"a", "Z", "\"", "\\", "/", "\x7f", "\xC3\xA9", "\xE2\x82\xAC",
                                                  "\xF0\x9F\x98\x80", " ", "\n", "\t", "\x01", "\x1f", "\b"};
  auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
  auto text = [&] {
    std::string s;
    for (size_t i = pick(8); i > 0; --i) s += pieces[pick(pieces.size())];
    return s;
  };
  switch (depth >= 4 ? pick(5) : pick(7)) {
    case 0: return nullptr;
    case 1: return pick(2) == 0;
    case 2: return static_cast<int64_t>(rng() % (2 * static_cast<uint64_t>(kMaxSafeInteger) + 1)) - kMaxSafeInteger;
    case 3: return static_cast<uint64_t>(rng() % static_cast<uint64_t>(kMaxSafeInteger));
    case 4: return text();
    case 5: {
      Json a = Json::array();
      for (size_t i = pick(5); i > 0; --i) a.push_back(random_value(rng, depth + 1));
      return a;
    }
    default: {
      Json o = Json::object();
      for (size_t i = pick(5); i > 0; --i) o[std::string(1, static_cast<char>(0x20 + pick(0x5f))) + "k"] = random_value(rng, depth + 1);
      return o;
    }
  }
}
}  // namespace

TEST_CASE("canonical JSON prints what nlohmann's strict dump prints, for any value in the profile") {
  std::mt19937_64 rng(20261124);
  for (int i = 0; i < 3000; ++i) {
    Json v = random_value(rng, 0);
    REQUIRE(check_profile(v).is_ok());
    REQUIRE(canonical_json(v) == v.dump(-1, ' ', false, Json::error_handler_t::strict));
  }
  CHECK(canonical_json(Json(kMaxSafeInteger)) == "9007199254740991");
  CHECK(canonical_json(Json(-kMaxSafeInteger)) == "-9007199254740991");
  CHECK(canonical_json(Json::object()) == "{}");
  CHECK(canonical_json(Json::array()) == "[]");
  CHECK_THROWS(canonical_json(Json("\xC3\x28")));  // outside the profile: refused, not printed
  CHECK_THROWS(canonical_json(Json{{"\xC3\x28", 1}}));
  std::string out = "x";
  append_canonical_json(out, Json{{"b", 1}, {"a", "\u0001"}});
  CHECK(out == "x{\"a\":\"\\u0001\",\"b\":1}");
}

TEST_CASE("UTF-8 is judged the same wherever a sequence falls among ASCII runs") {
  const std::vector<std::pair<std::string, bool>> sequences = {
      {"\xC3\xA9", true}, {"\xE2\x82\xAC", true}, {"\xF0\x9F\x98\x80", true},  // é € 😀
      {"\xC3\x28", false}, {"\xC0\xAF", false}, {"\xED\xA0\x80", false},     // bad continuation, overlong, surrogate
      {"\xF4\x90\x80\x80", false}, {"\xE2\x82", false}, {"\x80", false}};  // beyond U+10FFFF, cut short, stray
  for (const auto& [sequence, valid] : sequences)
    for (size_t before = 0; before <= 17; ++before)
      for (size_t after : {0, 1, 7, 8, 9}) {
        const std::string text = std::string(before, 'a') + sequence + std::string(after, 'z');
        INFO(before << " ASCII bytes, then sequence " << to_hex(sequence) << ", then " << after);
        CHECK(is_valid_utf8(text) == valid);
      }
  CHECK(is_valid_utf8(std::string(64, 'x')));
  CHECK_FALSE(is_valid_utf8(std::string(64, 'x') + "\xFF"));
}

TEST_CASE("canonical JSON is a fixed point") {
  std::string once = canon(R"({"z":{"b":[3,2,1],"a":"x"},"a":[{"d":1,"c":2}]})");
  CHECK(canon(once) == once);
}

TEST_CASE("the strict profile refuses what lies outside it, saying why") {
  CHECK_THAT(refusal(R"({"amount": 1.5})"), Catch::Contains("floating-point number 1.5"));
  CHECK_THAT(refusal(R"({"amount": 1e3})"), Catch::Contains("floating-point"));
  CHECK_THAT(refusal(R"({"a": 1, "a": 2})"), Catch::Contains("duplicate key \"a\""));
  CHECK_THAT(refusal("{\"caf\xC3\xA9\": 1}"), Catch::Contains("not ASCII"));
  CHECK_THAT(refusal(R"({"n": 9007199254740992})"), Catch::Contains("beyond"));
  CHECK_THAT(refusal(R"({"n": -9007199254740992})"), Catch::Contains("beyond"));
  CHECK_THAT(refusal(R"({"n": 123456789012345678901234567890})"), Catch::Contains("beyond"));
  CHECK_THAT(refusal("{\"s\": \"\xC3\x28\"}"), Catch::Contains("UTF-8"));
  CHECK_THAT(refusal("{\"s\": \"\xED\xA0\x80\"}"), Catch::Contains("UTF-8"));  // encoded surrogate
  CHECK_THAT(refusal("{\"s\": \"\xC0\xAF\"}"), Catch::Contains("UTF-8"));      // overlong
  CHECK_THAT(refusal(R"({"a": )"), Catch::Contains("malformed JSON"));
  CHECK_THAT(refusal(R"({"a": 1} trailing)"), Catch::Contains("malformed JSON"));
  CHECK_THAT(refusal(std::string(100, '[') + std::string(100, ']')), Catch::Contains("nesting deeper"));
  CHECK_THAT(refusal(""), Catch::Contains("malformed JSON"));
}

TEST_CASE("duplicate keys are found at any depth, not across siblings") {
  CHECK(parse_strict_json(R"({"a":{"x":1},"b":{"x":2}})").is_ok());
  CHECK_THAT(refusal(R"({"a":[{"x":1,"x":1}]})"), Catch::Contains("duplicate key \"x\""));
}

TEST_CASE("the strict parser builds the same value nlohmann's own parser does") {
  for (const std::string text :
       {R"({"b":[1,{"c":[[],{}],"d":null},"x\u00e9\n",true,false,-5],"a":{"e":[{"f":[{"g":0}]}]},"z":""})",
        R"([[1,[2,[3]]],{"k":[{}]},"s",[]])", "7", R"("only a string")", "null", "[]", "{}"}) {
    auto ours = parse_strict_json(text);
    REQUIRE(ours.is_ok());
    CHECK(*ours == Json::parse(text));
  }
}

TEST_CASE("nesting is allowed to 64 levels and refused beyond") {
  CHECK(parse_strict_json(std::string(64, '[') + std::string(64, ']')).is_ok());
  CHECK_THAT(refusal(std::string(65, '[') + std::string(65, ']')), Catch::Contains("nesting deeper than 64"));
  std::string objects;
  for (int i = 0; i < 64; ++i) objects += R"({"a":)";
  CHECK(parse_strict_json(objects + "1" + std::string(64, '}')).is_ok());
  CHECK_THAT(refusal(R"({"a":)" + objects + "1" + std::string(65, '}')), Catch::Contains("nesting deeper"));
}

TEST_CASE("check_profile refuses values built in code that break the profile") {
  CHECK(check_profile(Json{{"a", 1}}).is_ok());
  CHECK_FALSE(check_profile(Json{{"a", 1.25}}).is_ok());
  CHECK_FALSE(check_profile(Json{{"a", uint64_t{1} << 60}}).is_ok());
  CHECK_FALSE(check_profile(Json{{"a", "\xFF"}}).is_ok());
}
