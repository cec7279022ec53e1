// Writes the seed corpus of every fuzz target: real encodings made by the real
// encoders on the fixture's chain (fuzz_chain.h) — the trade scenario's txs, blocks 1
// and 2 with their certificates, tx proofs, votes and proposals, HTTP requests for
// every route — plus hand-written edge cases. Deterministic: re-running it rewrites
// the same files.
//
// Usage: fuzz_make_corpus DIR   (normally fuzz/corpus; writes DIR/<target>/seed-*)
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "chain/block/tx_proof.h"
#include "fuzz/fuzz_chain.h"
#include "node/consensus_wire.h"

using namespace tfl;
namespace fs = std::filesystem;

namespace {

class CorpusWriter {
 public:
  explicit CorpusWriter(fs::path root) : root_(std::move(root)) {}
  void put(const std::string& target, const std::string& name, const std::string& bytes) {
    fs::create_directories(root_ / target);
    std::ofstream(root_ / target / ("seed-" + name), std::ios::binary) << bytes;
    ++count_;
  }
  size_t count() const { return count_; }

 private:
  fs::path root_;
  size_t count_ = 0;
};

Commit sign_commit(const fuzz::FuzzChain& chain, const BlockHeader& header, int32_t round, int signers) {
  Commit c;
  c.height = header.height;
  c.round = round;
  c.block_hash = header.hash();
  const std::string msg = vote_sign_bytes(chain.genesis.chain_id, "precommit", c.height, round, c.block_hash.hex());
  for (int i = 1; i <= signers; ++i) {
    std::string id = "node" + std::to_string(i);
    c.signatures.push_back(CommitSignature{id, sign(fuzz::FuzzChain::key(id).secret_key, msg)});
  }
  return c;
}

consensus::Vote signed_vote(const fuzz::FuzzChain& chain, consensus::VoteType type, int64_t height, int32_t round,
                            const std::string& block_hash, const std::string& validator) {
  consensus::Vote v;
  v.type = type;
  v.height = height;
  v.round = round;
  v.block_id = block_hash;
  v.validator = validator;
  v.signature = sign(fuzz::FuzzChain::key(validator).secret_key, vote_sign_bytes(chain.genesis.chain_id, v));
  return v;
}

// Block 2: the whole scenario, certified block 1, and node4's double precommit at height 1.
Block make_block2(const fuzz::FuzzChain& chain, const Commit& commit1, bool with_evidence) {
  Block b;
  b.txs = fuzz::trade_scenario();
  b.last_commit = commit1;
  if (with_evidence) {
    const Hash other = sha256("another block 1");
    auto part = [&](const std::string& hash) {
      return SignedVotePart{hash, sign(fuzz::FuzzChain::key("node4").secret_key,
                                       vote_sign_bytes(chain.genesis.chain_id, "precommit", 1, 0, hash))};
    };
    b.evidence.push_back(DuplicateVote::make("node4", "precommit", 1, 0, part(commit1.block_hash.hex()), part(other.hex())));
  }
  BlockHeader& h = b.header;
  h = chain.block1.header;
  h.height = 2;
  h.time_ms = chain.block1.header.time_ms + 1000;
  h.prev_hash = chain.block1.hash();
  h.tx_root = tx_root(b.txs);
  h.last_commit_hash = commit1.hash();
  h.evidence_hash = evidence_hash(b.evidence);
  h.proposer = chain.validators.proposer(2, 0);
  return b;
}

std::string http(const std::string& method, const std::string& target, const std::string& body = "",
                 const std::string& headers = "") {
  std::string r = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers;
  if (!body.empty()) r += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  return r + "\r\n" + body;
}

void json_seeds(CorpusWriter& w, const fuzz::FuzzChain& chain, const std::vector<TxPtr>& txs) {
  const std::string t = "canonical_json";
  w.put(t, "genesis", chain.genesis.raw.dump(1));
  w.put(t, "tx-canonical", txs[0]->canonical);
  w.put(t, "scalars", R"([null,true,false,0,-1,9007199254740991,-9007199254740991,"",{}])");
  w.put(t, "too-big-int", "9007199254740992");
  w.put(t, "float", R"({"amount":1.5})");
  w.put(t, "exponent", "1e3");
  w.put(t, "negative-zero", "-0");
  w.put(t, "duplicate-key", R"({"a":1,"a":2})");
  w.put(t, "non-ascii-key", "{\"\xc3\xa9\":1}");
  w.put(t, "escapes", R"(["\u0000\b\t\n\f\r\"\\\/","\ud83d\ude00","\u00e9"])");
  w.put(t, "lone-surrogate", R"(["\ud800"])");
  w.put(t, "bad-utf8", "[\"\xc0\xaf\",\"\xed\xa0\x80\",\"\xf4\x90\x80\x80\"]");
  w.put(t, "utf8", "[\"\xe2\x82\xac\xf0\x9f\x98\x80\"]");
  w.put(t, "depth-64", std::string(63, '[') + std::string(63, ']'));
  w.put(t, "depth-65", std::string(65, '[') + std::string(65, ']'));
  w.put(t, "whitespace", " { \"b\" : [ 1 , 2 ] ,\n\t\"a\" : null } ");
  w.put(t, "trailing", R"({"a":1} x)");
  w.put(t, "bom", "\xef\xbb\xbf{}");
}

