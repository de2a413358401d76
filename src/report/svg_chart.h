// Hand-drawn inline SVG charts for the HTML report: a line chart and a bar chart over (x, y) points,
// with the y range, a zero line and the first/last x labels; each point or bar carries a <title> tooltip.
// Output is deterministic text (fixed decimals); no scripts, no external references. Pure; any thread.
#pragma once

#include <span>
#include <string>

namespace nightdesk::report {

struct ChartPoint {
  double x = 0;       // any increasing measure (seconds, a day's index)
  double y = 0;
  std::string label;  // the tooltip ("2025-01-03: 101,250.00")
};

struct ChartFrame {
  std::string title;    // the chart's accessible name
  std::string x_first;  // label under the left end
  std::string x_last;   // label under the right end
  int width = 900;
  int height = 220;
  int y_decimals = 2;   // decimals of the y-axis labels
};

// A polyline through `points` (in order); `css_class` colours it. An empty series draws a "no data" frame.
std::string line_chart_svg(const ChartFrame& frame, std::span<const ChartPoint> points, const std::string& css_class);
// One bar per point from zero, classed "up" (y >= 0) or "down".
std::string bar_chart_svg(const ChartFrame& frame, std::span<const ChartPoint> points);

// Text made safe inside HTML/SVG elements and attribute values.
std::string escape_html(std::string_view text);

}  // namespace nightdesk::report
