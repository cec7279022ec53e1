#include "node/locked_block.h"

#include <filesystem>

#include "chain/codec/canonical_json.h"
#include "node/config.h"

namespace tfl {

Status save_locked_block(const std::string& path, const Block& block) {
  return write_file_atomic(path, block.canonical_text(), 0600);
}

Result<std::optional<Block>> load_locked_block(const std::string& path, const std::string& block_id) {
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

}  // namespace tfl