void tx_seeds(CorpusWriter& w, const std::vector<TxPtr>& txs) {
  const std::string t = "tx_decode";
  // Each prefix of the scenario: mutating its last tx explores that step's handler.
  Json prefix = Json::array();
  for (size_t i = 0; i < txs.size(); ++i) {
    prefix.push_back(txs[i]->to_json());
    w.put(t, "scenario-" + std::to_string(i) + "-" + txs[i]->type, prefix.dump());
  }
  w.put(t, "tx", txs[0]->to_json().dump());
  Json bad_sig = txs[0]->to_json();
  bad_sig["signatures"][0]["sig"] = std::string(128, '0');
  w.put(t, "bad-signature", bad_sig.dump());
  Json no_sigs = txs[0]->to_json();
  no_sigs["signatures"] = Json::array();
  w.put(t, "no-signatures", no_sigs.dump());
}

void chain_seeds(CorpusWriter& w, const fuzz::FuzzChain& chain, const std::vector<TxPtr>& txs) {
  const Commit commit1 = sign_commit(chain, chain.block1.header, 0, 3);
  const Block block2 = make_block2(chain, commit1, false);
  const Block block2e = make_block2(chain, commit1, true);
  const Commit commit2 = sign_commit(chain, block2.header, 1, 4);

  w.put("block_decode", "block1", chain.block1.to_json().dump());
  w.put("block_decode", "block2", block2.to_json().dump());
  w.put("block_decode", "block2-evidence", block2e.to_json().dump());

  w.put("commit_decode", "commit1-3of4", commit1.to_json().dump());
  w.put("commit_decode", "commit2-4of4", commit2.to_json().dump());
  w.put("commit_decode", "commit1-2of4", sign_commit(chain, chain.block1.header, 0, 2).to_json().dump());
  w.put("commit_decode", "proof-first", make_tx_proof(block2, 0, commit2).dump());
  w.put("commit_decode", "proof-last", make_tx_proof(block2, txs.size() - 1, commit2).dump());

  const std::string t = "consensus_message";
  const std::string h1 = chain.block1.hash().hex();
  w.put(t, "prevote", encode_vote(signed_vote(chain, consensus::VoteType::kPrevote, 1, 0, h1, "node2")).dump());
  w.put(t, "precommit", encode_vote(signed_vote(chain, consensus::VoteType::kPrecommit, 1, 0, h1, "node3")).dump());
  w.put(t, "nil-prevote", encode_vote(signed_vote(chain, consensus::VoteType::kPrevote, 2, 3, "", "node4")).dump());
  consensus::Proposal p;
  p.height = 2;
  p.round = 0;
  p.block_id = block2e.hash().hex();
  p.proposer = chain.validators.proposer(2, 0);
  p.signature = sign(fuzz::FuzzChain::key(p.proposer).secret_key, proposal_sign_bytes(chain.genesis.chain_id, p));
  w.put(t, "proposal", encode_proposal(p, &block2e).dump());
  w.put(t, "proposal-summary", encode_proposal(p, nullptr).dump());
  w.put(t, "proposal-compact", encode_proposal(p, &block2e, BlockForm::kCompact).dump());
}

