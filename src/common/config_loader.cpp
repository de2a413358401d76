#include "common/config_loader.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <vector>

#include <fmt/core.h>
#include <yaml-cpp/yaml.h>

#include "common/config_value.h"
#include "common/nearest_name.h"

namespace nightdesk {
namespace {

// One thing wrong with the configuration, already phrased for a person.
struct Problem {
  ErrorCode code;
  std::string key;   // "section.key", a section name, or empty
  std::string text;  // the whole line: "overnight.yaml:7: session.x: expected ..."
};

int line_of(const YAML::Node& node) { return node.Mark().is_null() ? 0 : node.Mark().line + 1; }

std::string describe_node_kind(const YAML::Node& node) {
  if (node.IsMap()) return "a map";
  if (node.IsSequence()) return "a list";
  if (node.IsNull()) return "nothing";
  return fmt::format("\"{}\"", node.Scalar());
}

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

// The text of line `line` (1-based), or "" when there is no such line.
std::string_view line_text(std::string_view text, int line) {
  for (int i = 1; i < line; ++i) {
    std::size_t nl = text.find('\n');
    if (nl == std::string_view::npos) return {};
    text.remove_prefix(nl + 1);
  }
  return text.substr(0, text.find('\n'));
}

// Checks one YAML document against the schema and collects values from the file, then from the
// environment, then from defaults. One instance per load.
class ConfigReader {
 public:
  ConfigReader(std::shared_ptr<const ConfigSchema> schema, std::string_view source, std::string_view env_prefix,
               const EnvLookup& env)
      : schema_(std::move(schema)),
        source_(source),
        env_prefix_(env_prefix),
        env_(env),
        slots_(schema_->keys().size()) {}

  void read_document(const YAML::Node& root);
  void apply_environment();
  void apply_defaults();
  void add_problem(ErrorCode code, std::string key, std::string text) {
    problems_.push_back(Problem{code, std::move(key), std::move(text)});
  }
  Result<Config> finish();

 private:
  struct Slot {
    ConfigValue value;
    ConfigOrigin origin;
  };

  std::string where(const YAML::Node& node) const {
    int line = line_of(node);
    return line > 0 ? fmt::format("{}:{}", source_, line) : source_;
  }
  std::optional<std::size_t> index_of(std::string_view section, std::string_view name) const;
  void read_section(const YAML::Node& name_node, const YAML::Node& body);
  void read_key(const std::string& section, const YAML::Node& name_node, const YAML::Node& value_node);
  Result<ConfigValue> read_value(const ConfigKeySpec& spec, const YAML::Node& node) const;
  Result<ConfigValue> read_list(const ConfigKeySpec& spec, const YAML::Node& node) const;
  Result<ConfigValue> read_text(const ConfigKeySpec& spec, const std::string& raw) const;

