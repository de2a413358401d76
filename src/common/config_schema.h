// ConfigSchema: the configuration keys a program accepts (section.key, type, default, range, description,
// secret flag), declared in code; typed handles (ConfigKey<T>) read the loaded values back.
// Built by one thread at start-up; after that its const methods may be called from any thread.
#pragma once

#include <chrono>
#include <concepts>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "common/error.h"

namespace nightdesk {

// A length of time in configuration, millisecond resolution: "250ms", "30s", "5m", "2h", "1d", "1h30m".
using ConfigDuration = std::chrono::milliseconds;

enum class ConfigType {
  boolean,    // true / false (also True/TRUE/False/FALSE); never yes/no/on/off/1/0
  integer,    // std::int64_t, decimal digits with an optional "-"; "10.5" and "1e3" are not integers
  number,     // double; "10" is a valid number; inf and nan are not
  text,       // std::string; a YAML map or list is not a string
  choice,     // std::string restricted to declared spellings (matched ignoring case, stored as declared)
  duration,   // ConfigDuration; a bare number without a unit is refused
  text_list,  // std::vector<std::string>: a YAML list of scalars, or "a,b,c" from an environment variable
};

std::string_view to_string(ConfigType type);

// One configuration value; the alternative follows ConfigType (choice is held as std::string).
using ConfigValue =
    std::variant<bool, std::int64_t, double, std::string, ConfigDuration, std::vector<std::string>>;

template <class T>
concept ConfigValueType = std::same_as<T, bool> || std::same_as<T, std::int64_t> || std::same_as<T, double> ||
                          std::same_as<T, std::string> || std::same_as<T, ConfigDuration> ||
                          std::same_as<T, std::vector<std::string>>;

// Types with an order, so they may carry a [min, max] range.
template <class T>
concept RangedConfigValueType =
    std::same_as<T, std::int64_t> || std::same_as<T, double> || std::same_as<T, ConfigDuration>;

// Everything the schema knows about one key. `path()` is "section.name".
struct ConfigKeySpec {
  std::string section;
  std::string name;
  ConfigType type = ConfigType::text;
  std::string description;                   // one line, for docs and GET /config
  std::optional<ConfigValue> default_value;  // nullopt: the key is required
  std::optional<ConfigValue> min;            // inclusive bounds; integer, number and duration only
  std::optional<ConfigValue> max;
  std::vector<std::string> choices;  // the allowed spellings of a choice key
  bool secret = false;               // shown as "***" and never echoed in error messages

  std::string path() const { return section + "." + name; }
  bool required() const { return !default_value.has_value(); }
};

// A typed handle to one key, handed out by ConfigSchema so that T always matches the key's declared
// type: Config::get(key) cannot read an integer as a bool.
template <ConfigValueType T>
class ConfigKey {
 public:
  const std::string& section() const { return section_; }
  const std::string& name() const { return name_; }
  std::string path() const { return section_ + "." + name_; }

 private:
  template <ConfigValueType>
  friend class ConfigKeyBuilder;
  ConfigKey(std::string section, std::string name) : section_(std::move(section)), name_(std::move(name)) {}

  std::string section_;
  std::string name_;
};

// Refines a key just declared on a ConfigSchema; converts to its ConfigKey<T>. Use it within the
// declaring statement only: it points into the schema.
//   ConfigKey<std::int64_t> hours =
//       schema.integer("session", "max_runtime_hours", "hard stop").defaults_to(10).range(1, 168);
template <ConfigValueType T>
class ConfigKeyBuilder {
 public:
  // Without a default the key is required: loading fails when neither the file nor the env sets it.
  ConfigKeyBuilder& defaults_to(T value) {
    spec_->default_value.emplace(std::move(value));
    return *this;
  }
  // Inclusive bounds.
  ConfigKeyBuilder& range(T lo, T hi)
    requires RangedConfigValueType<T>
  {
    spec_->min.emplace(lo);
    spec_->max.emplace(hi);
    return *this;
  }
  ConfigKeyBuilder& at_least(T lo)
    requires RangedConfigValueType<T>
  {
    spec_->min.emplace(lo);
    return *this;
  }
  ConfigKeyBuilder& at_most(T hi)
    requires RangedConfigValueType<T>
  {
    spec_->max.emplace(hi);
    return *this;
  }
  // The value is redacted when the configuration is shown and never quoted in an error.
  ConfigKeyBuilder& secret() {
    spec_->secret = true;
    return *this;
  }

  ConfigKey<T> key() const { return ConfigKey<T>(spec_->section, spec_->name); }
  // Implicit so that a declaration reads as one statement: ConfigKey<T> k = schema.integer(...)...;
  operator ConfigKey<T>() const { return key(); }

 private:
  friend class ConfigSchema;
  explicit ConfigKeyBuilder(ConfigKeySpec& spec) : spec_(&spec) {}

  ConfigKeySpec* spec_;
};

// The keys of one program, grouped in sections ("session.max_runtime_hours"). Section and key names are
// lower_snake_case so that each maps to exactly one YAML key and one environment variable.
class ConfigSchema {
 public:
  ConfigKeyBuilder<bool> boolean(std::string section, std::string name, std::string description);
  ConfigKeyBuilder<std::int64_t> integer(std::string section, std::string name, std::string description);
  ConfigKeyBuilder<double> number(std::string section, std::string name, std::string description);
  ConfigKeyBuilder<std::string> text(std::string section, std::string name, std::string description);
  ConfigKeyBuilder<std::string> choice(std::string section, std::string name, std::vector<std::string> allowed,
                                       std::string description);
  ConfigKeyBuilder<ConfigDuration> duration(std::string section, std::string name, std::string description);
  ConfigKeyBuilder<std::vector<std::string>> text_list(std::string section, std::string name,
                                                       std::string description);

  // Every key, in declaration order.
  const std::deque<ConfigKeySpec>& keys() const { return keys_; }
  // The key's spec, or nullptr when it was not declared.
  const ConfigKeySpec* find(std::string_view section, std::string_view name) const;
  bool has_section(std::string_view section) const;
  // Section names in declaration order, each once.
  std::vector<std::string> sections() const;
  // Key names of one section, in declaration order.
  std::vector<std::string> key_names(std::string_view section) const;

  // Mistakes in the declaration itself, all listed in one internal error: a name that is not
  // lower_snake_case, a key declared twice, two keys with the same environment variable under
  // `env_prefix`, a default outside its range or choices, min > max, a choice without choices.
  Status check(std::string_view env_prefix) const;

 private:
  ConfigKeySpec& add(std::string section, std::string name, ConfigType type, std::string description);

  std::deque<ConfigKeySpec> keys_;  // a deque so that builders' pointers survive later declarations
};

// The environment variable that overrides `spec`: "<PREFIX>_<SECTION>_<NAME>" in upper case, e.g.
// OVERNIGHT_SESSION_MAX_RUNTIME_HOURS. An empty prefix gives "<SECTION>_<NAME>".
std::string config_env_name(std::string_view prefix, const ConfigKeySpec& spec);

}  // namespace nightdesk