void http_seeds(CorpusWriter& w, const fuzz::FuzzChain& chain, const std::vector<TxPtr>& txs) {
  const std::string t = "http_request";
  const std::string id0 = txs[0]->id.hex();
  const std::vector<std::pair<std::string, std::string>> gets = {
      {"status", "/api/v1/status"},
      {"metrics", "/metrics"},
      {"evidence", "/api/v1/evidence"},
      {"tx", "/api/v1/txs/" + id0},
      {"tx-wait", "/api/v1/txs/" + id0 + "/wait?timeout_ms=10"},
      {"tx-proof", "/api/v1/txs/" + txs.back()->id.hex() + "/proof"},
      {"tx-bad-id", "/api/v1/txs/xyz"},
      {"blocks", "/api/v1/blocks?limit=5"},
      {"blocks-from", "/api/v1/blocks?from=1&limit=2"},
      {"block-height", "/api/v1/blocks/1"},
      {"block-bad", "/api/v1/blocks/-1"},
      {"block-hash", "/api/v1/blocks/" + std::string(64, 'a')},
      {"participants", "/api/v1/participants?role=corporate&limit=2&after=corp1"},
      {"participant", "/api/v1/participants/corp1"},
      {"documents", "/api/v1/documents?party=corp1&limit=1"},
      {"document", "/api/v1/documents/INV-1"},
      {"financings", "/api/v1/financings?party=bank1"},
      {"financing", "/api/v1/financings/FIN-1"},
      {"fingerprints-f1", "/api/v1/fingerprints?seller=corp1&buyer=corp2&number=INV-1-001"},
      {"fingerprints-f2",
       "/api/v1/fingerprints?seller=corp1&buyer=corp2&currency=USD&amount=12500.00&issue_date=2026-02-25"},
      {"fingerprints-f3", "/api/v1/fingerprints?carrier=carrier1&bl_number=BL-001"},
      {"fingerprint", "/api/v1/fingerprints/" + std::string(64, '0')},
      {"lcs", "/api/v1/lcs?party=corp2"},
      {"lc", "/api/v1/lcs/LC-1"},
      {"presentation", "/api/v1/presentations/P-1"},
      {"p2p-consensus", "/p2p/v1/consensus?height=1&round=0"},
      {"p2p-blocks", "/p2p/v1/blocks?from=1&limit=3"},
      {"explorer", "/"},
      {"explorer-file", "/explorer/app.js"},
      {"no-route", "/api/v2/nothing"},
  };
  for (const auto& [name, target] : gets) w.put(t, "get-" + name, http("GET", target));

  w.put(t, "post-tx", http("POST", "/api/v1/txs", txs[0]->to_json().dump()));
  w.put(t, "post-tx-garbage", http("POST", "/api/v1/txs", "{\"chain_id\":1}"));
  Json batch = Json::array({txs[1]->to_json(), txs[2]->to_json(), Json::object()});
  w.put(t, "post-batch", http("POST", "/api/v1/txs/batch", batch.dump()));
  const std::string vote =
      encode_vote(signed_vote(chain, consensus::VoteType::kPrevote, 1000, 0, chain.block1.hash().hex(), "node1")).dump();
  w.put(t, "post-p2p-consensus", http("POST", "/p2p/v1/consensus", "{\"from\":\"node2\",\"items\":[" + vote + "]}"));
  w.put(t, "post-p2p-txs",
        http("POST", "/p2p/v1/txs", "{\"from\":\"node2\",\"items\":[" + txs[3]->to_json().dump() + "]}"));
  w.put(t, "post-chunked",
        "POST /api/v1/txs HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n"
        "3\r\n{\"a\r\n3\r\n\":1\r\n1\r\n}\r\n0\r\n\r\n");
  w.put(t, "post-too-large", http("POST", "/api/v1/txs", "", "Content-Length: 2000000\r\n"));
  w.put(t, "range", http("GET", "/api/v1/status", "", "Range: bytes=0-10\r\n"));
  w.put(t, "head", http("HEAD", "/api/v1/status"));
  w.put(t, "delete", http("DELETE", "/api/v1/txs"));
  w.put(t, "bad-request-line", "GARBAGE\r\n\r\n");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: fuzz_make_corpus DIR\n");
    return 2;
  }
  CorpusWriter w(argv[1]);
  const fuzz::FuzzChain& chain = fuzz::chain4();
  const std::vector<TxPtr> txs = fuzz::trade_scenario();
  json_seeds(w, chain, txs);
  tx_seeds(w, txs);
  chain_seeds(w, chain, txs);
  http_seeds(w, chain, txs);
  std::printf("wrote %zu seed inputs under %s\n", w.count(), argv[1]);
  return 0;
}
