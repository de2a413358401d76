#include "overnight/registry_freeze.h"

#include <map>
#include <set>

#include <fmt/core.h>

namespace nightdesk::overnight {
namespace {

std::string changed_fields(const Feature& frozen, const Feature& now) {
  std::vector<std::string> names;
  if (frozen.category != now.category) names.push_back("category");
  if (frozen.description != now.description) names.push_back("description");
  if (frozen.priority != now.priority) names.push_back("priority");
  if (frozen.steps != now.steps) names.push_back("steps");
  if (frozen.verification != now.verification) names.push_back("verification");
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

}  // namespace

FreezeCheck freeze_check(const std::vector<Feature>& frozen, const Result<std::vector<Feature>>& current) {
  FreezeCheck out;
  out.registry = frozen;
  if (!current) {
    out.rejected.push_back("registry unreadable (restored from the frozen copy): " + current.error().message);
    return out;  // the accepted `passes` stay: an unreadable file claims nothing
  }
  std::map<std::string, const Feature*> by_id;
  for (const auto& f : *current) by_id[f.id] = &f;
  std::set<std::string> frozen_ids;
  for (std::size_t i = 0; i < frozen.size(); ++i) {
    Feature& kept = out.registry[i];
    frozen_ids.insert(kept.id);
    auto it = by_id.find(kept.id);
    if (it == by_id.end()) {
      out.rejected.push_back(kept.id + ": removed (restored)");
      continue;  // its accepted `passes` stays
    }
    const Feature& now = *it->second;
    if (!kept.same_frozen_fields(now)) {
      out.rejected.push_back(fmt::format("{}: {} changed (restored)", kept.id, changed_fields(kept, now)));
    }
    if (now.passes && !kept.passes) out.claimed_passing.push_back(kept.id);
    if (!now.passes && kept.passes) out.withdrawn.push_back(kept.id);
    kept.passes = now.passes;
  }
  for (const auto& f : *current) {
    if (!frozen_ids.contains(f.id)) out.rejected.push_back(f.id + ": added (removed; the registry is frozen)");
  }
  bool same_order = current->size() == frozen.size();
  for (std::size_t i = 0; same_order && i < frozen.size(); ++i) same_order = (*current)[i].id == frozen[i].id;
  if (!same_order && out.rejected.empty()) out.rejected.push_back("features reordered (frozen order restored)");
  return out;
}

}  // namespace nightdesk::overnight
