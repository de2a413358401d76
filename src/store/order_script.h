// OrderScript: timed orders for a replay run (`nightdesk run --orders FILE`) and the kill -9 tests: one
// JSON object per line, {"at": "2025-01-02T15:00:00Z", "style": "smart"|"direct", "request": {...}}, the
// request spelled as the journal spells it (payload_fields.h). Blank lines and lines starting with '#'
// are skipped. Pure parsing; any thread.
#pragma once

#include <filesystem>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "common/time.h"
#include "engine/order_manager.h"

namespace nightdesk::store {

struct ScriptedOrder {
  Timestamp at{};
  engine::ParentOrderRequest order;
};

// Orders in file order. Errors name the line: parse_error for bad JSON or a bad field, io_error.
Result<std::vector<ScriptedOrder>> parse_order_script(std::string_view text, std::string_view name);
Result<std::vector<ScriptedOrder>> read_order_script(const std::filesystem::path& path);

}  // namespace nightdesk::store