  std::shared_ptr<const ConfigSchema> schema_;
  std::string source_;
  std::string env_prefix_;
  const EnvLookup& env_;
  std::vector<std::optional<Slot>> slots_;  // by position in schema_->keys()
  std::vector<Problem> problems_;
};

std::optional<std::size_t> ConfigReader::index_of(std::string_view section, std::string_view name) const {
  const auto& keys = schema_->keys();
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (keys[i].section == section && keys[i].name == name) return i;
  }
  return std::nullopt;
}

void ConfigReader::read_document(const YAML::Node& root) {
  if (root.IsNull()) return;  // an empty file: defaults and environment only
  if (!root.IsMap()) {
    add_problem(
        ErrorCode::invalid_argument, "",
        fmt::format("{}: expected a map of sections at the top level, got {}", where(root), describe_node_kind(root)));
    return;
  }
  std::map<std::string, int> first_line;  // section -> line, to refuse a section written twice
  for (auto it = root.begin(); it != root.end(); ++it) {
    // A copy, not a reference: yaml-cpp's operator-> returns a temporary proxy. Nodes are handles.
    const YAML::Node name_node = it->first;
    if (!name_node.IsScalar()) {
      add_problem(ErrorCode::invalid_argument, "",
                  fmt::format("{}: expected a section name, got {}", where(name_node), describe_node_kind(name_node)));
      continue;
    }
    auto [seen, inserted] = first_line.emplace(name_node.Scalar(), line_of(name_node));
    if (!inserted) {
      add_problem(ErrorCode::invalid_argument, name_node.Scalar(),
                  fmt::format("{}: {}: duplicate section (first on line {})", where(name_node), name_node.Scalar(),
                              seen->second));
      continue;
    }
    read_section(name_node, it->second);
  }
}

void ConfigReader::read_section(const YAML::Node& name_node, const YAML::Node& body) {
  const std::string& section = name_node.Scalar();
  if (!schema_->has_section(section)) {
    auto sections = schema_->sections();
    auto suggestion = nearest_name(section, sections);
    std::string hint =
        suggestion ? fmt::format("did you mean {}?", *suggestion) : fmt::format("sections are: {}", join(sections));
    add_problem(ErrorCode::invalid_argument, section,
                fmt::format("{}: {}: unknown section ({})", where(name_node), section, hint));
    return;
  }
  if (body.IsNull()) return;  // "session:" with every key commented out
  if (!body.IsMap()) {
    add_problem(
        ErrorCode::invalid_argument, section,
        fmt::format("{}: {}: expected a map of keys, got {}", where(name_node), section, describe_node_kind(body)));
    return;
  }
  std::map<std::string, int> first_line;
  for (auto it = body.begin(); it != body.end(); ++it) {
    const YAML::Node key_node = it->first;
    if (!key_node.IsScalar()) {
      add_problem(
          ErrorCode::invalid_argument, section,
          fmt::format("{}: {}: expected a key name, got {}", where(key_node), section, describe_node_kind(key_node)));
      continue;
    }
    auto [seen, inserted] = first_line.emplace(key_node.Scalar(), line_of(key_node));
    if (!inserted) {
      add_problem(ErrorCode::invalid_argument, section + "." + key_node.Scalar(),
                  fmt::format("{}: {}.{}: duplicate key (first on line {})", where(key_node), section,
                              key_node.Scalar(), seen->second));
      continue;
    }
    read_key(section, key_node, it->second);
  }
}

void ConfigReader::read_key(const std::string& section, const YAML::Node& name_node, const YAML::Node& value_node) {
  const std::string& name = name_node.Scalar();
  const std::string path = section + "." + name;
  auto index = index_of(section, name);
  if (!index) {
    auto names = schema_->key_names(section);
    auto suggestion = nearest_name(name, names);
    std::string hint = suggestion ? fmt::format("did you mean {}?", *suggestion)
                                  : fmt::format("keys of {} are: {}", section, join(names));
    add_problem(ErrorCode::invalid_argument, path,
                fmt::format("{}: {}: unknown key ({})", where(name_node), path, hint));
    return;
  }
  const ConfigKeySpec& spec = schema_->keys()[*index];
  auto value = read_value(spec, value_node);
  if (!value) {
    add_problem(value.error().code, path, fmt::format("{}: {}: {}", where(name_node), path, value.error().message));
    return;
  }
  slots_[*index] = Slot{std::move(*value), ConfigOrigin{ConfigOrigin::Kind::file, where(name_node)}};
}

Result<ConfigValue> ConfigReader::read_value(const ConfigKeySpec& spec, const YAML::Node& node) const {
  if (node.IsSequence()) {
    if (spec.type == ConfigType::text_list) return read_list(spec, node);
    return fail(ErrorCode::invalid_argument, fmt::format("expected {}, got a list", expected_form(spec)));
  }
  if (node.IsMap()) {
    return fail(ErrorCode::invalid_argument, fmt::format("expected {}, got a map", expected_form(spec)));
  }
  if (node.IsNull()) {
    std::string_view hint = spec.type == ConfigType::text ? " (write \"\" for an empty string)" : "";
    return fail(ErrorCode::invalid_argument, fmt::format("expected {}, got nothing{}", expected_form(spec), hint));
  }
  if (spec.type == ConfigType::text_list) {
    // A comma string is the environment's list form; in YAML a list is written as one, so a lone
    // scalar is more likely a mistake than a one-item list.
    return fail(ErrorCode::invalid_argument,
                fmt::format("expected {} such as [a, b], got {}", expected_form(spec),
                            spec.secret ? "a secret value (not shown)" : describe_node_kind(node)));
  }
  return read_text(spec, node.Scalar());
}

Result<ConfigValue> ConfigReader::read_list(const ConfigKeySpec& spec, const YAML::Node& node) const {
  std::vector<std::string> items;
  for (std::size_t i = 0; i < node.size(); ++i) {
    const YAML::Node item = node[i];
    if (!item.IsScalar()) {
      return fail(ErrorCode::invalid_argument,
                  fmt::format("expected {}, got {} as item {}", expected_form(spec), describe_node_kind(item), i + 1));
    }
    auto expanded = expand_variables(item.Scalar(), env_);
    if (!expanded) return std::unexpected(std::move(expanded.error()));
    items.push_back(std::move(*expanded));
  }
  return ConfigValue(std::move(items));
}

Result<ConfigValue> ConfigReader::read_text(const ConfigKeySpec& spec, const std::string& raw) const {
  auto expanded = expand_variables(raw, env_);
  if (!expanded) return std::unexpected(std::move(expanded.error()));
  auto value = parse_config_value(spec, *expanded);
  if (!value && *expanded != raw && !spec.secret) {
    value.error().message += fmt::format(" (expanded from \"{}\")", raw);
  }
  return value;
}

void ConfigReader::apply_environment() {
  if (env_prefix_.empty()) return;
  const auto& keys = schema_->keys();
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const ConfigKeySpec& spec = keys[i];
    const std::string name = config_env_name(env_prefix_, spec);
    std::optional<std::string> raw = env_(name);
    if (!raw) continue;
    auto value = read_text(spec, *raw);
    if (!value) {
      add_problem(value.error().code, spec.path(),
                  fmt::format("env {}: {}: {}", name, spec.path(), value.error().message));
      continue;
    }
    slots_[i] = Slot{std::move(*value), ConfigOrigin{ConfigOrigin::Kind::environment, name}};
  }
}

