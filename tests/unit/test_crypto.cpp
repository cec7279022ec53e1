// SHA-256, Ed25519 and RFC 6962 Merkle trees.
#include <algorithm>
#include <new>

#include <catch2/catch.hpp>

#include "chain/codec/hex.h"
#include "chain/crypto/ed25519.h"
#include "chain/crypto/merkle.h"
#include "chain/crypto/sha256.h"

using namespace tfl;

TEST_CASE("SHA-256 matches the FIPS 180-2 vectors") {
  CHECK(sha256("").hex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256("abc").hex() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(Sha256().update("a").update("bc").finish() == sha256("abc"));
}

TEST_CASE("Ed25519 signs and verifies; tampering fails") {
  KeyPair kp = KeyPair::from_seed("alice");
  std::string sig = sign(kp.secret_key, "hello");
  CHECK(verify(kp.public_key, "hello", sig));
  CHECK_FALSE(verify(kp.public_key, "hellO", sig));
  sig[0] ^= 1;
  CHECK_FALSE(verify(kp.public_key, "hello", sig));
  CHECK_FALSE(verify(KeyPair::from_seed("bob").public_key, "hello", sign(kp.secret_key, "hello")));
  CHECK_FALSE(verify(kp.public_key, "hello", "short"));
}

TEST_CASE("Ed25519 matches RFC 8032 test vector 1") {
  auto sk = SecretKey::from_hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
  REQUIRE(sk.is_ok());
  CHECK(sk->public_key().hex() == "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  CHECK(to_hex(sign(*sk, "")) ==
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
}

TEST_CASE("key hex round trips and refuses bad input") {
  KeyPair kp = KeyPair::generate();
  auto sk = SecretKey::from_hex(kp.secret_key.hex());
  REQUIRE(sk.is_ok());
  CHECK(sk->public_key() == kp.public_key);
  CHECK_FALSE(PublicKey::from_hex("abcd").is_ok());
  CHECK_FALSE(PublicKey::from_hex(std::string(64, 'G')).is_ok());
  std::string mismatched = kp.secret_key.hex().substr(0, 64) + KeyPair::generate().public_key.hex();
  CHECK_FALSE(SecretKey::from_hex(mismatched).is_ok());
}

namespace {
// True when every byte of the storage a SecretKey occupied is zero.
template <size_t N>
bool all_zero(const unsigned char (&storage)[N]) {
  return std::all_of(storage, storage + N, [](unsigned char b) { return b == 0; });
}
}  // namespace

// The storage is ours (placement new), so reading it after the destructor ran observes
// exactly what the destructor left behind; a plain memset there is a dead store the
// compiler may drop (-flifetime-dse), sodium_memzero is not.
TEST_CASE("a SecretKey wipes its bytes when destroyed, and so does each copy") {
  const KeyPair kp = KeyPair::generate();
  alignas(SecretKey) unsigned char storage[sizeof(SecretKey)];
  alignas(SecretKey) unsigned char copy_storage[sizeof(SecretKey)];
  auto* key = new (storage) SecretKey(kp.secret_key);
  auto* copy = new (copy_storage) SecretKey();
  *copy = *key;
  REQUIRE(std::equal(storage, storage + sizeof storage, kp.secret_key.data()));
  REQUIRE(std::equal(copy_storage, copy_storage + sizeof copy_storage, kp.secret_key.data()));
  key->~SecretKey();
  CHECK(all_zero(storage));
  CHECK(std::equal(copy_storage, copy_storage + sizeof copy_storage, kp.secret_key.data()));
  copy->~SecretKey();
  CHECK(all_zero(copy_storage));
}

namespace {
std::vector<Hash> leaves(size_t n) {
  std::vector<Hash> out;
  for (size_t i = 0; i < n; ++i) out.push_back(merkle_leaf_hash("leaf" + std::to_string(i)));
  return out;
}
}  // namespace

TEST_CASE("Merkle roots follow RFC 6962's structure") {
  auto l = leaves(7);
  CHECK(merkle_root({}) == sha256(""));
  CHECK(merkle_root({l[0]}) == l[0]);
  CHECK(merkle_root({l[0], l[1]}) == merkle_node_hash(l[0], l[1]));
  // n = 3: MTH = node(node(l0,l1), l2); the odd leaf is promoted, never duplicated.
  CHECK(merkle_root({l[0], l[1], l[2]}) == merkle_node_hash(merkle_node_hash(l[0], l[1]), l[2]));
  // n = 7: split at 4 then 2.
  Hash left = merkle_node_hash(merkle_node_hash(l[0], l[1]), merkle_node_hash(l[2], l[3]));
  Hash right = merkle_node_hash(merkle_node_hash(l[4], l[5]), l[6]);
  CHECK(merkle_root(l) == merkle_node_hash(left, right));
}

TEST_CASE("a duplicated last leaf changes the root (no CVE-2012-2459 ambiguity)") {
  auto l = leaves(3);
  CHECK(merkle_root(l) != merkle_root({l[0], l[1], l[2], l[2]}));
}

TEST_CASE("leaf and node hashes are domain-separated") {
  Hash a = merkle_leaf_hash("x"), b = merkle_leaf_hash("y");
  std::string concat = std::string(a.view()) + std::string(b.view());
  CHECK(merkle_leaf_hash(concat) != merkle_node_hash(a, b));
}

TEST_CASE("inclusion proofs verify for every leaf of trees of size 1..33") {
  for (size_t n = 1; n <= 33; ++n) {
    auto l = leaves(n);
    Hash root = merkle_root(l);
    for (size_t i = 0; i < n; ++i) {
      InclusionProof p = merkle_prove(l, i);
      INFO("n=" << n << " i=" << i);
      REQUIRE(merkle_verify(l[i], p, root));
      auto round_trip = InclusionProof::from_json(p.to_json());
      REQUIRE(round_trip.is_ok());
      CHECK(merkle_verify(l[i], *round_trip, root));
    }
  }
}

TEST_CASE("tampered proofs fail") {
  auto l = leaves(11);
  Hash root = merkle_root(l);
  InclusionProof p = merkle_prove(l, 5);
  REQUIRE(merkle_verify(l[5], p, root));
  CHECK_FALSE(merkle_verify(l[6], p, root));  // another leaf
  InclusionProof bad = p;
  bad.path[1].bytes[0] ^= 1;
  CHECK_FALSE(merkle_verify(l[5], bad, root));  // altered sibling
  bad = p;
  bad.leaf_index = 4;
  CHECK_FALSE(merkle_verify(l[5], bad, root));  // wrong position
  bad = p;
  bad.tree_size = 6;
  CHECK_FALSE(merkle_verify(l[5], bad, root));  // a size that changes the tree's shape
  bad = p;
  bad.path.pop_back();
  CHECK_FALSE(merkle_verify(l[5], bad, root));  // truncated
  bad = p;
  bad.path.push_back(l[0]);
  CHECK_FALSE(merkle_verify(l[5], bad, root));  // extended
  bad = p;
  bad.leaf_index = 11;
  CHECK_FALSE(merkle_verify(l[5], bad, root));  // index out of range
}
