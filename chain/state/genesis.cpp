#include "chain/state/genesis.h"

#include <ctime>
#include <fstream>
#include <iomanip>
#include <map>
#include <set>
#include <sstream>

#include "chain/codec/json_fields.h"
#include "chain/state/participant.h"
#include "chain/state/state_keys.h"

namespace tfl {

const GenesisValidator* Genesis::validator(const std::string& id) const {
  for (const auto& v : validators)
    if (v.id == id) return &v;
  return nullptr;
}

Result<int64_t> parse_utc_timestamp(const std::string& s) {
  std::tm tm{};
  std::istringstream in(s);
  in >> std::get_time(&tm, "%Y-%m-%dT%H:%M:%SZ");
  if (in.fail() || s.size() != 20) return Status::invalid("timestamp \"" + s + "\" must look like 2026-11-24T05:00:00Z");
  return static_cast<int64_t>(timegm(&tm)) * 1000;
}

std::string format_utc_timestamp(int64_t unix_ms) {
  std::time_t secs = static_cast<std::time_t>(unix_ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string utc_date(int64_t unix_ms) { return format_utc_timestamp(unix_ms).substr(0, 10); }

Result<Genesis> parse_genesis(const Json& j) {
  TFL_RETURN_IF_ERROR(check_fields(j, {"chain_id", "genesis_time", "network_key", "validators", "participants"}, "genesis"));
  TFL_RETURN_IF_ERROR(check_profile(j));
  Genesis g;
  g.raw = j;
  TFL_ASSIGN_OR_RETURN(g.chain_id, get_string(j, "chain_id"));
  if (!is_valid_id(g.chain_id)) return Status::invalid("genesis: chain_id must match [A-Za-z0-9._-]{1,64}");
  TFL_ASSIGN_OR_RETURN(g.genesis_time, get_string(j, "genesis_time"));
  TFL_ASSIGN_OR_RETURN(g.genesis_time_ms, parse_utc_timestamp(g.genesis_time));
  TFL_ASSIGN_OR_RETURN(std::string nk, get_string(j, "network_key"));
  auto network_key = Hash::from_hex(nk);
  if (!network_key) return network_key.status().with_context("genesis: network_key");
  g.network_key = *network_key;
  TFL_ASSIGN_OR_RETURN(Json validators, get_array(j, "validators"));
  if (validators.empty()) return Status::invalid("genesis: at least one validator is needed");
  std::set<std::string> ids;
  for (const auto& v : validators) {
    TFL_RETURN_IF_ERROR(check_fields(v, {"id", "public_key", "address"}, "genesis validator"));
    GenesisValidator gv;
    TFL_ASSIGN_OR_RETURN(gv.id, get_string(v, "id"));
    TFL_ASSIGN_OR_RETURN(std::string pk, get_string(v, "public_key"));
    TFL_ASSIGN_OR_RETURN(gv.public_key, PublicKey::from_hex(pk));
    TFL_ASSIGN_OR_RETURN(gv.address, get_string(v, "address"));
    if (!is_valid_participant_id(gv.id)) return Status::invalid("genesis: validator id must match [a-z0-9-]{2,32}");
    if (!ids.insert(gv.id).second) return Status::invalid("genesis: validator \"" + gv.id + "\" listed twice");
    g.validators.push_back(std::move(gv));
  }
  TFL_ASSIGN_OR_RETURN(g.participants, get_array(j, "participants"));
  std::set<std::string> pids;
  for (const auto& p : g.participants) {
    TFL_RETURN_IF_ERROR(check_fields(
        p, {"id", "name", "role", "keys", "threshold", "onboarded_by", "credit_limit"}, "genesis participant"));
    TFL_ASSIGN_OR_RETURN(std::string by, get_string(p, "onboarded_by"));
    auto record = make_participant_record(p, by);
    if (!record) return record.status().with_context("genesis participant");
    std::string id = (*record)["id"];
    if (!pids.insert(id).second) return Status::invalid("genesis: participant \"" + id + "\" listed twice");
    std::string role = (*record)["role"];
    if (role == "bank" && by != "genesis") return Status::invalid("genesis: bank \"" + id + "\" must be onboarded_by genesis");
    if (role != "bank" && !pids.count(by))
      return Status::invalid("genesis: \"" + id + "\" is onboarded by \"" + by + "\", which is not listed before it");
  }
  g.hash = sha256(canonical_json(j));
  return g;
}

Result<Genesis> load_genesis(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::io_error("cannot read genesis file " + path);
  std::stringstream buf;
  buf << in.rdbuf();
  auto j = parse_strict_json(buf.str());
  if (!j) return j.status().with_context(path);
  auto g = parse_genesis(*j);
  if (!g) return g.status().with_context(path);
  return g;
}

WriteSet genesis_writes(const Genesis& g) {
  std::map<std::string, std::optional<std::string>> writes;
  for (const auto& p : g.participants) {
    Json record = make_participant_record(p, p["onboarded_by"].get<std::string>()).value();
    writes[keys::participant(record["id"])] = canonical_json(record);
  }
  return WriteSet(writes.begin(), writes.end());
}

Hash genesis_state_root(const Genesis& g) {
  return next_state_root(Hash{}, hash_write_set(genesis_writes(g)), sha256(""));
}

}  // namespace tfl