void ConfigReader::apply_defaults() {
  const auto& keys = schema_->keys();
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (slots_[i]) continue;
    const ConfigKeySpec& spec = keys[i];
    if (spec.default_value) {
      slots_[i] = Slot{*spec.default_value, ConfigOrigin{}};
      continue;
    }
    std::string or_env = env_prefix_.empty() ? "" : " or env " + config_env_name(env_prefix_, spec);
    add_problem(ErrorCode::invalid_argument, spec.path(),
                fmt::format("{}: {}: required key is missing: set it in the file{} (expected {})", source_, spec.path(),
                            or_env, expected_form(spec)));
  }
}

Result<Config> ConfigReader::finish() {
  if (!problems_.empty()) {
    std::string message;
    for (const auto& p : problems_) message += (message.empty() ? "" : "\n") + p.text;
    return fail(problems_.front().code, std::move(message), problems_.front().key);
  }
  std::vector<ConfigEntry> entries;
  entries.reserve(slots_.size());
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    entries.push_back(ConfigEntry{&schema_->keys()[i], std::move(slots_[i]->value), std::move(slots_[i]->origin)});
  }
  return Config(schema_, std::move(entries));
}

// Whether a line carries YAML content: not blank, not a comment, not a directive or document marker.
bool is_content_line(std::string_view line) {
  if (line.empty() || line[0] == '#' || line[0] == '%' || line.starts_with("---") || line.starts_with("...")) return false;
  std::size_t first = line.find_first_not_of(" \t\r");
  return first != std::string_view::npos && line[first] != '#';
}

// The 1-based line of the first content line, or 0 when the text is only blanks and comments.
int first_content_line(std::string_view yaml) {
  int line_number = 0;
  std::size_t start = 0;
  while (start <= yaml.size()) {
    std::size_t end = yaml.find('\n', start);
    ++line_number;
    if (is_content_line(yaml.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start)))
      return line_number;
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return 0;
}

