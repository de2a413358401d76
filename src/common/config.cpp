#include "common/config.h"

#include <cstdio>
#include <cstdlib>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "common/config_value.h"

namespace nightdesk {
namespace {

constexpr const char* kRedacted = "***";

nlohmann::json to_json(const ConfigEntry& entry) {
  struct ToJson {
    nlohmann::json operator()(bool b) const { return b; }
    nlohmann::json operator()(std::int64_t i) const { return i; }
    nlohmann::json operator()(double x) const { return x; }
    nlohmann::json operator()(const std::string& s) const { return s; }
    nlohmann::json operator()(ConfigDuration d) const { return format_duration(d); }
    nlohmann::json operator()(const std::vector<std::string>& items) const { return items; }
  };
  if (entry.spec->secret) {
    bool empty_text = std::holds_alternative<std::string>(entry.value) && std::get<std::string>(entry.value).empty();
    return empty_text ? nlohmann::json("") : nlohmann::json(kRedacted);
  }
  return std::visit(ToJson{}, entry.value);
}

}  // namespace

std::string ConfigOrigin::describe() const {
  switch (kind) {
    case Kind::schema_default: return "default";
    case Kind::file: return where;
    case Kind::environment: return "env " + where;
  }
  return where;
}

Config::Config(std::shared_ptr<const ConfigSchema> schema, std::vector<ConfigEntry> entries)
    : schema_(std::move(schema)), entries_(std::move(entries)) {}

const ConfigEntry* Config::find(std::string_view section, std::string_view name) const {
  for (const auto& entry : entries_) {
    if (entry.spec->section == section && entry.spec->name == name) return &entry;
  }
  return nullptr;
}

std::string Config::join_path(std::string_view section, std::string_view name) {
  return fmt::format("{}.{}", section, name);
}

std::unexpected<Error> Config::wrong_type(const ConfigEntry& entry) {
  return fail(ErrorCode::invalid_argument,
              fmt::format("the key's type is {}, not the type asked for", to_string(entry.spec->type)),
              entry.spec->path());
}

void Config::abort_on_foreign_key(const std::string& path) {
  std::fprintf(stderr, "fatal: configuration key %s is not in this configuration's schema (a bug)\n", path.c_str());
  std::abort();
}

Result<ConfigOrigin> Config::origin(std::string_view section, std::string_view name) const {
  const ConfigEntry* entry = find(section, name);
  if (entry == nullptr) return fail(ErrorCode::not_found, "no such configuration key", join_path(section, name));
  return entry->origin;
}

nlohmann::json Config::redacted() const {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& entry : entries_) out[entry.spec->section][entry.spec->name] = to_json(entry);
  return out;
}

nlohmann::json Config::origins() const {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& entry : entries_) out[entry.spec->path()] = entry.origin.describe();
  return out;
}

}  // namespace nightdesk
