#include "apps/option_row.h"

#include <gtest/gtest.h>

namespace nightdesk::apps {
namespace {

OptionFields flags() {
  OptionFields f;
  f.type = "put";
  f.spot = "100";
  f.strike = "95";
  f.expiry_years = "0.5";
  f.vol = "0.2";
  return f;
}

TEST(OptionRow, RowValuesWinOverFlagsAndBlanksFallBack) {
  OptionFields row;
  row.strike = "105";
  row.spot = "";  // blank: use the flag
  auto r = resolve_option_row(row, flags(), RowPurpose::price);
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r->inputs.strike, 105);
  EXPECT_EQ(r->inputs.spot_or_forward, 100);
  EXPECT_EQ(r->right, OptionRight::put);
  EXPECT_EQ(r->model, pricing::Model::bsm);
  EXPECT_EQ(r->inputs.rate, 0.0);  // rate and div default to 0
}

TEST(OptionRow, IvNeedsAPriceNotAVol) {
  auto r = resolve_option_row({}, flags(), RowPurpose::iv);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "price");
}

TEST(OptionRow, RejectsTextThatIsNotExactlyANumber) {
  for (const char* bad : {"1.5x", "", " 1", "nan", "inf"}) {
    OptionFields row;
    row.rate = bad;
    auto r = resolve_option_row(row, flags(), RowPurpose::price);
    if (std::string(bad).empty()) {
      EXPECT_TRUE(r);  // blank falls back to the default
      continue;
    }
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().field, "rate");
  }
}

TEST(OptionRow, UnknownModelAndTypeAreNamed) {
  OptionFields row;
  row.model = "heston";
  EXPECT_EQ(resolve_option_row(row, flags(), RowPurpose::price).error().field, "model");
  row.model = "american";
  row.type = "straddle";
  EXPECT_EQ(resolve_option_row(row, flags(), RowPurpose::price).error().field, "type");
}

TEST(OptionColumns, MatchesFlagNamesWithDashesOrUnderscoresInAnyCase) {
  OptionColumns columns({"ID", "Expiry_Years", " strike ", "Type"});
  OptionFields f = columns.read({"x", "0.25", "50", "call"});
  EXPECT_EQ(f.expiry_years, "0.25");
  EXPECT_EQ(f.strike, "50");
  EXPECT_EQ(f.type, "call");
  EXPECT_FALSE(f.spot);
}

}  // namespace
}  // namespace nightdesk::apps
