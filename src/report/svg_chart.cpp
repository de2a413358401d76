#include "report/svg_chart.h"

#include <algorithm>

#include <fmt/format.h>

namespace nightdesk::report {
namespace {

constexpr double kLeft = 80, kRight = 12, kTop = 12, kBottom = 28;

struct Scale {
  double x0, x1, y0, y1;  // data ranges
  double w, h;            // plot area
  double px(double x) const { return kLeft + (x1 > x0 ? (x - x0) / (x1 - x0) : 0.5) * w; }
  double py(double y) const { return kTop + (y1 > y0 ? (y1 - y) / (y1 - y0) : 0.5) * h; }
};

Scale scale_of(const ChartFrame& frame, std::span<const ChartPoint> points, bool include_zero) {
  Scale s{points.front().x, points.front().x, points.front().y, points.front().y,
          frame.width - kLeft - kRight, frame.height - kTop - kBottom};
  for (const ChartPoint& p : points) {
    s.x0 = std::min(s.x0, p.x), s.x1 = std::max(s.x1, p.x);
    s.y0 = std::min(s.y0, p.y), s.y1 = std::max(s.y1, p.y);
  }
  if (include_zero) s.y0 = std::min(s.y0, 0.0), s.y1 = std::max(s.y1, 0.0);
  if (s.y1 == s.y0) s.y0 -= 1, s.y1 += 1;  // a flat series sits in the middle
  return s;
}

std::string open_svg(const ChartFrame& frame) {
  return fmt::format(R"(<svg class="chart" role="img" viewBox="0 0 {} {}" width="{}" height="{}"><title>{}</title>)",
                     frame.width, frame.height, frame.width, frame.height, escape_html(frame.title));
}

std::string axes(const ChartFrame& frame, const Scale& s) {
  const double bottom = kTop + s.h;
  std::string out = fmt::format(R"(<rect class="frame" x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}"/>)", kLeft,
                                kTop, s.w, s.h);
  out += fmt::format(R"(<text class="axis" x="{:.1f}" y="{:.1f}" text-anchor="end">{:.{}f}</text>)", kLeft - 6,
                     kTop + 10, s.y1, frame.y_decimals);
  out += fmt::format(R"(<text class="axis" x="{:.1f}" y="{:.1f}" text-anchor="end">{:.{}f}</text>)", kLeft - 6,
                     bottom, s.y0, frame.y_decimals);
  if (s.y0 < 0 && s.y1 > 0) {
    out += fmt::format(R"(<line class="zero" x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}"/>)", kLeft, s.py(0),
                       kLeft + s.w, s.py(0));
  }
  out += fmt::format(R"(<text class="axis" x="{:.1f}" y="{:.1f}">{}</text>)", kLeft, bottom + 18,
                     escape_html(frame.x_first));
  out += fmt::format(R"(<text class="axis" x="{:.1f}" y="{:.1f}" text-anchor="end">{}</text>)", kLeft + s.w,
                     bottom + 18, escape_html(frame.x_last));
  return out;
}

std::string no_data(const ChartFrame& frame) {
  return open_svg(frame) +
         fmt::format(R"(<text class="axis" x="{}" y="{}" text-anchor="middle">no data</text></svg>)", frame.width / 2,
                     frame.height / 2);
}

}  // namespace

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string line_chart_svg(const ChartFrame& frame, std::span<const ChartPoint> points, const std::string& css_class) {
  if (points.empty()) return no_data(frame);
  const Scale s = scale_of(frame, points, false);
  std::string out = open_svg(frame) + axes(frame, s);
  out += fmt::format(R"(<polyline class="line {}" points=")", escape_html(css_class));
  for (const ChartPoint& p : points) out += fmt::format("{:.1f},{:.1f} ", s.px(p.x), s.py(p.y));
  out += R"("/>)";
  // Hover targets only where they stay legible; a long curve keeps its line alone.
  if (points.size() <= 400) {
    for (const ChartPoint& p : points) {
      out += fmt::format(R"(<circle class="dot" cx="{:.1f}" cy="{:.1f}" r="3"><title>{}</title></circle>)", s.px(p.x),
                         s.py(p.y), escape_html(p.label));
    }
  }
  return out + "</svg>";
}

std::string bar_chart_svg(const ChartFrame& frame, std::span<const ChartPoint> points) {
  if (points.empty()) return no_data(frame);
  Scale s = scale_of(frame, points, true);
  // Bars sit in equal slots by position, whatever their x.
  const double slot = s.w / static_cast<double>(points.size());
  const double bar = std::max(1.0, slot * 0.8);
  std::string out = open_svg(frame) + axes(frame, s);
  for (std::size_t i = 0; i < points.size(); ++i) {
    const ChartPoint& p = points[i];
    const double top = std::min(s.py(p.y), s.py(0));
    const double height = std::max(0.5, std::abs(s.py(p.y) - s.py(0)));
    out += fmt::format(R"(<rect class="{}" x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}"><title>{}</title></rect>)",
                       p.y >= 0 ? "up" : "down", kLeft + slot * static_cast<double>(i) + (slot - bar) / 2, top, bar,
                       height, escape_html(p.label));
  }
  return out + "</svg>";
}

}  // namespace nightdesk::report
