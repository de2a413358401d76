#include "store/order_script.h"

#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "store/payload_fields.h"

namespace nightdesk::store {
namespace {

ScriptedOrder read_line(const payload::Json& o) {
  ScriptedOrder s;
  auto at = parse_iso8601(payload::read_string(o, "at"));
  if (!at) throw payload::PayloadError("at", "at: " + at.error().message);
  s.at = *at;
  s.order.order = payload::read_order_request(o.at("request"));
  std::string style = o.contains("style") ? payload::read_string(o, "style") : "smart";
  if (style != "smart" && style != "direct") throw payload::PayloadError("style", "style: smart or direct, not '" + style + "'");
  s.order.style = style == "smart" ? engine::ExecutionStyle::smart : engine::ExecutionStyle::direct;
  return s;
}

}  // namespace

Result<std::vector<ScriptedOrder>> parse_order_script(std::string_view text, std::string_view name) {
  std::vector<ScriptedOrder> out;
  std::istringstream lines{std::string(text)};
  std::string line;
  for (int number = 1; std::getline(lines, line); ++number) {
    if (line.find_first_not_of(" \t\r") == std::string::npos || line.front() == '#') continue;
    auto where = [&](std::string_view field, std::string_view message) {
      return fail(ErrorCode::parse_error, fmt::format("{}:{}: {}", name, number, message), std::string(field));
    };
    auto json = payload::Json::parse(line, nullptr, false);
    if (json.is_discarded() || !json.is_object()) return where("line", "not a JSON object");
    try {
      out.push_back(read_line(json));
    } catch (const payload::PayloadError& e) {
      return where(e.field, e.what());
    } catch (const nlohmann::json::exception& e) {
      return where("line", e.what());
    }
  }
  return out;
}

Result<std::vector<ScriptedOrder>> read_order_script(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) return fail(ErrorCode::io_error, "cannot read order script " + path.string(), "orders");
  std::stringstream text;
  text << in.rdbuf();
  return parse_order_script(text.str(), path.string());
}

}  // namespace nightdesk::store
