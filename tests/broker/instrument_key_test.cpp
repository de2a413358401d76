#include "broker/instrument_key.h"

#include <string>
#include <unordered_map>

#include <gtest/gtest.h>

#include "support/quote_event.h"

namespace nightdesk::broker {
namespace {

const Date kJan17{std::chrono::year{2025}, std::chrono::January, std::chrono::day{17}};

// A quote event naming `i` (the key reads only its identifying fields).
market::QuoteEvent quote_of(const market::Instrument& i) {
  return testing::quote_event(i, Timestamp{}, Price{}, Price{}, Quantity{}, Quantity{});
}

using Books = std::unordered_map<InstrumentKey, std::string, InstrumentKeyHash, InstrumentKeyEqual>;

TEST(InstrumentKey, MapKeyedByIt_IsFoundByInstrumentAndByQuoteEvent) {
  const auto call = market::Instrument::option("SPY", kJan17, Price::from_units(4'500'000), OptionRight::call);
  Books books;
  books.emplace(InstrumentKey::of(call), "the call");
  ASSERT_NE(books.find(call), books.end());
  EXPECT_EQ(books.find(call)->second, "the call");
  ASSERT_NE(books.find(quote_of(call)), books.end());
  EXPECT_EQ(books.find(quote_of(call))->second, "the call");
}

TEST(InstrumentKey, OtherStrikeRightExpiryOrSymbol_IsNotFound) {
  const auto call = market::Instrument::option("SPY", kJan17, Price::from_units(4'500'000), OptionRight::call);
  Books books;
  books.emplace(InstrumentKey::of(call), "the call");
  EXPECT_EQ(books.find(market::Instrument::option("SPY", kJan17, Price::from_units(4'510'000), OptionRight::call)), books.end());
  EXPECT_EQ(books.find(market::Instrument::option("SPY", kJan17, Price::from_units(4'500'000), OptionRight::put)), books.end());
  const Date jan24{std::chrono::year{2025}, std::chrono::January, std::chrono::day{24}};
  EXPECT_EQ(books.find(market::Instrument::option("SPY", jan24, Price::from_units(4'500'000), OptionRight::call)), books.end());
  EXPECT_EQ(books.find(market::Instrument::option("QQQ", kJan17, Price::from_units(4'500'000), OptionRight::call)), books.end());
  EXPECT_EQ(books.find(market::Instrument::stock("SPY")), books.end());
}

TEST(InstrumentKey, Underlying_IgnoresOptionFieldsItDoesNotHave) {
  Books books;
  books.emplace(InstrumentKey::of(market::Instrument::stock("SPY")), "the stock");
  market::QuoteEvent stray = quote_of(market::Instrument::stock("SPY"));
  stray.strike = Price::from_units(10'000);  // meaningless for an underlying: a feed may leave anything there
  stray.expiry = kJan17;
  ASSERT_NE(books.find(stray), books.end());
  EXPECT_EQ(InstrumentKeyHash{}(stray), InstrumentKeyHash{}(InstrumentKey::of(stray)));
  EXPECT_TRUE(InstrumentKeyEqual{}(stray, market::Instrument::stock("SPY")));
}

}  // namespace
}  // namespace nightdesk::broker
