// The frozen registry (spec B7): after the initializer, only `passes` may change; every other edit is undone
// and named; flips to passing are handed to the runner's verification; the runner's own check decides.
#include "overnight/registry_freeze.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/atomic_file.h"
#include "overnight/feature_verifier.h"
#include "support/temp_dir.h"

namespace nightdesk::overnight {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<Feature> frozen() {
  return {Feature{"F1", "functional", "parse quotes", TaskPriority::p0, {"run it"}, "test -f a", false},
          Feature{"F2", "functional", "price options", TaskPriority::p1, {"run it"}, "test -f b", false}};
}

TEST(RegistryFreeze, OnlyPassesFlipped_NothingRejectedAndTheFlipIsClaimed) {
  auto now = frozen();
  now[1].passes = true;
  FreezeCheck check = freeze_check(frozen(), now);
  EXPECT_TRUE(check.rejected.empty());
  EXPECT_THAT(check.claimed_passing, ElementsAre("F2"));
  EXPECT_TRUE(check.registry[1].passes);  // until the runner's verification says otherwise
}

TEST(RegistryFreeze, DescriptionAndVerificationEdited_RestoredAndNamed) {
  auto now = frozen();
  now[0].description = "parse quotes (done, trust me)";
  now[0].verification = "true";
  FreezeCheck check = freeze_check(frozen(), now);
  ASSERT_EQ(check.rejected.size(), 1u);
  EXPECT_EQ(check.rejected[0], "F1: description, verification changed (restored)");
  EXPECT_EQ(check.registry[0].verification, "test -f a");
  EXPECT_TRUE(check.file_needs_rewrite());
}

TEST(RegistryFreeze, FeatureAddedAndAnotherRemoved_BothUndone) {
  auto now = frozen();
  now.erase(now.begin());
  now.push_back(Feature{"F9", "extra", "new idea", TaskPriority::p0, {"x"}, "true", true});
  FreezeCheck check = freeze_check(frozen(), now);
  EXPECT_THAT(check.rejected, ElementsAre("F1: removed (restored)", "F9: added (removed; the registry is frozen)"));
  ASSERT_EQ(check.registry.size(), 2u);
  EXPECT_EQ(check.registry[0].id, "F1");
  EXPECT_TRUE(check.claimed_passing.empty());
}

TEST(RegistryFreeze, Reordered_FrozenOrderRestored) {
  auto now = frozen();
  std::swap(now[0], now[1]);
  FreezeCheck check = freeze_check(frozen(), now);
  EXPECT_THAT(check.rejected, ElementsAre("features reordered (frozen order restored)"));
  EXPECT_EQ(check.registry[0].id, "F1");
}

TEST(RegistryFreeze, UnreadableFile_RestoredWithTheAcceptedPasses) {
  auto accepted = frozen();
  accepted[0].passes = true;
  FreezeCheck check = freeze_check(accepted, Result<std::vector<Feature>>(fail(ErrorCode::parse_error, "not JSON")));
  ASSERT_EQ(check.rejected.size(), 1u);
  EXPECT_THAT(check.rejected[0], HasSubstr("unreadable"));
  EXPECT_TRUE(check.registry[0].passes);
  EXPECT_TRUE(check.claimed_passing.empty());
}

TEST(RegistryFreeze, PassingSetBackToFalse_IsAcceptedAsWithdrawn) {
  auto accepted = frozen();
  accepted[0].passes = true;
  FreezeCheck check = freeze_check(accepted, frozen());
  EXPECT_THAT(check.withdrawn, ElementsAre("F1"));
  EXPECT_FALSE(check.registry[0].passes);
}

class RegistryReviewFile : public ::testing::Test {
 protected:
  std::filesystem::path file() const { return dir.path() / "features.json"; }
  nightdesk::testing::TempDir dir;
};

TEST_F(RegistryReviewFile, FalseClaim_RevertedWithTheReasonAndTheFileRewritten) {
  auto now = frozen();
  now[0].passes = true;
  now[1].passes = true;
  ASSERT_TRUE(write_file_atomically(file(), encode_feature_registry(now)));
  auto verify = [](const Feature& f) { return FeatureCheck{f.id, f.id == "F2", f.id == "F2" ? "passed" : "failed: exit code 1"}; };
  auto review = review_registry(file(), frozen(), verify);
  ASSERT_TRUE(review) << review.error().message;
  EXPECT_FALSE(review->accepted[0].passes);
  EXPECT_TRUE(review->accepted[1].passes);
  EXPECT_TRUE(review->rewrote_file);
  auto on_disk = read_feature_registry(file());
  ASSERT_TRUE(on_disk);
  EXPECT_FALSE((*on_disk)[0].passes);
  EXPECT_TRUE((*on_disk)[1].passes);
  const auto reasons = review->reasons();
  EXPECT_THAT(reasons, ::testing::Contains(HasSubstr("F1 reverted to not passing: the runner's verification failed "
                                                     "(failed: exit code 1)")));
  EXPECT_THAT(reasons, ::testing::Contains(HasSubstr("F2 accepted as passing")));
}

TEST_F(RegistryReviewFile, UnchangedFile_IsNotRewrittenAndNothingIsVerified) {
  ASSERT_TRUE(write_file_atomically(file(), encode_feature_registry(frozen())));
  int verified = 0;
  auto review = review_registry(file(), frozen(), [&](const Feature& f) { ++verified; return FeatureCheck{f.id, true, ""}; });
  ASSERT_TRUE(review);
  EXPECT_EQ(verified, 0);
  EXPECT_FALSE(review->rewrote_file);
}

TEST_F(RegistryReviewFile, VerifyFeature_RunsTheCommandInTheWorkTree) {
  Feature f = frozen()[0];
  EXPECT_FALSE(verify_feature(f, dir.path(), std::chrono::seconds(10)).passed);
  ASSERT_TRUE(write_file_atomically(dir.path() / "a", "x"));
  FeatureCheck check = verify_feature(f, dir.path(), std::chrono::seconds(10));
  EXPECT_TRUE(check.passed) << check.summary;
}

TEST_F(RegistryReviewFile, Reverify_ABrokenFeatureIsRevertedBeforeCompletion) {
  auto accepted = frozen();
  accepted[0].passes = true;
  accepted[1].passes = true;
  ASSERT_TRUE(write_file_atomically(file(), encode_feature_registry(accepted)));
  auto review = reverify_required(file(), accepted, [](const Feature&) { return true; },
                                  [](const Feature& f) { return FeatureCheck{f.id, f.id == "F1", "x"}; });
  ASSERT_TRUE(review);
  EXPECT_TRUE(review->accepted[0].passes);
  EXPECT_FALSE(review->accepted[1].passes);
  ASSERT_EQ(review->checks.size(), 1u);
  EXPECT_EQ(review->checks[0].id, "F2");
}

}  // namespace
}  // namespace nightdesk::overnight
