#include "common/nearest_name.h"

#include <gtest/gtest.h>

namespace nightdesk {
namespace {

const std::vector<std::string> kKeys = {"max_runtime_hours", "max_idle_minutes", "checkpoint_interval_minutes"};

TEST(NearestName, SuggestsTheKeyOneTypoAway) {
  EXPECT_EQ(nearest_name("max_runtim_hours", kKeys), "max_runtime_hours");
  EXPECT_EQ(nearest_name("max_idle_minuts", kKeys), "max_idle_minutes");
}

TEST(NearestName, SuggestsNothingWhenNoKeyIsClose) {
  EXPECT_EQ(nearest_name("webhook", kKeys), std::nullopt);
  EXPECT_EQ(nearest_name("x", std::vector<std::string>{}), std::nullopt);
}

TEST(NearestName, AnExactNameIsNotATypo) { EXPECT_EQ(nearest_name("max_idle_minutes", kKeys), std::nullopt); }

TEST(NearestName, ShortWordsAllowTwoEdits) {
  const std::vector<std::string> sections = {"session", "budget"};
  EXPECT_EQ(nearest_name("sesion", sections), "session");
  EXPECT_EQ(nearest_name("budgte", sections), "budget");
}

}  // namespace
}  // namespace nightdesk
