#include "common/env_expansion.h"

#include <cstdlib>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace nightdesk {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const EnvLookup kEnv = environment_from({{"HOME", "/home/trader"}, {"EMPTY", ""}, {"NESTED", "${HOME}"}});

TEST(EnvExpansion, TextWithoutDollarIsUnchanged) {
  EXPECT_EQ(expand_variables("plain text: 100%", kEnv).value(), "plain text: 100%");
  EXPECT_EQ(expand_variables("", kEnv).value(), "");
}

TEST(EnvExpansion, ReplacesEachReference) {
  EXPECT_EQ(expand_variables("${HOME}/state.json", kEnv).value(), "/home/trader/state.json");
  EXPECT_EQ(expand_variables("${HOME}${HOME}", kEnv).value(), "/home/trader/home/trader");
}

TEST(EnvExpansion, UnsetVariableWithoutDefaultIsAnErrorNamingIt) {
  auto r = expand_variables("${DISCORD_URL}/hook", kEnv);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(r.error().message, "${DISCORD_URL} is not set (set DISCORD_URL, or write ${DISCORD_URL:-default})");
}

TEST(EnvExpansion, SetButEmptyVariableExpandsToEmpty) {
  EXPECT_EQ(expand_variables("[${EMPTY}]", kEnv).value(), "[]");
}

TEST(EnvExpansion, DefaultIsUsedWhenUnsetOrEmptyAndIgnoredWhenSet) {
  EXPECT_EQ(expand_variables("${LEVEL:-INFO}", kEnv).value(), "INFO");
  EXPECT_EQ(expand_variables("${EMPTY:-fallback}", kEnv).value(), "fallback");
  EXPECT_EQ(expand_variables("${HOME:-/tmp}", kEnv).value(), "/home/trader");
  EXPECT_EQ(expand_variables("${LEVEL:-}", kEnv).value(), "");
}

TEST(EnvExpansion, DefaultIsTakenLiterally) {
  EXPECT_EQ(expand_variables("${UNSET:-a:b-c $x}", kEnv).value(), "a:b-c $x");
}

TEST(EnvExpansion, DoubleDollarIsALiteralDollar) {
  EXPECT_EQ(expand_variables("costs $$5", kEnv).value(), "costs $5");
  EXPECT_EQ(expand_variables("$${HOME}", kEnv).value(), "${HOME}");
}

TEST(EnvExpansion, ExpandedValuesAreNotExpandedAgain) {
  EXPECT_EQ(expand_variables("${NESTED}", kEnv).value(), "${HOME}");
}

TEST(EnvExpansion, BareDollarNameIsAnErrorSuggestingBraces) {
  auto r = expand_variables("$HOME/state.json", kEnv);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::parse_error);
  EXPECT_EQ(r.error().message, "$HOME is not expanded: write ${HOME}, or $$HOME for a literal \"$HOME\"");
}

TEST(EnvExpansion, LoneDollarIsAnError) {
  auto r = expand_variables("price 5$", kEnv);
  ASSERT_FALSE(r);
  EXPECT_THAT(r.error().message, HasSubstr("write $$ for a literal $"));
  EXPECT_FALSE(expand_variables("$ 5", kEnv));
}

TEST(EnvExpansion, UnterminatedReferenceIsAnError) {
  auto r = expand_variables("${HOME/x", kEnv);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::parse_error);
  EXPECT_THAT(r.error().message, HasSubstr("without a closing"));
}

TEST(EnvExpansion, MalformedReferencesAreErrors) {
  EXPECT_THAT(expand_variables("${}", kEnv).error().message, HasSubstr("not a variable reference"));
  EXPECT_THAT(expand_variables("${1ABC}", kEnv).error().message, HasSubstr("not a variable reference"));
  // Only ":-" is supported; the shell's other operators are refused rather than misread.
  EXPECT_THAT(expand_variables("${HOME-x}", kEnv).error().message, HasSubstr("expected ${HOME} or ${HOME:-default}"));
  EXPECT_FALSE(expand_variables("${HOME:=x}", kEnv));
}

TEST(EnvExpansion, ErrorsNeverQuoteAVariablesValue) {
  const EnvLookup env = environment_from({{"TOKEN", "s3cr3t-value"}});
  auto r = expand_variables("${TOKEN-x}", env);
  ASSERT_FALSE(r);
  EXPECT_THAT(r.error().message, Not(HasSubstr("s3cr3t")));
}

TEST(ProcessEnvironment, ReadsTheRealEnvironment) {
  const char* path = std::getenv("PATH");
  ASSERT_NE(path, nullptr);
  EXPECT_EQ(process_environment()("PATH"), std::string(path));
  EXPECT_EQ(process_environment()("NIGHTDESK_SURELY_UNSET_VARIABLE_42"), std::nullopt);
}

}  // namespace
}  // namespace nightdesk
