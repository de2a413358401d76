#include "overnight/run_timeline.h"

#include <fmt/core.h>

#include <algorithm>
#include <chrono>

namespace nightdesk::overnight {
namespace {

using std::chrono::duration;

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string short_time(Timestamp t) {
  std::string iso = format_iso8601(t);  // 2025-01-17T21:00:00.123456789Z
  return iso.substr(0, 10) + " " + iso.substr(11, 8);
}

std::string human(double s) {
  const auto total = static_cast<long long>(std::max(0.0, s));
  if (total >= 3600) return fmt::format("{}h{:02}m", total / 3600, (total % 3600) / 60);
  if (total >= 60) return fmt::format("{}m{:02}s", total / 60, total % 60);
  return fmt::format("{:.1f}s", std::max(0.0, s));
}

const char* exit_colour(std::string_view exit_class) {
  if (exit_class == "finished") return "#3a9d5d";
  if (exit_class == "rate_limited") return "#8e7cc3";
  if (exit_class == "stalled" || exit_class == "timed_out") return "#e0a030";
  if (exit_class == "signalled") return "#7a8a99";
  return "#d9534f";  // crashed and the non-retryable classes
}

const char* gap_colour(std::string_view kind) {
  if (kind == "usage-limit wait") return "#cfc5ea";
  if (kind == "restart backoff") return "#f6d9a8";
  return "#e4e8ec";
}

Timestamp axis_end(const RunRecordings& run, Timestamp now) {
  Timestamp end = is_final(run.state.status) ? run.state.updated_at : now;
  for (const auto& s : run.sessions) end = std::max(end, s.end);
  for (const auto& g : run.gates) end = std::max(end, g.at);
  return std::max(end, run.state.started_at + std::chrono::seconds(1));
}

struct Axis {
  Timestamp start, end;
  double left, width;
  double x(Timestamp t) const {
    const double f = duration<double>(t - start).count() / duration<double>(end - start).count();
    return left + std::clamp(f, 0.0, 1.0) * width;
  }
};

double micros(Timestamp from, Timestamp t) { return duration<double, std::micro>(t - from).count(); }

}  // namespace

std::vector<TimelineGap> timeline_gaps(const RunRecordings& run, Timestamp now) {
  std::vector<TimelineGap> gaps;
  std::vector<SessionSpan> sessions = run.sessions;
  std::sort(sessions.begin(), sessions.end(), [](const auto& a, const auto& b) { return a.start < b.start; });
  Timestamp cursor = run.state.started_at;
  std::string kind = "health check and baseline";
  for (const auto& s : sessions) {
    if (s.start > cursor) gaps.push_back({cursor, s.start, kind});
    cursor = std::max(cursor, s.end);
    kind = s.exit_class == "finished"       ? "between sessions"
           : s.exit_class == "rate_limited" ? "usage-limit wait"
                                            : "restart backoff";
  }
  if (!is_final(run.state.status) && run.state.status != RunStatus::running && now > cursor) {
    gaps.push_back({cursor, now,
                    sessions.empty()             ? kind
                    : run.state.rate_limit_until ? "usage-limit wait"
                                                 : "waiting"});
  }
  return gaps;
}

std::string render_timeline_html(const RunRecordings& run, Timestamp now) {
  const RunState& s = run.state;
  const Axis axis{s.started_at, axis_end(run, now), 60, 1100};
  constexpr double kSessionsY = 40, kLaneH = 34, kMarksY = 90, kProgressY = 140, kProgressH = 100;
  std::string svg;
  svg.reserve(64 * 1024);
  // Time ticks: about eight along the axis.
  const double span = duration<double>(axis.end - axis.start).count();
  for (int i = 0; i <= 8; ++i) {
    const Timestamp t = axis.start + std::chrono::duration_cast<Nanoseconds>(duration<double>(span * i / 8));
    const double x = axis.x(t);
    svg += fmt::format(
        R"~(<line x1="{0:.1f}" y1="30" x2="{0:.1f}" y2="250" class="grid"/><text x="{0:.1f}" y="268" class="tick">{1}</text>)~",
        x, escape_html(short_time(t).substr(11, 5)));
  }
  svg += R"~(<text x="4" y="62" class="lane">sessions</text><text x="4" y="106" class="lane">events</text>)~"
         R"~(<text x="4" y="190" class="lane">progress</text>)~";
  for (const auto& g : timeline_gaps(run, now)) {
    const double x0 = axis.x(g.from), x1 = axis.x(g.to);
    svg += fmt::format(
        R"~(<rect x="{:.1f}" y="{}" width="{:.1f}" height="{}" fill="{}" class="gap"><title>{}: {} ({})</title></rect>)~",
        x0, kSessionsY, std::max(1.0, x1 - x0), kLaneH, gap_colour(g.kind), escape_html(g.kind),
        escape_html(short_time(g.from)), human(duration<double>(g.to - g.from).count()));
  }
  for (const auto& ss : run.sessions) {
    const double x0 = axis.x(ss.start), x1 = axis.x(ss.end);
    svg += fmt::format(
        R"~(<rect x="{:.1f}" y="{}" width="{:.1f}" height="{}" fill="{}"><title>session {} ({}) {}: {} — {}{}</title></rect>)~",
        x0, kSessionsY, std::max(1.5, x1 - x0), kLaneH, exit_colour(ss.exit_class), ss.session, escape_html(ss.role),
        escape_html(ss.exit_class), human(duration<double>(ss.end - ss.start).count()), escape_html(ss.reason),
        ss.task.empty() ? "" : escape_html("; task: " + ss.task));
  }
  for (const auto& r : s.restarts) {
    svg += fmt::format(
        R"~(<circle cx="{:.1f}" cy="{}" r="5" fill="#e0a030"><title>restart after session {}: {}</title></circle>)~",
        axis.x(r.at), kMarksY + 8, r.session, escape_html(r.reason));
  }
  for (const auto& g : run.gates) {
    if (g.type == "rollback") {
      svg += fmt::format(
          R"~(<rect x="{:.1f}" y="{}" width="8" height="8" fill="#d9534f" transform="rotate(45 {:.1f} {})"><title>rollback to {} after session {}: {}</title></rect>)~",
          axis.x(g.at) - 4, kMarksY + 18, axis.x(g.at), kMarksY + 22, escape_html(g.tag), g.session,
          escape_html(g.detail));
    } else if (g.new_checkpoint()) {
      const double x = axis.x(g.at);
      svg += fmt::format(
          R"~(<path d="M{0:.1f} {1} l5 10 l-10 0 z" fill="#3a9d5d"><title>checkpoint {2} ({3}, {4})</title></path>)~",
          x, kMarksY - 4, escape_html(g.tag), escape_html(g.trigger), escape_html(g.outcome));
    }
  }
  // Progress: tasks done at each session's end, as a step line against the task total.
  const double total = std::max<double>(1.0, static_cast<double>(s.progress.total));
  std::string points =
      fmt::format("{:.1f},{:.1f}", axis.x(axis.start),
                  kProgressY + kProgressH -
                      (run.sessions.empty() ? 0 : run.sessions.front().tasks_done_before) / total * kProgressH);
  double last_y = kProgressY + kProgressH;
  if (!run.sessions.empty())
    last_y = kProgressY + kProgressH - run.sessions.front().tasks_done_before / total * kProgressH;
  for (const auto& ss : run.sessions) {
    const double x = axis.x(ss.end);
    const double y = kProgressY + kProgressH - std::min(1.0, ss.tasks_done_after / total) * kProgressH;
    points += fmt::format(" {:.1f},{:.1f} {:.1f},{:.1f}", x, last_y, x, y);
    last_y = y;
  }
  points += fmt::format(" {:.1f},{:.1f}", axis.x(axis.end), last_y);
  svg += fmt::format(
      R"~(<rect x="{}" y="{}" width="{}" height="{}" class="frame"/><polyline points="{}" class="progress"/>)~"
      R"~(<text x="{}" y="{}" class="tick">{:.0f} tasks</text>)~",
      axis.left, kProgressY, axis.width, kProgressH, points, axis.left + 4, kProgressY + 12, total);

  std::string rows;
  for (const auto& ss : run.sessions) {
    rows += fmt::format(
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td><span class=\"dot\" style=\"background:{}\"></span>{}</td>"
        "<td>{}</td><td>{}</td><td>{}</td><td>${:.2f}</td><td>{}</td></tr>\n",
        ss.session, escape_html(ss.role), escape_html(short_time(ss.start)),
        human(duration<double>(ss.end - ss.start).count()), exit_colour(ss.exit_class), escape_html(ss.exit_class),
        escape_html(ss.reason), escape_html(ss.task), ss.tasks_done_after - ss.tasks_done_before, ss.cost_usd,
        escape_html(ss.rollback.empty() ? ss.checkpoint : "rolled back; attempt on " + ss.rollback));
  }
  std::string gate_rows;
  for (const auto& g : run.gates) {
    if (g.type != "rollback" && !g.new_checkpoint()) continue;
    gate_rows +=
        fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n", escape_html(short_time(g.at)),
                    escape_html(g.type), g.session, escape_html(g.tag), escape_html(g.detail));
  }
  const double runtime = duration<double>(axis.end - s.started_at).count();
  return fmt::format(R"~(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>overnight {0} timeline</title>
<style>
body{{font:14px/1.4 system-ui,sans-serif;margin:20px;color:#222}} h1{{font-size:20px}}
svg{{background:#fff;border:1px solid #ccd}} .grid{{stroke:#eef;stroke-width:1}} .tick{{font-size:11px;fill:#667}}
.lane{{font-size:12px;fill:#333}} .frame{{fill:none;stroke:#dde}} .progress{{fill:none;stroke:#2f6fb3;stroke-width:2}}
.gap{{opacity:.8}} table{{border-collapse:collapse;margin-top:16px}} td,th{{border:1px solid #dde;padding:3px 6px;text-align:left;vertical-align:top}}
.dot{{display:inline-block;width:10px;height:10px;border-radius:5px;margin-right:4px}} .legend span{{margin-right:14px}}
</style></head><body>
<h1>overnight run {0}: {1}</h1>
<p>Tasks {2} of {3} done ({4:.0f}%) · {5} sessions · {6} restarts · {7} checkpoints · {8} rollbacks · cost ${9:.2f} ·
started {10} · {11}{12}</p>
<p class="legend"><span><span class="dot" style="background:#3a9d5d"></span>finished</span><span><span class="dot" style="background:#d9534f"></span>crashed / failed</span>
<span><span class="dot" style="background:#e0a030"></span>stalled / timed out / restart</span><span><span class="dot" style="background:#8e7cc3"></span>usage limit</span>
<span><span class="dot" style="background:#f6d9a8"></span>backoff gap</span><span><span class="dot" style="background:#cfc5ea"></span>usage-limit wait</span>
<span>▲ checkpoint</span><span style="color:#d9534f">◆ rollback</span><span style="color:#e0a030">● restart</span></p>
<svg xmlns="http://www.w3.org/2000/svg" width="1180" height="280" viewBox="0 0 1180 280">{13}</svg>
<h2>Sessions</h2><table><tr><th>#</th><th>role</th><th>start (UTC)</th><th>duration</th><th>exit</th><th>reason</th><th>task</th><th>tasks done</th><th>cost</th><th>checkpoint</th></tr>
{14}</table>
<h2>Checkpoints and rollbacks</h2><table><tr><th>at (UTC)</th><th>type</th><th>session</th><th>tag</th><th>detail</th></tr>
{15}</table>
</body></html>
)~",
                     escape_html(s.run_id), escape_html(std::string(to_string(s.status))), s.progress.done,
                     s.progress.total, s.progress.completion_pct, run.sessions.size(), s.total_restarts,
                     s.checkpoint_count, s.rollbacks.size(), s.cost_usd, escape_html(short_time(s.started_at)),
                     human(runtime), s.end_reason.empty() ? "" : " · " + escape_html(s.end_reason), svg, rows,
                     gate_rows);
}

nlohmann::json render_trace_events(const RunRecordings& run, Timestamp now) {
  const RunState& s = run.state;
  const Timestamp t0 = s.started_at;
  nlohmann::json events = nlohmann::json::array();
  events.push_back({{"name", "process_name"},
                    {"ph", "M"},
                    {"pid", 1},
                    {"tid", 0},
                    {"args", {{"name", "overnight run " + s.run_id}}}});
  int tid = 1;
  for (const char* track : {"sessions", "waits", "checkpoints and rollbacks", "restarts"}) {
    events.push_back({{"name", "thread_name"}, {"ph", "M"}, {"pid", 1}, {"tid", tid++}, {"args", {{"name", track}}}});
  }
  for (const auto& ss : run.sessions) {
    events.push_back({{"name", fmt::format("session {} ({})", ss.session, ss.role)},
                      {"cat", "session," + ss.exit_class},
                      {"ph", "X"},
                      {"pid", 1},
                      {"tid", 1},
                      {"ts", micros(t0, ss.start)},
                      {"dur", micros(ss.start, ss.end)},
                      {"args",
                       {{"exit_class", ss.exit_class},
                        {"reason", ss.reason},
                        {"task", ss.task},
                        {"tasks_done", ss.tasks_done_after - ss.tasks_done_before},
                        {"cost_usd", ss.cost_usd},
                        {"checkpoint", ss.checkpoint},
                        {"tests", ss.tests}}}});
    events.push_back({{"name", "tasks done"},
                      {"ph", "C"},
                      {"pid", 1},
                      {"ts", micros(t0, ss.end)},
                      {"args", {{"done", ss.tasks_done_after}}}});
  }
  for (const auto& g : timeline_gaps(run, now)) {
    events.push_back({{"name", g.kind},
                      {"cat", "wait"},
                      {"ph", "X"},
                      {"pid", 1},
                      {"tid", 2},
                      {"ts", micros(t0, g.from)},
                      {"dur", micros(g.from, g.to)}});
  }
  for (const auto& g : run.gates) {
    if (g.type != "rollback" && !g.new_checkpoint()) continue;
    events.push_back({{"name", (g.type == "rollback" ? "rollback to " : "checkpoint ") + g.tag},
                      {"cat", g.type},
                      {"ph", "i"},
                      {"s", "t"},
                      {"pid", 1},
                      {"tid", 3},
                      {"ts", micros(t0, g.at)},
                      {"args", {{"session", g.session}, {"trigger", g.trigger}, {"detail", g.detail}}}});
  }
  for (const auto& r : s.restarts) {
    events.push_back({{"name", "restart"},
                      {"cat", "restart"},
                      {"ph", "i"},
                      {"s", "t"},
                      {"pid", 1},
                      {"tid", 4},
                      {"ts", micros(t0, r.at)},
                      {"args", {{"session", r.session}, {"reason", r.reason}}}});
  }
  return {{"traceEvents", std::move(events)},
          {"displayTimeUnit", "ms"},
          {"otherData",
           {{"run_id", s.run_id},
            {"status", std::string(to_string(s.status))},
            {"started_at", format_iso8601(s.started_at)},
            {"generated_at", format_iso8601(now)}}}};
}

}  // namespace nightdesk::overnight
