#include "apps/price_command.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "apps/option_row.h"
#include "common/csv.h"
#include "common/progress.h"
#include "pricing/greeks.h"

namespace nightdesk::apps {
namespace {

constexpr int kFailed = 1;     // the option, or some rows, could not be priced or solved
constexpr int kCannotRun = 2;  // arguments are wrong or a file cannot be read or written

struct PriceArgs {
  OptionFields flags;
  bool json = false;
  std::string csv_in, csv_out;
  std::string theta_per = "year";
  std::string american_engine = "bs2002";
  int tree_steps = 201;
};

[[noreturn]] void exit_with(int code, const std::string& message) {
  if (!message.empty()) fmt::print(stderr, "{}\n", message);
  throw CLI::RuntimeError(code);
}

pricing::ThetaConvention theta_convention(const std::string& per) {
  if (per == "day") return pricing::ThetaConvention::per_calendar_day;
  if (per == "trading-day") return pricing::ThetaConvention::per_trading_day;
  return pricing::ThetaConvention::per_year;
}

pricing::AmericanSettings american_settings(const PriceArgs& args) {
  return {args.american_engine == "tree" ? pricing::AmericanEngine::leisen_reimer_tree
                                         : pricing::AmericanEngine::bjerksund_stensland_2002,
          args.tree_steps};
}

// The reported Greeks in the units the user chose (theta and charm per year, day or trading day).
struct ReportedGreeks {
  std::vector<std::pair<const char*, double>> values;
};

ReportedGreeks report(const pricing::Greeks& g, pricing::ThetaConvention theta) {
  return {{{"price", g.price},
           {"delta", g.delta},
           {"gamma", g.gamma},
           {"vega", g.vega},
           {"theta", pricing::theta_in(g, theta)},
           {"rho", g.rho},
           {"vanna", g.vanna},
           {"volga", g.volga},
           {"charm", pricing::charm_in(g, theta)}}};
}

std::string model_name(pricing::Model model) {
  switch (model) {
    case pricing::Model::bsm: return "bsm";
    case pricing::Model::black76: return "black76";
    case pricing::Model::american: return "american";
  }
  return "bsm";
}

std::string describe_option(const OptionRow& row) {
  const char* underlying = row.model == pricing::Model::black76 ? "F" : "S";
  return fmt::format("{} {}  {}={} K={} T={}y r={} q={}", model_name(row.model), to_string(row.right), underlying,
                     row.inputs.spot_or_forward, row.inputs.strike, row.inputs.years, row.inputs.rate,
                     row.inputs.dividend_yield);
}

nlohmann::ordered_json units_json(const std::string& theta_per) {
  return {{"vega", "per 1.00 of volatility"}, {"theta", "per " + theta_per}, {"charm", "per " + theta_per},
          {"rho", "per 1.00 of rate"}, {"vanna", "per 1.00 of volatility"}, {"volga", "per 1.00 of volatility squared"}};
}

nlohmann::ordered_json error_json(const Error& e) {
  nlohmann::ordered_json error = {{"code", to_string(e.code)}, {"message", e.message}};
  if (!e.field.empty()) error["field"] = e.field;
  return {{"error", error}};
}

// Reports a single option's failure on stderr (and as JSON on stdout with --json), then exits.
[[noreturn]] void fail_single(const PriceArgs& args, const char* command, const Error& e) {
  if (args.json) std::cout << error_json(e).dump(2) << "\n";
  exit_with(kFailed, fmt::format("nightdesk {}: {}", command, e.describe()));
}

void print_price(const PriceArgs& args, const OptionRow& row, const pricing::Greeks& g) {
  ReportedGreeks r = report(g, theta_convention(args.theta_per));
  if (args.json) {
    nlohmann::ordered_json out;
    for (auto& [name, value] : r.values) out[name] = value;
    out["units"] = units_json(args.theta_per);
    std::cout << out.dump(2) << "\n";
    return;
  }
  fmt::print("{}  vol={}\n", describe_option(row), row.inputs.vol);
  for (auto& [name, value] : r.values) fmt::print("  {:<6} {:>16.10f}\n", name, value);
  fmt::print("  units: vega, vanna per 1.00 vol (vega per vol point: {:.10f}); theta, charm per {}; rho per 1.00 rate\n",
             pricing::vega_per_vol_point(g), args.theta_per);
}

void print_iv(const PriceArgs& args, const OptionRow& row, double iv) {
  if (args.json) {
    std::cout << nlohmann::ordered_json{{"iv", iv}}.dump(2) << "\n";
    return;
  }
  fmt::print("{}  price={}\n  iv     {:>16.12f}  ({:.6f}%)\n", describe_option(row), row.price, iv, iv * 100);
}

// Computes one row's result columns, or the error that goes into the row's error column.
using RowSolver = std::function<Result<std::vector<std::string>>(const OptionRow&)>;

// Streams `args.csv_in` to `args.csv_out`: every input column is carried through, the result columns and an
// `error` column are appended. The output is written beside the target and renamed at the end, so a crash
// never leaves a half-written file under the final name.
void run_csv(const PriceArgs& args, RowPurpose purpose, const std::vector<std::string>& result_columns,
             const RowSolver& solve, const char* command) {
  if (args.csv_out.empty()) exit_with(kCannotRun, fmt::format("nightdesk {}: --csv needs --out FILE", command));
  std::ifstream in(args.csv_in);
  if (!in) exit_with(kCannotRun, fmt::format("nightdesk {}: cannot read {}", command, args.csv_in));
  std::filesystem::path final_path(args.csv_out);
  std::filesystem::path partial_path = final_path;
  partial_path += ".partial";
  std::ofstream out(partial_path);
  if (!out) exit_with(kCannotRun, fmt::format("nightdesk {}: cannot write {}", command, partial_path.string()));

  std::string line;
  std::vector<std::string> record;
  if (!std::getline(in, line) || !split_csv_record(line, record))
    exit_with(kCannotRun, fmt::format("nightdesk {}: {}:1: missing or unreadable header", command, args.csv_in));
  OptionColumns columns(record);
  // Result columns overwrite input columns of the same name (re-running on an output file refreshes it);
  // the others are appended. output_index[k] is where result k (the last one is "error") goes.
  std::vector<std::string> header = record;
  const std::size_t input_width = header.size();
  std::vector<std::string> outputs = result_columns;
  outputs.push_back("error");
  std::vector<std::size_t> output_index;
  for (const std::string& name : outputs) {
    auto at = std::find(header.begin(), header.begin() + static_cast<std::ptrdiff_t>(input_width), name);
    output_index.push_back(static_cast<std::size_t>(at - header.begin()));
    if (at == header.begin() + static_cast<std::ptrdiff_t>(input_width)) {
      output_index.back() = header.size();
      header.push_back(name);
    }
  }
  out << csv_join(header) << "\n";

  std::error_code size_error;
  auto total = std::filesystem::file_size(args.csv_in, size_error);
  ProgressReporter progress(fmt::format("nightdesk {}", command), size_error ? 0 : total, "bytes");
  std::uint64_t bytes = line.size() + 1, rows = 0, failed = 0;
  std::size_t line_number = 1;
  while (std::getline(in, line)) {
    ++line_number;
    bytes += line.size() + 1;
    if (line.empty() || line == "\r") continue;
    ++rows;
    std::vector<std::string> results(result_columns.size());
    std::string error;
    if (auto split = split_csv_record(line, record); !split) {
      error = split.error().message;
      record.assign(1, line);
    } else {
      auto row = resolve_option_row(columns.read(record), args.flags, purpose);
      auto solved = row ? solve(*row) : std::unexpected(row.error());
      if (solved) results = *solved;
      else error = solved.error().describe();
    }
    if (!error.empty()) {
      ++failed;
      fmt::print(stderr, "{}:{}: {}\n", args.csv_in, line_number, error);
    }
    record.resize(header.size());
    results.push_back(error);
    for (std::size_t k = 0; k < results.size(); ++k) record[output_index[k]] = results[k];
    out << csv_join(record) << "\n";
    progress.update(bytes);
  }
  out.close();
  if (!out || in.bad()) exit_with(kCannotRun, fmt::format("nightdesk {}: writing {} failed", command, partial_path.string()));
  std::filesystem::rename(partial_path, final_path);
  progress.finish(fmt::format("{} rows, {} failed; wrote {}", rows, failed, args.csv_out));
  if (failed > 0) exit_with(kFailed, "");
}

std::string number_text(double value) { return fmt::format("{}", value); }

void run_price(const PriceArgs& args) {
  auto american = american_settings(args);
  auto theta = theta_convention(args.theta_per);
  if (!args.csv_in.empty()) {
    std::vector<std::string> columns;
    for (auto& [name, value] : report(pricing::Greeks{}, theta).values) columns.push_back(name);
    run_csv(args, RowPurpose::price, columns, [&](const OptionRow& row) -> Result<std::vector<std::string>> {
      auto g = pricing::price_and_greeks(row.model, row.right, row.inputs, american);
      if (!g) return std::unexpected(g.error());
      std::vector<std::string> cells;
      for (auto& [name, value] : report(*g, theta).values) cells.push_back(number_text(value));
      return cells;
    }, "price");
    return;
  }
  auto row = resolve_option_row({}, args.flags, RowPurpose::price);
  if (!row) fail_single(args, "price", row.error());
  auto g = pricing::price_and_greeks(row->model, row->right, row->inputs, american);
  if (!g) fail_single(args, "price", g.error());
  print_price(args, *row, *g);
}

void run_iv(const PriceArgs& args) {
  auto american = american_settings(args);
  auto solve = [&](const OptionRow& row) {
    return pricing::implied_volatility(row.model, row.right, row.price, row.inputs, american);
  };
  if (!args.csv_in.empty()) {
    run_csv(args, RowPurpose::iv, {"iv"}, [&](const OptionRow& row) -> Result<std::vector<std::string>> {
      auto iv = solve(row);
      if (!iv) return std::unexpected(iv.error());
      return std::vector<std::string>{number_text(*iv)};
    }, "iv");
    return;
  }
  auto row = resolve_option_row({}, args.flags, RowPurpose::iv);
  if (!row) fail_single(args, "iv", row.error());
  auto iv = solve(*row);
  if (!iv) fail_single(args, "iv", iv.error());
  print_iv(args, *row, *iv);
}

void add_option_flags(CLI::App& cmd, PriceArgs& args, RowPurpose purpose) {
  OptionFields& f = args.flags;
  cmd.add_option("--model", f.model, "bsm (default) | black76 | american")
      ->check(CLI::IsMember({"bsm", "black76", "american"}));
  cmd.add_option("--type", f.type, "call | put")->check(CLI::IsMember({"call", "put"}));
  cmd.add_option("--spot", f.spot, "spot price S (the futures price F for black76)");
  cmd.add_option("--strike", f.strike, "strike K");
  cmd.add_option("--expiry-years", f.expiry_years, "time to expiry T in years (act/365)");
  cmd.add_option("--rate", f.rate, "risk-free rate r, continuously compounded (0.05 = 5%; default 0)");
  cmd.add_option("--div", f.div, "dividend yield q, continuously compounded (default 0; unused by black76)");
  if (purpose == RowPurpose::price) cmd.add_option("--vol", f.vol, "volatility (0.20 = 20%)");
  else cmd.add_option("--price", f.price, "the option's market price");
  cmd.add_flag("--json", args.json, "print JSON instead of a table");
  cmd.add_option("--csv", args.csv_in, "read many options from a CSV file whose header names are the flag names")
      ->check(CLI::ExistingFile);
  cmd.add_option("--out", args.csv_out, "with --csv: write results (inputs + results + error column) here");
  cmd.add_option("--american-engine", args.american_engine, "bs2002 (Bjerksund-Stensland 2002, default) | tree")
      ->check(CLI::IsMember({"bs2002", "tree"}));
  cmd.add_option("--tree-steps", args.tree_steps, "Leisen-Reimer steps for --american-engine tree (default 201)")
      ->check(CLI::Range(1, 100'000));
}

}  // namespace

void add_price_commands(CLI::App& app) {
  auto price_args = std::make_shared<PriceArgs>();
  CLI::App* price = app.add_subcommand("price", "Price an option and its Greeks (or a CSV file of options)");
  add_option_flags(*price, *price_args, RowPurpose::price);
  price->add_option("--theta-per", price_args->theta_per, "theta and charm per year (default) | day | trading-day")
      ->check(CLI::IsMember({"year", "day", "trading-day"}));
  price->callback([price_args] { run_price(*price_args); });

  auto iv_args = std::make_shared<PriceArgs>();
  CLI::App* iv = app.add_subcommand("iv", "Solve implied volatility from an option price (or a CSV file of them)");
  add_option_flags(*iv, *iv_args, RowPurpose::iv);
  iv->callback([iv_args] { run_iv(*iv_args); });
}

}  // namespace nightdesk::apps
