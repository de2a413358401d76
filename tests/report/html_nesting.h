// A small checker for the report's HTML: every element closed in the right order (void elements and
// self-closing SVG tags excepted), no text outside <html>. Not a full HTML parser: enough for pages
// this project writes (no comments, no raw '<' in text, no scripts).
#pragma once

#include <algorithm>
#include <string>
#include <vector>

namespace nightdesk::report::testing {

// "" when the nesting is well formed; else what went wrong and where (byte offset).
inline std::string html_nesting_error(const std::string& html) {
  static const std::vector<std::string> kVoid{"meta", "br", "hr", "img", "input", "link", "col", "wbr"};
  std::vector<std::string> open;
  std::size_t i = 0;
  while ((i = html.find('<', i)) != std::string::npos) {
    std::size_t end = html.find('>', i);
    if (end == std::string::npos) return "unterminated tag at " + std::to_string(i);
    std::string tag = html.substr(i + 1, end - i - 1);
    i = end + 1;
    if (tag.starts_with("!")) continue;  // <!DOCTYPE html>
    const bool closing = tag.starts_with("/");
    const bool self_closing = tag.ends_with("/");
    std::size_t name_start = closing ? 1 : 0;
    std::size_t name_end = tag.find_first_of(" \t\n/", name_start);
    std::string name = tag.substr(name_start, name_end == std::string::npos ? std::string::npos : name_end - name_start);
    if (name.empty()) return "empty tag name at " + std::to_string(end);
    if (closing) {
      if (open.empty() || open.back() != name)
        return "</" + name + "> closes <" + (open.empty() ? std::string("nothing") : open.back()) + "> at " + std::to_string(end);
      open.pop_back();
    } else if (!self_closing && std::find(kVoid.begin(), kVoid.end(), name) == kVoid.end()) {
      open.push_back(name);
    }
  }
  if (!open.empty()) return "<" + open.back() + "> never closed";
  return "";
}

}  // namespace nightdesk::report::testing
