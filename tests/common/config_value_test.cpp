#include "common/config_value.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace nightdesk {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::Not;

ConfigKeySpec spec_of(ConfigType type) {
  ConfigKeySpec spec;
  spec.section = "s";
  spec.name = "k";
  spec.type = type;
  return spec;
}

std::string error_of(const ConfigKeySpec& spec, std::string_view text) {
  auto r = parse_config_value(spec, text);
  return r ? std::string("(parsed)") : r.error().message;
}

TEST(ConfigBoolean, AcceptsOnlyTrueAndFalseSpellings) {
  auto spec = spec_of(ConfigType::boolean);
  for (auto text : {"true", "True", "TRUE"})
    EXPECT_EQ(parse_config_value(spec, text).value(), ConfigValue(true)) << text;
  for (auto text : {"false", "False", "FALSE"}) EXPECT_EQ(parse_config_value(spec, text).value(), ConfigValue(false));
}

TEST(ConfigBoolean, RefusesYamlOneOneSpellingsAndDigits) {
  auto spec = spec_of(ConfigType::boolean);
  for (auto text : {"yes", "no", "on", "off", "1", "0", "", "tRuE"}) {
    EXPECT_FALSE(parse_config_value(spec, text)) << text;
  }
  EXPECT_EQ(error_of(spec, "yes"), "expected true or false, got \"yes\"");
}

TEST(ConfigInteger, AcceptsSignedDecimal) {
  auto spec = spec_of(ConfigType::integer);
  EXPECT_EQ(parse_config_value(spec, "10").value(), ConfigValue(std::int64_t{10}));
  EXPECT_EQ(parse_config_value(spec, "-5").value(), ConfigValue(std::int64_t{-5}));
  EXPECT_EQ(parse_config_value(spec, "9223372036854775807").value(), ConfigValue(INT64_MAX));
}

TEST(ConfigInteger, RefusesFractionsExponentsAndOtherForms) {
  auto spec = spec_of(ConfigType::integer);
  for (auto text : {"10.5", "10.0", "1e3", "+5", "0x10", " 5", "5 ", "", "ten", "1_000"}) {
    EXPECT_FALSE(parse_config_value(spec, text)) << text;
  }
  EXPECT_EQ(error_of(spec, "10.5"), "expected an integer, got \"10.5\"");
}

TEST(ConfigInteger, OverflowIsOutOfRange) {
  auto r = parse_config_value(spec_of(ConfigType::integer), "9223372036854775808");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::out_of_range);
  EXPECT_THAT(r.error().message, HasSubstr("too large for a 64-bit integer"));
}

TEST(ConfigInteger, RangeIsInclusiveAndNamedInTheError) {
  auto spec = spec_of(ConfigType::integer);
  spec.min.emplace(std::int64_t{1});
  spec.max.emplace(std::int64_t{168});
  EXPECT_TRUE(parse_config_value(spec, "1"));
  EXPECT_TRUE(parse_config_value(spec, "168"));
  auto r = parse_config_value(spec, "169");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::out_of_range);
  EXPECT_EQ(r.error().message, "expected an integer in [1, 168], got 169");
  EXPECT_EQ(error_of(spec, "0"), "expected an integer in [1, 168], got 0");
  EXPECT_EQ(error_of(spec, "ten"), "expected an integer in [1, 168], got \"ten\"");
}

TEST(ConfigInteger, OneSidedRangesReadNaturally) {
  auto spec = spec_of(ConfigType::integer);
  spec.min.emplace(std::int64_t{0});
  EXPECT_EQ(error_of(spec, "-1"), "expected an integer >= 0, got -1");
  spec.min.reset();
  spec.max.emplace(std::int64_t{5});
  EXPECT_EQ(error_of(spec, "6"), "expected an integer <= 5, got 6");
}

TEST(ConfigNumber, AcceptsIntegersDecimalsAndExponents) {
  auto spec = spec_of(ConfigType::number);
  EXPECT_EQ(parse_config_value(spec, "10").value(), ConfigValue(10.0));
  EXPECT_EQ(parse_config_value(spec, "10.5").value(), ConfigValue(10.5));
  EXPECT_EQ(parse_config_value(spec, "-1e-3").value(), ConfigValue(-0.001));
}

TEST(ConfigNumber, RefusesNonFiniteAndMalformed) {
  auto spec = spec_of(ConfigType::number);
  for (auto text : {"nan", "inf", "-inf", "1e400", "1,5", "ten", "", "10%", "+1"}) {
    EXPECT_FALSE(parse_config_value(spec, text)) << text;
  }
  EXPECT_EQ(error_of(spec, "1,5"), "expected a number, got \"1,5\"");
}

TEST(ConfigNumber, RangeUsesShortestDecimalForm) {
  auto spec = spec_of(ConfigType::number);
  spec.min.emplace(0.0);
  spec.max.emplace(100.0);
  EXPECT_EQ(error_of(spec, "100.5"), "expected a number in [0, 100], got 100.5");
}

TEST(ConfigText, KeepsTextAsWritten) {
  EXPECT_EQ(parse_config_value(spec_of(ConfigType::text), " spaced ").value(), ConfigValue(std::string(" spaced ")));
  EXPECT_EQ(parse_config_value(spec_of(ConfigType::text), "").value(), ConfigValue(std::string()));
}