// The 1-based line where a second document starts (its first content line after a "---" marker, else the
// marker itself), or 0 when there is one document. Markers sit at column 0; the first may open the only one.
int second_document_line(std::string_view yaml) {
  bool seen_content = false;
  int second_marker = 0;
  int line_number = 0;
  std::size_t start = 0;
  while (start <= yaml.size()) {
    std::size_t end = yaml.find('\n', start);
    std::string_view line = yaml.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    ++line_number;
    bool marker = line.starts_with("---") && (line.size() == 3 || line[3] == ' ' || line[3] == '\t' || line[3] == '\r');
    bool content = is_content_line(line);
    if (marker && seen_content && second_marker == 0) second_marker = line_number;
    if (marker) seen_content = true;  // the first document's own marker counts as its start
    if (content && second_marker > 0) return line_number;
    if (content) seen_content = true;
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return second_marker;
}

// yaml-cpp's words, placed at the line it points to, with a hint for the most common cause.
std::string syntax_error_text(std::string_view source, std::string_view yaml, const YAML::Exception& e) {
  if (e.mark.is_null()) return fmt::format("{}: YAML syntax error: {}", source, e.msg);
  int line = e.mark.line + 1;
  std::string_view hint = line_text(yaml, line).find('\t') != std::string_view::npos
                              ? " (this line contains a tab; YAML indents with spaces only)"
                              : "";
  return fmt::format("{}:{}: YAML syntax error: {} at column {}{}", source, line, e.msg, e.mark.column + 1, hint);
}

Result<std::string> read_file(const std::filesystem::path& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return fail(ErrorCode::io_error, fmt::format("cannot read config file {}: it is a directory", path.string()));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return fail(ErrorCode::io_error,
                fmt::format("cannot read config file {}: {}", path.string(), std::strerror(errno)));
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    return fail(ErrorCode::io_error,
                fmt::format("cannot read config file {}: {}", path.string(), std::strerror(errno)));
  }
  return std::move(text).str();
}

}  // namespace

Result<Config> load_config_text(const ConfigSchema& schema, std::string_view yaml, std::string_view source_name,
                                std::string_view env_prefix, const EnvLookup& env) {
  if (auto valid = schema.check(env_prefix); !valid) return std::unexpected(valid.error());
  ConfigReader reader(std::make_shared<const ConfigSchema>(schema), source_name, env_prefix, env);
  try {
    // yaml-cpp 0.7's LoadAll never returns on some malformed input (",{" — found by the fuzzer), so the
    // loader reads one document with Load and finds a second document's marker itself.
    if (int second = second_document_line(yaml); second > 0) {
      reader.add_problem(ErrorCode::parse_error, "",
                         fmt::format("{}:{}: a second YAML document; a config file holds exactly one", source_name,
                                     second));
    }
    YAML::Node document = YAML::Load(std::string(yaml));
    if (document.IsDefined() && !document.IsNull()) {
      reader.read_document(document);
    } else if (int line = first_content_line(yaml); line > 0) {
      // yaml-cpp reads some malformed text (",{") as an empty document; text that is there must mean something.
      reader.add_problem(ErrorCode::parse_error, "",
                         fmt::format("{}:{}: YAML syntax error: expected a map of sections, found text that is "
                                     "not YAML", source_name, line));
    }
  } catch (const YAML::Exception& e) {
    return fail(ErrorCode::parse_error, syntax_error_text(source_name, yaml, e));
  }
  reader.apply_environment();
  reader.apply_defaults();
  return reader.finish();
}

Result<Config> load_config(const ConfigSchema& schema, const std::filesystem::path& path, std::string_view env_prefix,
                           const EnvLookup& env) {
  auto text = read_file(path);
  if (!text) return std::unexpected(std::move(text.error()));
  return load_config_text(schema, *text, path.string(), env_prefix, env);
}

Result<Config> load_config(const ConfigSchema& schema, const std::filesystem::path& path, std::string_view env_prefix) {
  return load_config(schema, path, env_prefix, process_environment());
}

}  // namespace nightdesk
