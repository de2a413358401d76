#include "common/occ_symbol.h"

#include <gtest/gtest.h>

#include <random>

namespace nightdesk {
namespace {

using namespace std::chrono;

TEST(OccSymbol, ParsesThePaddedForm) {
  auto s = OccSymbol::parse("SPY   250117C00450000");
  ASSERT_TRUE(s) << s.error().describe();
  EXPECT_EQ(s->root, "SPY");
  EXPECT_EQ(s->expiry, Date(year{2025}, January, day{17}));
  EXPECT_EQ(s->right, OptionRight::call);
  EXPECT_EQ(s->strike.to_string(), "450.00");
}

TEST(OccSymbol, ParsesTheCompactFormWithFractionalStrike) {
  auto s = OccSymbol::parse("BAC240621P00032500");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->root, "BAC");  // never "BA": the root comes from the symbol, not from stripping letters
  EXPECT_EQ(s->right, OptionRight::put);
  EXPECT_EQ(s->strike.to_string(), "32.50");
}

TEST(OccSymbol, SixCharacterRootHasNoPadding) {
  auto s = OccSymbol::parse("GOOGL1240119C00100500");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->root, "GOOGL1");
  EXPECT_EQ(*s->to_padded(), "GOOGL1240119C00100500");
  EXPECT_EQ(s->strike.to_string(), "100.50");
}

TEST(OccSymbol, FormatsBothForms) {
  OccSymbol s{"SPXW", Date(year{2025}, March, day{21}), OptionRight::put, *Price::parse("5125.5")};
  EXPECT_EQ(*s.to_padded(), "SPXW  250321P05125500");
  EXPECT_EQ(*s.to_compact(), "SPXW250321P05125500");
}

TEST(OccSymbol, RoundTripsRandomContracts) {
  std::mt19937_64 rng(42);
  const std::string letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  for (int i = 0; i < 2000; ++i) {
    std::string root;
    int len = 1 + static_cast<int>(rng() % 6);
    for (int k = 0; k < len; ++k) root += letters[rng() % letters.size()];
    sys_days day_count = sys_days{Date(year{2000}, January, day{1})} + days{static_cast<int>(rng() % 36500)};
    OccSymbol s{root, Date{day_count}, rng() % 2 ? OptionRight::call : OptionRight::put,
                Price::from_units(10 * static_cast<std::int64_t>(1 + rng() % 99'999'999))};
    auto padded = s.to_padded();
    auto compact = s.to_compact();
    ASSERT_TRUE(padded && compact);
    ASSERT_EQ(padded->size(), 21u);
    EXPECT_EQ(*OccSymbol::parse(*padded), s) << *padded;
    EXPECT_EQ(*OccSymbol::parse(*compact), s) << *compact;
  }
}

TEST(OccSymbol, RejectsMalformedSymbols) {
  for (const char* bad : {"", "SPY", "SPY   250117X00450000", "SPY   251317C00450000", "SPY   250230C00450000",
                          "SPY   25011 C00450000", "SPY   250117C0045000A", "spy   250117C00450000",
                          "S PY  250117C00450000", "SPY    250117C00450000", "SPY   250117C00000000",
                          "TOOLONG250117C00450000"}) {
    auto r = OccSymbol::parse(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().field, "symbol");
    EXPECT_NE(r.error().message.find(bad), std::string::npos);
  }
}

TEST(OccSymbol, RefusesToFormatInvalidParts) {
  Date d(year{2025}, January, day{17});
  auto field_of_error = [](OccSymbol s) { return s.to_padded().error().field; };
  EXPECT_EQ(field_of_error({"", d, OptionRight::call, *Price::parse("1")}), "root");
  EXPECT_EQ(field_of_error({"SPY", d, OptionRight::call, *Price::parse("1.2345")}), "strike");
  EXPECT_EQ(field_of_error({"SPY", d, OptionRight::call, *Price::parse("100000")}), "strike");
  EXPECT_EQ(field_of_error({"SPY", Date(year{1999}, January, day{1}), OptionRight::call, *Price::parse("1")}), "expiry");
}

TEST(OptionRight, ParsesWordsAndLetters) {
  EXPECT_EQ(parse_option_right("Call"), OptionRight::call);
  EXPECT_EQ(parse_option_right("p"), OptionRight::put);
  EXPECT_FALSE(parse_option_right("x"));
}

}  // namespace
}  // namespace nightdesk
