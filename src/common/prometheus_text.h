// PrometheusText: builds a scrape body in the Prometheus text exposition format 0.0.4 (HELP and TYPE once per
// family, counters ending in _total, histograms as cumulative _bucket/_sum/_count, escaped label values).
// A plain builder: one instance per scrape, used by one thread.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace nightdesk {

inline constexpr std::string_view kPrometheusContentType = "text/plain; version=0.0.4; charset=utf-8";

struct MetricLabel {
  std::string name;
  std::string value;
};
using MetricLabels = std::vector<MetricLabel>;

// Observations bucketed by upper bounds (ascending, +Inf implied). counts[i] counts observations <= bounds[i]
// and > bounds[i-1] (not cumulative; the writer accumulates); counts has bounds.size() + 1 entries, the last
// for observations above every bound.
struct HistogramData {
  std::vector<double> bounds;
  std::vector<std::uint64_t> counts;
  double sum = 0;

  explicit HistogramData(std::vector<double> upper_bounds = {});
  void observe(double value);
  std::uint64_t count() const;
};

class PrometheusText {
 public:
  // One family with its samples. Names with characters outside [a-zA-Z0-9_:] get '_' instead (a leading digit
  // too); a counter's name gets "_total" appended unless it already ends so.
  void counter(std::string_view name, std::string_view help,
               const std::vector<std::pair<MetricLabels, double>>& samples);
  void counter(std::string_view name, std::string_view help, double value) { counter(name, help, {{{}, value}}); }
  void gauge(std::string_view name, std::string_view help, const std::vector<std::pair<MetricLabels, double>>& samples);
  void gauge(std::string_view name, std::string_view help, double value) { gauge(name, help, {{{}, value}}); }
  void histogram(std::string_view name, std::string_view help,
                 const std::vector<std::pair<MetricLabels, HistogramData>>& samples);
  void histogram(std::string_view name, std::string_view help, const HistogramData& data) {
    histogram(name, help, {{{}, data}});
  }

  const std::string& text() const { return text_; }

 private:
  void header(const std::string& name, std::string_view type, std::string_view help);
  void sample(const std::string& name, const MetricLabels& labels, double value);
  std::string text_;
};

// A metric or label name with every character outside [a-zA-Z0-9_] (':' allowed in metric names) as '_'.
std::string sanitize_metric_name(std::string_view name, bool allow_colon = true);
// A label value escaped for the text format: backslash, double quote and newline.
std::string escape_label_value(std::string_view value);
// A sample value: shortest round-trip decimal, or NaN, +Inf, -Inf.
std::string format_metric_value(double value);

}  // namespace nightdesk
