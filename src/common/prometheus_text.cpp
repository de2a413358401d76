#include "common/prometheus_text.h"

#include <fmt/core.h>

#include <cmath>

namespace nightdesk {

HistogramData::HistogramData(std::vector<double> upper_bounds)
    : bounds(std::move(upper_bounds)), counts(bounds.size() + 1, 0) {}

void HistogramData::observe(double value) {
  std::size_t i = 0;
  while (i < bounds.size() && value > bounds[i]) ++i;
  ++counts[i];
  sum += value;
}

std::uint64_t HistogramData::count() const {
  std::uint64_t n = 0;
  for (auto c : counts) n += c;
  return n;
}

std::string sanitize_metric_name(std::string_view name, bool allow_colon) {
  std::string out;
  out.reserve(name.size() + 1);
  for (char c : name) {
    const bool good = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                      (allow_colon && c == ':');
    out += good ? c : '_';
  }
  if (out.empty() || (out[0] >= '0' && out[0] <= '9')) out.insert(out.begin(), '_');
  return out;
}

std::string escape_label_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '"')
      out += "\\\"";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

namespace {

std::string escape_help(std::string_view help) {
  std::string out;
  for (char c : help) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

std::string counter_name(std::string_view name) {
  std::string n = sanitize_metric_name(name);
  if (!n.ends_with("_total")) n += "_total";
  return n;
}

MetricLabels with_label(MetricLabels labels, std::string name, std::string value) {
  labels.push_back({std::move(name), std::move(value)});
  return labels;
}

}  // namespace

std::string format_metric_value(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  return fmt::format("{}", value);
}

void PrometheusText::header(const std::string& name, std::string_view type, std::string_view help) {
  text_ += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, escape_help(help), name, type);
}

void PrometheusText::sample(const std::string& name, const MetricLabels& labels, double value) {
  text_ += name;
  if (!labels.empty()) {
    text_ += '{';
    for (std::size_t i = 0; i < labels.size(); ++i) {
      if (i > 0) text_ += ',';
      text_ +=
          fmt::format("{}=\"{}\"", sanitize_metric_name(labels[i].name, false), escape_label_value(labels[i].value));
    }
    text_ += '}';
  }
  text_ += ' ';
  text_ += format_metric_value(value);
  text_ += '\n';
}

void PrometheusText::counter(std::string_view name, std::string_view help,
                             const std::vector<std::pair<MetricLabels, double>>& samples) {
  const std::string n = counter_name(name);
  header(n, "counter", help);
  for (const auto& [labels, value] : samples) sample(n, labels, value);
}

void PrometheusText::gauge(std::string_view name, std::string_view help,
                           const std::vector<std::pair<MetricLabels, double>>& samples) {
  const std::string n = sanitize_metric_name(name);
  header(n, "gauge", help);
  for (const auto& [labels, value] : samples) sample(n, labels, value);
}

void PrometheusText::histogram(std::string_view name, std::string_view help,
                               const std::vector<std::pair<MetricLabels, HistogramData>>& samples) {
  const std::string n = sanitize_metric_name(name);
  header(n, "histogram", help);
  for (const auto& [labels, data] : samples) {
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < data.bounds.size(); ++i) {
      cumulative += i < data.counts.size() ? data.counts[i] : 0;
      sample(n + "_bucket", with_label(labels, "le", format_metric_value(data.bounds[i])),
             static_cast<double>(cumulative));
    }
    sample(n + "_bucket", with_label(labels, "le", "+Inf"), static_cast<double>(data.count()));
    sample(n + "_sum", labels, data.sum);
    sample(n + "_count", labels, static_cast<double>(data.count()));
  }
}

}  // namespace nightdesk
