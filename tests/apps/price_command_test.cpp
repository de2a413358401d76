// Integration tests: the real `nightdesk price` / `nightdesk iv` binaries, as a user runs them.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include <nlohmann/json.hpp>

#include "common/atomic_file.h"
#include "common/csv.h"
#include "support/command.h"
#include "support/temp_dir.h"

namespace nightdesk {
namespace {

using testing::binary_path;
using testing::run_command;
using testing::TempDir;

const std::string kHaugCall = " --type call --spot 60 --strike 65 --expiry-years 0.25 --rate 0.08";

TEST(PriceCommand, TableShowsHaugsWorkedExample) {
  // Haug (2007), The Complete Guide to Option Pricing Formulas, 2nd ed., p. 3: call = 2.1334.
  auto r = run_command(binary_path("nightdesk") + " price" + kHaugCall + " --vol 0.30");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("price      2.13336"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("delta"), std::string::npos);
}

TEST(PriceCommand, JsonHasEveryGreekKey) {
  auto r = run_command(binary_path("nightdesk") + " price" + kHaugCall + " --vol 0.30 --json");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  auto j = nlohmann::json::parse(r.out);
  for (const char* key : {"price", "delta", "gamma", "vega", "theta", "rho", "vanna", "volga", "charm"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_NEAR(j["price"].get<double>(), 2.1334, 5e-5);
}

TEST(PriceCommand, ThetaPerDayIsTheYearlyThetaOver365) {
  auto year = nlohmann::json::parse(run_command(binary_path("nightdesk") + " price" + kHaugCall + " --vol 0.3 --json").out);
  auto day = nlohmann::json::parse(
      run_command(binary_path("nightdesk") + " price" + kHaugCall + " --vol 0.3 --json --theta-per day").out);
  EXPECT_NEAR(day["theta"].get<double>(), year["theta"].get<double>() / 365.0, 1e-15);
}

TEST(IvCommand, SolvesBackTheVolatility) {
  auto r = run_command(binary_path("nightdesk") + " iv" + kHaugCall + " --price 2.133368444946 --json");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NEAR(nlohmann::json::parse(r.out)["iv"].get<double>(), 0.30, 1e-10);
}

TEST(IvCommand, PriceBelowIntrinsicIsAnErrorNamingPrice) {
  // A 100-strike call on spot 120 is worth at least about 20: 1.00 has no implied volatility.
  auto r = run_command(binary_path("nightdesk") +
                       " iv --type call --spot 120 --strike 100 --expiry-years 0.5 --price 1.00 --json 2>/dev/null");
  EXPECT_EQ(r.exit_code, 1);
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["error"]["field"], "price");
}

TEST(PriceCommand, MissingOrBadFlagsNameTheField) {
  auto missing = run_command(binary_path("nightdesk") + " price --type call --spot 100 --expiry-years 1 --vol 0.2 2>&1");
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.out.find("strike: is required"), std::string::npos) << missing.out;
  auto bad = run_command(binary_path("nightdesk") + " price --type call --spot x1 --strike 1 --expiry-years 1 --vol 0.2 2>&1");
  EXPECT_NE(bad.out.find("spot: expected a finite number, got 'x1'"), std::string::npos) << bad.out;
  auto model = run_command(binary_path("nightdesk") + " price --model heston --type call 2>&1");
  EXPECT_NE(model.exit_code, 0);
  EXPECT_NE(model.out.find("--model"), std::string::npos) << model.out;
}

TEST(PriceCommand, CsvRunContinuesPastBadRowsAndCountsThem) {
  TempDir dir;
  ASSERT_TRUE(write_file_atomically(dir / "in.csv",
                                    "id,model,type,spot,strike,expiry-years,vol\n"
                                    "a,bsm,call,100,100,1,0.2\n"
                                    "b,american,put,100,110,0.5,0.3\n"
                                    "c,bsm,call,100,oops,1,0.2\n"
                                    "d,black76,put,100,95,0.25,0.25\n"));
  auto r = run_command(binary_path("nightdesk") + " price --csv " + (dir / "in.csv").string() + " --out " +
                       (dir / "out.csv").string() + " --rate 0.05 2>&1");
  EXPECT_EQ(r.exit_code, 1);  // some rows failed
  EXPECT_NE(r.out.find("4 rows, 1 failed"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("in.csv:4: strike"), std::string::npos) << r.out;
  auto out = read_file(dir / "out.csv");
  ASSERT_TRUE(out);
  EXPECT_EQ(out->substr(0, out->find('\n')),
            "id,model,type,spot,strike,expiry-years,vol,price,delta,gamma,vega,theta,rho,vanna,volga,charm,error");
  EXPECT_NE(out->find("a,bsm,call,100,100,1,0.2,10.4505835721"), std::string::npos) << *out;
  EXPECT_NE(out->find("c,bsm,call,100,oops,1,0.2,,,,,,,,,,\"strike: expected a finite number, got 'oops'\""),
            std::string::npos) << *out;
  EXPECT_FALSE(std::filesystem::exists(dir / "out.csv.partial"));
}

TEST(IvCommand, CsvRoundTripsPricesFromThePriceCommand) {
  TempDir dir;
  ASSERT_TRUE(write_file_atomically(dir / "in.csv",
                                    "type,spot,strike,expiry_years,rate,div,vol\n"
                                    "call,100,80,0.1,0.03,0.01,0.45\n"
                                    "put,100,120,2,0.03,0.01,0.15\n"));
  auto priced = run_command(binary_path("nightdesk") + " price --csv " + (dir / "in.csv").string() + " --out " +
                            (dir / "priced.csv").string() + " 2>&1");
  ASSERT_EQ(priced.exit_code, 0) << priced.out;
  auto solved = run_command(binary_path("nightdesk") + " iv --csv " + (dir / "priced.csv").string() + " --out " +
                            (dir / "iv.csv").string() + " 2>&1");
  ASSERT_EQ(solved.exit_code, 0) << solved.out;
  std::ifstream in(dir / "iv.csv");
  std::string line;
  std::vector<std::string> header, row;
  ASSERT_TRUE(std::getline(in, line) && split_csv_record(line, header));
  auto column = [&](const std::string& name) {
    return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
  };
  ASSERT_LT(column("iv"), header.size());
  ASSERT_LT(column("error"), header.size());
  int rows = 0;
  while (std::getline(in, line)) {
    ASSERT_TRUE(split_csv_record(line, row));
    EXPECT_EQ(row[column("error")], "");
    EXPECT_NEAR(std::stod(row[column("iv")]), std::stod(row[column("vol")]), 1e-12);
    ++rows;
  }
  EXPECT_EQ(rows, 2);
}

}  // namespace
}  // namespace nightdesk
