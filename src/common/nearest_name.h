// Spelling suggestions: the known name closest to a mistyped one ("did you mean ...?").
// Pure function; callable from any thread.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace nightdesk {

// The candidate with the smallest edit distance to `word`, if that distance is small enough to be a
// plausible typo (at most 2 edits, or a third of the word's length for long words). Ties go to the
// earlier candidate. Returns nullopt when nothing is close or `word` is itself a candidate.
std::optional<std::string> nearest_name(std::string_view word, std::span<const std::string> candidates);

}  // namespace nightdesk
