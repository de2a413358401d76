// Config: the validated configuration a program loaded (defaults, then the YAML file, then environment
// overrides), read back through typed ConfigKey handles. Built by load_config (config_loader.h);
// immutable afterwards, so const methods may be called from any thread.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/config_schema.h"
#include "common/error.h"

namespace nightdesk {

// Where a value came from, for diagnostics ("why is max_runtime_hours 12?").
struct ConfigOrigin {
  enum class Kind { schema_default, file, environment };
  Kind kind = Kind::schema_default;
  std::string where;  // "overnight.yaml:7" or "OVERNIGHT_SESSION_MAX_RUNTIME_HOURS"; empty for a default

  // "default", "overnight.yaml:7" or "env OVERNIGHT_SESSION_MAX_RUNTIME_HOURS".
  std::string describe() const;
};

// One key's final value. `spec` points into the Config's own copy of the schema.
struct ConfigEntry {
  const ConfigKeySpec* spec = nullptr;
  ConfigValue value;
  ConfigOrigin origin;
};

class Config {
 public:
  // `entries` must hold one value of the declared type per key of `*schema` (load_config ensures it).
  Config(std::shared_ptr<const ConfigSchema> schema, std::vector<ConfigEntry> entries);

  // The value of `key`. A key from another schema is a programming error: it is reported on stderr and
  // the process aborts (a ConfigKey<T> from this config's schema always succeeds).
  template <ConfigValueType T>
  const T& get(const ConfigKey<T>& key) const {
    const ConfigEntry* entry = find(key.section(), key.name());
    const T* value = entry != nullptr ? std::get_if<T>(&entry->value) : nullptr;
    if (value == nullptr) abort_on_foreign_key(key.path());
    return *value;
  }

  // Access by name (for tools and the API): not_found for an undeclared key, invalid_argument when T
  // is not the key's type.
  template <ConfigValueType T>
  Result<T> lookup(std::string_view section, std::string_view name) const {
    const ConfigEntry* entry = find(section, name);
    if (entry == nullptr) return fail(ErrorCode::not_found, "no such configuration key", join_path(section, name));
    const T* value = std::get_if<T>(&entry->value);
    if (value == nullptr) return wrong_type(*entry);
    return *value;
  }

  // Where the key's value came from; not_found for an undeclared key.
  Result<ConfigOrigin> origin(std::string_view section, std::string_view name) const;

  // {"section": {"key": value, ...}, ...}: numbers and booleans as JSON numbers and booleans, durations
  // as text ("30s"), lists as arrays; a non-empty secret is "***" (an empty one stays "" so that "not
  // set" remains visible). For GET /config and start-up logs.
  nlohmann::json redacted() const;
  // {"section.key": "default" | "overnight.yaml:7" | "env OVERNIGHT_..."} for every key.
  nlohmann::json origins() const;

  const ConfigSchema& schema() const { return *schema_; }
  // Every key's value, in declaration order.
  const std::vector<ConfigEntry>& entries() const { return entries_; }

 private:
  const ConfigEntry* find(std::string_view section, std::string_view name) const;
  static std::string join_path(std::string_view section, std::string_view name);
  static std::unexpected<Error> wrong_type(const ConfigEntry& entry);
  [[noreturn]] static void abort_on_foreign_key(const std::string& path);

  std::shared_ptr<const ConfigSchema> schema_;
  std::vector<ConfigEntry> entries_;
};

}  // namespace nightdesk
