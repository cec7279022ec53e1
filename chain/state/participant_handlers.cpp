// participant.register and participant.update_keys (DESIGN §5).
#include "chain/codec/json_fields.h"
#include "chain/state/executor.h"
#include "chain/state/participant.h"
#include "chain/state/state_keys.h"

namespace tfl {
namespace {

// A bank onboards its own customers; KYC stays with the bank.
Status register_participant(TxContext& ctx) {
  const Json& p = ctx.payload();
  TFL_RETURN_IF_ERROR(check_fields(p, {"id", "name", "role", "keys", "threshold", "credit_limit"}, "payload"));
  Json sender = *load_participant(ctx.state, ctx.tx.sender);
  if (sender["role"] != "bank") return Status::conflict("only a bank onboards participants; \"" + ctx.tx.sender + "\" is a " + sender["role"].get<std::string>());
  TFL_ASSIGN_OR_RETURN(Json record, make_participant_record(p, ctx.tx.sender));
  if (record["role"] == "bank") return Status::conflict("banks are onboarded in genesis, not by another bank");
  std::string id = record["id"];
  if (ctx.state.get(keys::participant(id))) return Status::conflict("participant \"" + id + "\" already exists");
  store_participant(ctx.state, std::move(record));
  return Status::ok();
}

// Key rotation and threshold change by the participant itself (signed by its current keys).
Status update_keys(TxContext& ctx) {
  const Json& p = ctx.payload();
  TFL_RETURN_IF_ERROR(check_fields(p, {"keys", "threshold"}, "payload"));
  TFL_ASSIGN_OR_RETURN(Json key_list, get_array(p, "keys"));
  TFL_ASSIGN_OR_RETURN(int64_t threshold, get_int(p, "threshold", 1, kMaxSignatures));
  TFL_RETURN_IF_ERROR(check_key_set(key_list, threshold));
  Json record = *load_participant(ctx.state, ctx.tx.sender);
  record["keys"] = key_list;
  record["threshold"] = threshold;
  store_participant(ctx.state, std::move(record));
  return Status::ok();
}

}  // namespace

void add_participant_handlers(HandlerTable& table) {
  table["participant.register"] = register_participant;
  table["participant.update_keys"] = update_keys;
}

}  // namespace tfl
