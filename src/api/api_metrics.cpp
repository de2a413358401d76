#include "api/api_metrics.h"

#include <array>
#include <vector>

namespace nightdesk::api {
namespace {

std::string_view method_label(std::string_view method) {
  static constexpr std::array<std::string_view, 7> known = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};
  for (auto m : known)
    if (m == method) return m;
  return "other";
}

template <class Map, class Key>
std::uint64_t value_of(const Map& map, const Key& key) {
  auto it = map.find(key);
  return it == map.end() ? 0 : it->second;
}

}  // namespace

void ApiMetrics::count_request(std::string_view route, std::string_view method, unsigned status) {
  std::lock_guard lock(mutex_);
  ++requests_[{std::string(route), std::string(method_label(method)), status}];
}

void ApiMetrics::count_reject(std::string_view reason) {
  std::lock_guard lock(mutex_);
  ++rejects_[std::string(reason)];
}

void ApiMetrics::count_rate_limited(RateClass rate_class, std::string_view limited_by) {
  std::lock_guard lock(mutex_);
  ++rate_limited_[{std::string(to_string(rate_class)), std::string(limited_by)}];
}

void ApiMetrics::count_auth_failure(std::string_view reason) {
  std::lock_guard lock(mutex_);
  ++auth_failures_[std::string(reason)];
}

void ApiMetrics::count_handler_failure(std::string_view route) {
  std::lock_guard lock(mutex_);
  ++handler_failures_[std::string(route)];
}

void ApiMetrics::render(PrometheusText& out, const TransportRejects& transport) const {
  std::lock_guard lock(mutex_);
  std::vector<std::pair<MetricLabels, double>> samples;
  for (const auto& [key, n] : requests_) {
    const auto& [route, method, status] = key;
    samples.push_back({{{"route", route}, {"method", method}, {"status", std::to_string(status)}}, double(n)});
  }
  out.counter("nightdesk_api_requests", "API requests answered, by route template, method and status", samples);

  std::map<std::string, std::uint64_t, std::less<>> rejects = rejects_;
  rejects["malformed_request"] += transport.malformed;
  rejects["body_too_large"] += transport.body_too_large;
  rejects["headers_too_large"] += transport.headers_too_large;
  rejects["timed_out"] += transport.timed_out;
  rejects["over_capacity"] += transport.over_capacity;
  samples.clear();
  for (const auto& [reason, n] : rejects) samples.push_back({{{"reason", reason}}, double(n)});
  out.counter("nightdesk_api_rejects", "API requests refused before a handler ran, by reason", samples);

  samples.clear();
  for (const auto& [key, n] : rate_limited_) samples.push_back({{{"class", key.first}, {"limited_by", key.second}}, double(n)});
  out.counter("nightdesk_api_rate_limited", "API requests refused with 429 by a rate limit, by class and bucket", samples);

  samples.clear();
  for (const auto& [reason, n] : auth_failures_) samples.push_back({{{"reason", reason}}, double(n)});
  out.counter("nightdesk_api_auth_failures", "API authentication and authorization failures, by reason", samples);

  samples.clear();
  for (const auto& [route, n] : handler_failures_) samples.push_back({{{"route", route}}, double(n)});
  out.counter("nightdesk_api_handler_failures", "API handlers that threw (answered 500), by route", samples);
}

std::uint64_t ApiMetrics::requests(std::string_view route, std::string_view method, unsigned status) const {
  std::lock_guard lock(mutex_);
  return value_of(requests_, std::tuple<std::string, std::string, unsigned>{route, method, status});
}

std::uint64_t ApiMetrics::rejects(std::string_view reason) const {
  std::lock_guard lock(mutex_);
  return value_of(rejects_, reason);
}

std::uint64_t ApiMetrics::auth_failures(std::string_view reason) const {
  std::lock_guard lock(mutex_);
  return value_of(auth_failures_, reason);
}

}  // namespace nightdesk::api
