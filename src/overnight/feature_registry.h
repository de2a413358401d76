// FeatureRegistry: the two-phase protocol's list of features (spec B7), a JSON array the initializer session
// writes, with its validation and encoding. Plain values and pure functions; any thread may call them.
//
// Schema (documented in docs/OVERNIGHT.md): an array of 1..1000 objects, each exactly
// {"id", "category", "description", "priority" ("P0".."P3"), "steps" (non-empty array of text),
//  "verification" (a shell command run in the work tree), "passes" (boolean)}; ids are unique.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "overnight/progress_file.h"

namespace nightdesk::overnight {

struct Feature {
  std::string id;            // unique; letters, digits, '.', '_', '-'
  std::string category;      // free text, e.g. "functional", "ui"
  std::string description;
  TaskPriority priority = TaskPriority::p1;
  std::vector<std::string> steps;  // how a person verifies it by hand
  std::string verification;  // shell command; exit code 0 means the feature works
  bool passes = false;       // claimed by the agent; accepted only after the runner ran `verification`

  bool operator==(const Feature&) const = default;
  // Everything but `passes`: the fields frozen after the initializer.
  bool same_frozen_fields(const Feature& other) const;
};

inline constexpr std::size_t kMaxFeatures = 1000;

// parse_error listing every problem at once, each naming the feature index and field:
// "features[3].priority: expected one of P0, P1, P2, P3, got \"high\"".
Result<std::vector<Feature>> parse_feature_registry(std::string_view json_text);
// not_found when the file does not exist; otherwise as parse_feature_registry, messages prefixed by the path.
Result<std::vector<Feature>> read_feature_registry(const std::filesystem::path& path);

// Pretty JSON (two-space indent, one feature per object, fields in schema order), ending in a newline.
std::string encode_feature_registry(const std::vector<Feature>& features);

// The feature a coding session should take: the first one not passing, in registry order, among the highest
// priority that has one; nullptr when every feature passes.
const Feature* next_feature(const std::vector<Feature>& features);

// Whether a feature's priority is required by the enforcement rule (require_p0/p1/p2; P3 never).
bool feature_required(const Feature& feature, const DoneRule& rule);

}  // namespace nightdesk::overnight
