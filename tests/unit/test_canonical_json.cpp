// RFC 8785 canonical form over tfledger's strict JSON profile.
#include <catch2/catch.hpp>

#include "chain/codec/canonical_json.h"

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
