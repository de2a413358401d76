#include "common/config_schema.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/core.h>

#include "common/config_value.h"

namespace nightdesk {
namespace {

bool is_snake_case(std::string_view name) {
  if (name.empty() || !(name.front() >= 'a' && name.front() <= 'z')) return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

// Problems with one key's own declaration (names, default, range, choices).
void check_key(const ConfigKeySpec& spec, std::vector<std::string>& problems) {
  const std::string path = spec.path();
  if (!is_snake_case(spec.section)) problems.push_back(fmt::format("{}: section name is not lower_snake_case", path));
  if (!is_snake_case(spec.name)) problems.push_back(fmt::format("{}: key name is not lower_snake_case", path));
  if (spec.type == ConfigType::choice && spec.choices.empty()) {
    problems.push_back(fmt::format("{}: a choice needs at least one allowed value", path));
  }
  if (spec.min && spec.max && *spec.min > *spec.max) {
    problems.push_back(fmt::format("{}: min {} is above max {}", path, format_config_value(*spec.min),
                                   format_config_value(*spec.max)));
  }
  if (!spec.default_value) return;
  if (spec.type == ConfigType::choice) {
    const auto& value = std::get<std::string>(*spec.default_value);
    if (std::find(spec.choices.begin(), spec.choices.end(), value) == spec.choices.end()) {
      problems.push_back(fmt::format("{}: default \"{}\" is not {}", path, value, expected_form(spec)));
    }
  }
  if (auto in_range = check_config_range(spec, *spec.default_value); !in_range) {
    problems.push_back(fmt::format("{}: default {}", path, in_range.error().message));
  }
}

}  // namespace

std::string_view to_string(ConfigType type) {
  switch (type) {
    case ConfigType::boolean: return "boolean";
    case ConfigType::integer: return "integer";
    case ConfigType::number: return "number";
    case ConfigType::text: return "text";
    case ConfigType::choice: return "choice";
    case ConfigType::duration: return "duration";
    case ConfigType::text_list: return "text_list";
  }
  return "unknown";
}

ConfigKeySpec& ConfigSchema::add(std::string section, std::string name, ConfigType type, std::string description) {
  ConfigKeySpec& spec = keys_.emplace_back();
  spec.section = std::move(section);
  spec.name = std::move(name);
  spec.type = type;
  spec.description = std::move(description);
  return spec;
}

ConfigKeyBuilder<bool> ConfigSchema::boolean(std::string section, std::string name, std::string description) {
  return ConfigKeyBuilder<bool>(add(std::move(section), std::move(name), ConfigType::boolean, std::move(description)));
}

ConfigKeyBuilder<std::int64_t> ConfigSchema::integer(std::string section, std::string name, std::string description) {
  return ConfigKeyBuilder<std::int64_t>(
      add(std::move(section), std::move(name), ConfigType::integer, std::move(description)));
}

ConfigKeyBuilder<double> ConfigSchema::number(std::string section, std::string name, std::string description) {
  return ConfigKeyBuilder<double>(add(std::move(section), std::move(name), ConfigType::number, std::move(description)));
}

ConfigKeyBuilder<std::string> ConfigSchema::text(std::string section, std::string name, std::string description) {
  return ConfigKeyBuilder<std::string>(
      add(std::move(section), std::move(name), ConfigType::text, std::move(description)));
}

ConfigKeyBuilder<std::string> ConfigSchema::choice(std::string section, std::string name,
                                                   std::vector<std::string> allowed, std::string description) {
  ConfigKeySpec& spec = add(std::move(section), std::move(name), ConfigType::choice, std::move(description));
  spec.choices = std::move(allowed);
  return ConfigKeyBuilder<std::string>(spec);
}

ConfigKeyBuilder<ConfigDuration> ConfigSchema::duration(std::string section, std::string name,
                                                        std::string description) {
  return ConfigKeyBuilder<ConfigDuration>(
      add(std::move(section), std::move(name), ConfigType::duration, std::move(description)));
}

ConfigKeyBuilder<std::vector<std::string>> ConfigSchema::text_list(std::string section, std::string name,
                                                                   std::string description) {
  return ConfigKeyBuilder<std::vector<std::string>>(
      add(std::move(section), std::move(name), ConfigType::text_list, std::move(description)));
}

const ConfigKeySpec* ConfigSchema::find(std::string_view section, std::string_view name) const {
  for (const auto& spec : keys_) {
    if (spec.section == section && spec.name == name) return &spec;
  }
  return nullptr;
}

bool ConfigSchema::has_section(std::string_view section) const {
  return std::any_of(keys_.begin(), keys_.end(), [&](const ConfigKeySpec& s) { return s.section == section; });
}

std::vector<std::string> ConfigSchema::sections() const {
  std::vector<std::string> out;
  for (const auto& spec : keys_) {
    if (std::find(out.begin(), out.end(), spec.section) == out.end()) out.push_back(spec.section);
  }
  return out;
}

std::vector<std::string> ConfigSchema::key_names(std::string_view section) const {
  std::vector<std::string> out;
  for (const auto& spec : keys_) {
    if (spec.section == section) out.push_back(spec.name);
  }
  return out;
}

Status ConfigSchema::check(std::string_view env_prefix) const {
  std::vector<std::string> problems;
  std::set<std::string> path_seen;
  std::map<std::string, std::string> env_owner;  // env variable -> path of the key that uses it
  for (const auto& spec : keys_) {
    check_key(spec, problems);
    const std::string path = spec.path();
    if (!path_seen.insert(path).second) {
      problems.push_back(fmt::format("{}: declared twice", path));
      continue;
    }
    if (env_prefix.empty()) continue;  // no environment overrides, so no collisions
    auto [it, inserted] = env_owner.emplace(config_env_name(env_prefix, spec), path);
    if (!inserted) {
      problems.push_back(fmt::format("{}: environment variable {} is also the one of {}", path, it->first, it->second));
    }
  }
  if (problems.empty()) return ok();
  std::string message = "configuration schema is invalid:";
  for (const auto& p : problems) message += "\n  " + p;
  return fail(ErrorCode::internal, message);
}

std::string config_env_name(std::string_view prefix, const ConfigKeySpec& spec) {
  std::string name = prefix.empty() ? std::string() : upper(prefix) + "_";
  return name + upper(spec.section) + "_" + upper(spec.name);
}

}  // namespace nightdesk
