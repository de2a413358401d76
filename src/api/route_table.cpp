#include "api/route_table.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>

namespace nightdesk::api {

struct RouteTable::Node {
  std::map<std::string, std::unique_ptr<Node>, std::less<>> literals;
  std::unique_ptr<Node> param;  // any single segment
  struct Handler {
    std::string method;
    std::size_t route;
    std::vector<std::string> param_names;  // in path order
  };
  std::vector<Handler> handlers;  // at this node's depth, the end of the path
};

namespace {

std::vector<std::string_view> split(std::string_view path) {
  std::vector<std::string_view> out;
  if (path == "/") return out;  // the root: no segments
  path.remove_prefix(1);        // the leading '/'
  while (true) {
    const auto slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

bool is_param(std::string_view segment) { return segment.size() >= 2 && segment.front() == '{' && segment.back() == '}'; }

bool valid_param_name(std::string_view name) {
  if (name.empty()) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The handler for `method` at `node`, or the node's methods when it has handlers but not that one.
const RouteTable::Node::Handler* find_handler(const RouteTable::Node& node, std::string_view method) {
  for (const auto& h : node.handlers)
    if (h.method == method) return &h;
  if (method == "HEAD")
    for (const auto& h : node.handlers)
      if (h.method == "GET") return &h;
  return nullptr;
}

// Depth-first, literals before the parameter: the first node (in that order) with handlers at the path's
// end is the one the path names. `values` collects the parameter segments on the way.
const RouteTable::Node* walk(const RouteTable::Node& node, const std::vector<std::string_view>& segments, std::size_t i,
                             std::vector<std::string_view>& values) {
  if (i == segments.size()) return node.handlers.empty() ? nullptr : &node;
  if (auto it = node.literals.find(segments[i]); it != node.literals.end())
    if (const auto* found = walk(*it->second, segments, i + 1, values)) return found;
  if (node.param && !segments[i].empty()) {
    values.push_back(segments[i]);
    if (const auto* found = walk(*node.param, segments, i + 1, values)) return found;
    values.pop_back();
  }
  return nullptr;
}

}  // namespace

RouteTable::RouteTable() : root_(std::make_unique<Node>()) {}
RouteTable::~RouteTable() = default;
RouteTable::RouteTable(RouteTable&&) noexcept = default;
RouteTable& RouteTable::operator=(RouteTable&&) noexcept = default;

Status RouteTable::add(std::string_view method, std::string_view pattern, std::size_t route) {
  const std::string where = fmt::format("{} {}", method, pattern);
  if (pattern.empty() || pattern.front() != '/')
    return fail(ErrorCode::invalid_argument, where + ": a route starts with '/'", "path");
  if (method.empty() || !std::all_of(method.begin(), method.end(), [](char c) { return c >= 'A' && c <= 'Z'; }))
    return fail(ErrorCode::invalid_argument, where + ": a method is an upper-case word", "method");
  Node* node = root_.get();
  std::vector<std::string> names;
  for (std::string_view segment : split(pattern)) {
    if (segment.empty()) return fail(ErrorCode::invalid_argument, where + ": empty path segment", "path");
    if (is_param(segment)) {
      std::string name(segment.substr(1, segment.size() - 2));
      if (!valid_param_name(name) || std::find(names.begin(), names.end(), name) != names.end())
        return fail(ErrorCode::invalid_argument, where + ": bad or repeated parameter {" + name + "}", "path");
      names.push_back(std::move(name));
      if (!node->param) node->param = std::make_unique<Node>();
      node = node->param.get();
    } else {
      if (segment.find_first_of("{}") != std::string_view::npos)
        return fail(ErrorCode::invalid_argument, where + ": braces inside a segment", "path");
      auto& child = node->literals[std::string(segment)];
      if (!child) child = std::make_unique<Node>();
      node = child.get();
    }
  }
  for (const auto& h : node->handlers)
    if (h.method == method)
      return fail(ErrorCode::conflict, where + ": already registered as " + patterns_.at(h.route), "path");
  node->handlers.push_back({std::string(method), route, std::move(names)});
  if (patterns_.size() <= route) patterns_.resize(route + 1);
  patterns_[route] = std::string(pattern);
  return ok();
}

RouteMatch RouteTable::match(std::string_view method, std::string_view path) const {
  RouteMatch out;
  if (path.empty() || path.front() != '/') return out;
  const auto segments = split(path);
  std::vector<std::string_view> values;
  const Node* node = walk(*root_, segments, 0, values);
  if (node == nullptr) return out;
  for (const auto& h : node->handlers) out.allowed.push_back(h.method);
  const Node::Handler* handler = find_handler(*node, method);
  if (handler == nullptr) {
    out.kind = RouteMatch::Kind::method_not_allowed;
    return out;
  }
  for (std::size_t i = 0; i < values.size(); ++i) {
    auto decoded = percent_decode(values[i]);
    if (!decoded) return RouteMatch{};  // a malformed escape names no resource
    out.params.emplace_back(handler->param_names[i], std::move(*decoded));
  }
  out.kind = RouteMatch::Kind::found;
  out.route = handler->route;
  out.pattern = patterns_[handler->route];
  return out;
}

std::string RouteTable::allow_header(const std::vector<std::string>& methods) {
  std::vector<std::string> all = methods;
  if (std::find(all.begin(), all.end(), "GET") != all.end() && std::find(all.begin(), all.end(), "HEAD") == all.end())
    all.emplace_back("HEAD");
  if (std::find(all.begin(), all.end(), "OPTIONS") == all.end()) all.emplace_back("OPTIONS");
  std::string out;
  for (const auto& m : all) out += (out.empty() ? "" : ", ") + m;
  return out;
}

Result<std::string> percent_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      const bool complete = i + 2 < text.size();
      const int hi = complete ? hex(text[i + 1]) : -1;
      const int lo = complete ? hex(text[i + 2]) : -1;
      if (hi < 0 || lo < 0)
        return fail(ErrorCode::parse_error, fmt::format("malformed %-escape at offset {}", i));
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace nightdesk::api
