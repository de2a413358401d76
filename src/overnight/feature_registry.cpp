#include "overnight/feature_registry.h"

#include <set>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "common/atomic_file.h"

namespace nightdesk::overnight {
namespace {

using json = nlohmann::json;

constexpr std::string_view kFields[] = {"id", "category", "description", "priority", "steps", "verification", "passes"};

bool valid_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-')) return false;
  }
  return true;
}

std::string shown(const json& value) {
  std::string text = value.dump(-1, ' ', false, json::error_handler_t::replace);
  return text.size() > 60 ? text.substr(0, 57) + "..." : text;
}

// Reads one text field; adds a problem when it is missing, not a string or empty.
std::string text_field(const json& object, std::string_view name, const std::string& where,
                       std::vector<std::string>& problems) {
  auto it = object.find(name);
  if (it == object.end()) {
    problems.push_back(fmt::format("{}.{}: missing", where, name));
    return {};
  }
  if (!it->is_string() || it->get<std::string>().empty()) {
    problems.push_back(fmt::format("{}.{}: expected non-empty text, got {}", where, name, shown(*it)));
    return {};
  }
  return it->get<std::string>();
}

Feature parse_feature(const json& object, std::size_t index, std::vector<std::string>& problems) {
  const std::string where = fmt::format("features[{}]", index);
  Feature f;
  if (!object.is_object()) {
    problems.push_back(fmt::format("{}: expected an object, got {}", where, shown(object)));
    return f;
  }
  for (const auto& [key, value] : object.items()) {
    if (std::find(std::begin(kFields), std::end(kFields), key) == std::end(kFields)) {
      problems.push_back(fmt::format("{}.{}: unknown field (allowed: id, category, description, priority, steps, "
                                     "verification, passes)", where, key));
    }
  }
  f.id = text_field(object, "id", where, problems);
  if (!f.id.empty() && !valid_id(f.id)) {
    problems.push_back(fmt::format("{}.id: \"{}\" must be 1-64 letters, digits, '.', '_' or '-'", where, f.id));
  }
  f.category = text_field(object, "category", where, problems);
  f.description = text_field(object, "description", where, problems);
  f.verification = text_field(object, "verification", where, problems);
  if (auto it = object.find("priority"); it == object.end()) {
    problems.push_back(where + ".priority: missing");
  } else {
    const std::string p = it->is_string() ? it->get<std::string>() : "";
    if (p == "P0" || p == "P1" || p == "P2" || p == "P3") {
      f.priority = static_cast<TaskPriority>(p[1] - '0');
    } else {
      problems.push_back(fmt::format("{}.priority: expected one of P0, P1, P2, P3, got {}", where, shown(*it)));
    }
  }
  if (auto it = object.find("steps"); it == object.end()) {
    problems.push_back(where + ".steps: missing");
  } else if (!it->is_array() || it->empty()) {
    problems.push_back(fmt::format("{}.steps: expected a non-empty array of text, got {}", where, shown(*it)));
  } else {
    for (std::size_t s = 0; s < it->size(); ++s) {
      const json& step = (*it)[s];
      if (!step.is_string() || step.get<std::string>().empty()) {
        problems.push_back(fmt::format("{}.steps[{}]: expected non-empty text, got {}", where, s, shown(step)));
      } else {
        f.steps.push_back(step.get<std::string>());
      }
    }
  }
  if (auto it = object.find("passes"); it == object.end()) {
    problems.push_back(where + ".passes: missing");
  } else if (!it->is_boolean()) {
    problems.push_back(fmt::format("{}.passes: expected true or false, got {}", where, shown(*it)));
  } else {
    f.passes = it->get<bool>();
  }
  return f;
}

}  // namespace

bool Feature::same_frozen_fields(const Feature& o) const {
  return id == o.id && category == o.category && description == o.description && priority == o.priority &&
         steps == o.steps && verification == o.verification;
}

Result<std::vector<Feature>> parse_feature_registry(std::string_view text) {
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded()) return fail(ErrorCode::parse_error, "feature registry: not valid JSON");
  if (!doc.is_array()) return fail(ErrorCode::parse_error, "feature registry: expected a JSON array of features");
  if (doc.empty()) return fail(ErrorCode::parse_error, "feature registry: the array holds no features");
  if (doc.size() > kMaxFeatures) {
    return fail(ErrorCode::parse_error, fmt::format("feature registry: {} features (at most {})", doc.size(), kMaxFeatures));
  }
  std::vector<std::string> problems;
  std::vector<Feature> features;
  std::set<std::string> ids;
  for (std::size_t i = 0; i < doc.size(); ++i) {
    Feature f = parse_feature(doc[i], i, problems);
    if (!f.id.empty() && !ids.insert(f.id).second) {
      problems.push_back(fmt::format("features[{}].id: \"{}\" is used by an earlier feature", i, f.id));
    }
    features.push_back(std::move(f));
  }
  if (problems.empty()) return features;
  std::string message;
  for (const auto& p : problems) message += (message.empty() ? "" : "\n") + p;
  return fail(ErrorCode::parse_error, message, "features");
}

Result<std::vector<Feature>> read_feature_registry(const std::filesystem::path& path) {
  auto text = read_file(path);
  if (!text) return std::unexpected(text.error());
  auto parsed = parse_feature_registry(*text);
  if (!parsed) return fail(parsed.error().code, path.string() + ": " + parsed.error().message, "features");
  return parsed;
}

std::string encode_feature_registry(const std::vector<Feature>& features) {
  using ordered = nlohmann::ordered_json;  // fields in schema order, for people reading the file
  ordered doc = ordered::array();
  for (const auto& f : features) {
    ordered o = ordered::object();
    o["id"] = f.id;
    o["category"] = f.category;
    o["description"] = f.description;
    o["priority"] = std::string(to_string(f.priority));
    o["steps"] = f.steps;
    o["verification"] = f.verification;
    o["passes"] = f.passes;
    doc.push_back(std::move(o));
  }
  return doc.dump(2, ' ', false, ordered::error_handler_t::replace) + "\n";
}

const Feature* next_feature(const std::vector<Feature>& features) {
  const Feature* best = nullptr;
  for (const auto& f : features) {
    if (!f.passes && (best == nullptr || f.priority < best->priority)) best = &f;
  }
  return best;
}

bool feature_required(const Feature& f, const DoneRule& rule) {
  switch (f.priority) {
    case TaskPriority::p0: return rule.require_p0;
    case TaskPriority::p1: return rule.require_p1;
    case TaskPriority::p2: return rule.require_p2;
    case TaskPriority::p3: return false;
  }
  return false;
}

}  // namespace nightdesk::overnight
