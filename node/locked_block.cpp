#include "node/locked_block.h"

#include <filesystem>

#include "chain/codec/canonical_json.h"
#include "node/config.h"

namespace tfl {

namespace {

std::string previous_path(const std::string& path) { return path + ".prev"; }

Result<std::optional<Block>> load_if(const std::string& path, const std::string& block_id) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return std::optional<Block>{};
  TFL_ASSIGN_OR_RETURN(std::string text, read_file(path));
  auto json = parse_strict_json(text);
  if (!json) return Status::corruption(path + ": " + json.status().message());
  auto block = Block::from_json(std::move(*json));
  if (!block) return Status::corruption(path + ": " + block.status().message());
  if (block->hash().hex() != block_id) return std::optional<Block>{};
  return std::optional<Block>{std::move(*block)};
}

}  // namespace

Status save_locked_block(const std::string& path, const Block& block) {
  std::error_code ec;
  std::filesystem::rename(path, previous_path(path), ec);  // none yet: nothing to keep
  return write_file_atomic(path, block.canonical_text(), 0600);
}

Result<std::optional<Block>> load_locked_block(const std::string& path, const std::string& block_id) {
  auto latest = load_if(path, block_id);
  if (latest && *latest) return latest;
  auto previous = load_if(previous_path(path), block_id);
  if (previous && *previous) return previous;
  return latest.is_ok() ? previous : latest;
}

}  // namespace tfl
