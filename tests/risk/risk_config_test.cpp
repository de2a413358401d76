#include "risk/risk_config.h"

#include <gtest/gtest.h>

#include <yaml-cpp/yaml.h>

#include "common/config_loader.h"

namespace nightdesk::risk {
namespace {

struct Loaded {
  ConfigSchema schema;
  RiskConfigKeys keys = declare_risk_config(schema);
};

Result<RiskLimits> load(std::string_view yaml) {
  Loaded l;
  auto config = load_config_text(l.schema, yaml, "nightdesk.yaml", "", [](const std::string&) -> std::optional<std::string> { return std::nullopt; });
  if (!config) return std::unexpected(config.error());
  return read_risk_limits(*config, l.keys);
}

TEST(RiskConfig, Empty_GivesTheOriginalDefaults) {
  auto limits = load("");
  ASSERT_TRUE(limits) << limits.error().message;
  EXPECT_EQ(limits->max_position_size, BasisPoints(2500));
  EXPECT_EQ(limits->max_daily_loss, BasisPoints(300));
  EXPECT_EQ(limits->max_drawdown, BasisPoints(1000));
  EXPECT_EQ(limits->max_risk_per_trade, BasisPoints(200));
  EXPECT_EQ(limits->max_consecutive_losses, 5);
  EXPECT_EQ(limits->greeks.max_abs_delta, 1000.0);
  EXPECT_EQ(limits->short_put_collateral, ShortPutCollateral::reg_t);
}

TEST(RiskConfig, Values_AreRead) {
  auto limits = load(
      "risk:\n  max_daily_loss_pct: 2.5\n  max_consecutive_losses: 3\n  max_abs_vega: 0\n"
      "  greek_limit_overrides: [\"SPY delta=2000 gamma=none\"]\n  short_put_collateral: cash_secured\n");
  ASSERT_TRUE(limits) << limits.error().message;
  EXPECT_EQ(limits->max_daily_loss, BasisPoints(250));
  EXPECT_EQ(limits->max_consecutive_losses, 3);
  EXPECT_FALSE(limits->greeks.max_abs_vega);  // 0 = no limit
  EXPECT_EQ(limits->greeks_for("SPY").max_abs_delta, 2000.0);
  EXPECT_FALSE(limits->greeks_for("SPY").max_abs_gamma);
  EXPECT_EQ(limits->greeks_for("SPY").max_abs_vega, std::nullopt);  // inherits the configured default
  EXPECT_EQ(limits->greeks_for("QQQ").max_abs_delta, 1000.0);
  EXPECT_EQ(limits->short_put_collateral, ShortPutCollateral::cash_secured);
}

TEST(RiskConfig, OutOfRangePercent_NamesTheKey) {
  auto limits = load("risk:\n  max_drawdown_pct: 150\n");
  ASSERT_FALSE(limits);
  EXPECT_EQ(limits.error().field, "risk.max_drawdown_pct");
}

TEST(RiskConfig, ThreeDecimalPercent_NamesTheKeyAndLine) {
  auto limits = load("risk:\n  max_risk_per_trade_pct: 2.125\n");
  ASSERT_FALSE(limits);
  EXPECT_EQ(limits.error().field, "risk.max_risk_per_trade_pct");
  EXPECT_NE(limits.error().message.find("nightdesk.yaml:2"), std::string::npos) << limits.error().message;
}

TEST(RiskConfig, UnknownKey_IsRefused) {
  auto limits = load("risk:\n  max_daily_los_pct: 3\n");
  ASSERT_FALSE(limits);
  EXPECT_NE(limits.error().message.find("max_daily_los_pct"), std::string::npos);
}

TEST(RiskConfig, MalformedOverride_NamesTheKey) {
  for (const char* bad : {"\"SPY theta=5\"", "\"SPY delta=-1\"", "\"delta=5\"", "\"SPY delta\""}) {
    auto limits = load(std::string("risk:\n  greek_limit_overrides: [") + bad + "]\n");
    ASSERT_FALSE(limits) << bad;
    EXPECT_EQ(limits.error().field, "risk.greek_limit_overrides") << bad;
  }
}

TEST(RiskConfig, DuplicateOverride_IsRefused) {
  auto limits = load("risk:\n  greek_limit_overrides: [\"SPY delta=1\", \"SPY vega=2\"]\n");
  ASSERT_FALSE(limits);
  EXPECT_NE(limits.error().message.find("twice"), std::string::npos);
}

TEST(RiskConfig, ZeroConsecutiveLosses_IsRefused) {
  auto limits = load("risk:\n  max_consecutive_losses: 0\n");
  ASSERT_FALSE(limits);
  EXPECT_EQ(limits.error().field, "risk.max_consecutive_losses");
}

TEST(RiskConfig, ShippedConfigFile_RiskSectionLoads) {
  // Other modules add their sections to the same file; only the risk section is read here.
  YAML::Node file = YAML::LoadFile(NIGHTDESK_SOURCE_DIR "/config/nightdesk.yaml");
  ASSERT_TRUE(file["risk"]);
  YAML::Node only_risk;
  only_risk["risk"] = file["risk"];
  YAML::Emitter out;
  out << only_risk;
  auto limits = load(out.c_str());
  ASSERT_TRUE(limits) << limits.error().message;
  EXPECT_EQ(limits->max_daily_loss, BasisPoints(300));
  EXPECT_EQ(limits->max_position_size, BasisPoints(2500));
}

}  // namespace
}  // namespace nightdesk::risk