TEST(ConfigChoice, MatchesIgnoringCaseAndStoresTheDeclaredSpelling) {
  auto spec = spec_of(ConfigType::choice);
  spec.choices = {"DEBUG", "INFO", "WARNING"};
  EXPECT_EQ(parse_config_value(spec, "info").value(), ConfigValue(std::string("INFO")));
  EXPECT_EQ(error_of(spec, "verbose"), "expected one of DEBUG, INFO, WARNING, got \"verbose\"");
}

TEST(ConfigDurationText, ParsesUnitsAndSums) {
  EXPECT_EQ(parse_duration("250ms").value(), 250ms);
  EXPECT_EQ(parse_duration("30s").value(), 30s);
  EXPECT_EQ(parse_duration("5m").value(), 5min);
  EXPECT_EQ(parse_duration("2h").value(), 2h);
  EXPECT_EQ(parse_duration("1d").value(), 24h);
  EXPECT_EQ(parse_duration("1h30m").value(), 90min);
  EXPECT_EQ(parse_duration("0s").value(), 0ms);
}

TEST(ConfigDurationText, RefusesBareNumbersNegativesAndUnknownUnits) {
  for (auto text : {"30", "-5s", "5x", "", "1.5h", "s", "5 s", "5sec"}) EXPECT_FALSE(parse_duration(text)) << text;
  EXPECT_EQ(parse_duration("30").error().message, "a duration needs a unit: ms, s, m, h or d");
  EXPECT_EQ(parse_duration("99999999999999999d").error().code, ErrorCode::out_of_range);
}

TEST(ConfigDurationText, FormatsWithTheLargestExactUnit) {
  EXPECT_EQ(format_duration(3600s), "1h");
  EXPECT_EQ(format_duration(90s), "90s");
  EXPECT_EQ(format_duration(1500ms), "1500ms");
  EXPECT_EQ(format_duration(0ms), "0s");
  EXPECT_EQ(format_duration(48h), "2d");
}

TEST(ConfigDurationValue, RangeErrorShowsDurationsAsText) {
  auto spec = spec_of(ConfigType::duration);
  spec.min.emplace(ConfigDuration(1s));
  spec.max.emplace(ConfigDuration(1h));
  EXPECT_EQ(parse_config_value(spec, "30m").value(), ConfigValue(ConfigDuration(30min)));
  EXPECT_EQ(error_of(spec, "2h"), "expected a duration such as 500ms, 30s, 5m, 2h or 1h30m in [1s, 1h], got 2h");
  EXPECT_EQ(error_of(spec, "30"), "expected a duration such as 500ms, 30s, 5m, 2h or 1h30m in [1s, 1h], got \"30\"");
}

TEST(ConfigTextList, ReadsCommaSeparatedItemsTrimmed) {
  auto spec = spec_of(ConfigType::text_list);
  EXPECT_EQ(parse_config_value(spec, "http://a, http://b ,c").value(),
            ConfigValue(std::vector<std::string>{"http://a", "http://b", "c"}));
  EXPECT_EQ(parse_config_value(spec, "").value(), ConfigValue(std::vector<std::string>{}));
  EXPECT_EQ(parse_config_value(spec, "one").value(), ConfigValue(std::vector<std::string>{"one"}));
}

TEST(ConfigTextList, EmptyItemIsAnError) {
  auto spec = spec_of(ConfigType::text_list);
  EXPECT_EQ(error_of(spec, "a,,b"), "expected a list of strings, got \"a,,b\" (an empty item)");
  EXPECT_FALSE(parse_config_value(spec, "a,"));
}

TEST(ConfigSecret, ErrorsDescribeButNeverQuoteTheValue) {
  auto spec = spec_of(ConfigType::integer);
  spec.secret = true;
  spec.max.emplace(std::int64_t{10});
  EXPECT_EQ(error_of(spec, "hunter2"), "expected an integer <= 10, got a secret value (not shown)");
  EXPECT_EQ(error_of(spec, "4242"), "expected an integer <= 10, got a secret value (not shown)");
}

TEST(ConfigValueText, LongValuesAreShortenedInErrors) {
  std::string long_text(200, 'x');
  auto message = error_of(spec_of(ConfigType::integer), long_text);
  EXPECT_THAT(message, HasSubstr("...\""));
  EXPECT_THAT(message, Not(HasSubstr(long_text)));
}

TEST(ConfigValueText, FormatsEveryType) {
  EXPECT_EQ(format_config_value(ConfigValue(true)), "true");
  EXPECT_EQ(format_config_value(ConfigValue(std::int64_t{-3})), "-3");
  EXPECT_EQ(format_config_value(ConfigValue(0.25)), "0.25");
  EXPECT_EQ(format_config_value(ConfigValue(std::string("json"))), "json");
  EXPECT_EQ(format_config_value(ConfigValue(ConfigDuration(5min))), "5m");
  EXPECT_EQ(format_config_value(ConfigValue(std::vector<std::string>{"a", "b"})), "a, b");
}

}  // namespace
}  // namespace nightdesk
