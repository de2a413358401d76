// The feature registry (spec B7): the documented JSON schema, errors that name the feature index and field (all
// at once), encoding, the next feature to work on and which features are required.
#include "overnight/feature_registry.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace nightdesk::overnight {
namespace {

using ::testing::HasSubstr;

constexpr const char* kTwoFeatures = R"([
  {"id": "F1", "category": "functional", "description": "parse quotes", "priority": "P0",
   "steps": ["run the parser on a file"], "verification": "test -f a", "passes": false},
  {"id": "F2", "category": "ui", "description": "show the chain", "priority": "P2",
   "steps": ["open the page", "see rows"], "verification": "true", "passes": true}
])";

std::string errors_of(std::string_view text) {
  auto parsed = parse_feature_registry(text);
  EXPECT_FALSE(parsed);
  return parsed ? "" : parsed.error().message;
}

TEST(FeatureRegistry, ValidRegistry_ParsesEveryField) {
  auto parsed = parse_feature_registry(kTwoFeatures);
  ASSERT_TRUE(parsed) << parsed.error().message;
  ASSERT_EQ(parsed->size(), 2u);
  const Feature& f = (*parsed)[1];
  EXPECT_EQ(f.id, "F2");
  EXPECT_EQ(f.category, "ui");
  EXPECT_EQ(f.priority, TaskPriority::p2);
  EXPECT_EQ(f.steps, (std::vector<std::string>{"open the page", "see rows"}));
  EXPECT_EQ(f.verification, "true");
  EXPECT_TRUE(f.passes);
}

TEST(FeatureRegistry, BadPriority_NamesTheIndexAndFieldAndValue) {
  std::string text = kTwoFeatures;
  text.replace(text.find("\"P2\""), 4, "\"high\"");
  EXPECT_THAT(errors_of(text), HasSubstr("features[1].priority: expected one of P0, P1, P2, P3, got \"high\""));
}

TEST(FeatureRegistry, EveryProblem_IsReportedAtOnce) {
  const std::string errors = errors_of(R"([{"id": "F1", "category": "", "priority": "P1", "steps": [],
      "verification": "true", "passes": "no", "notes": "x"}])");
  EXPECT_THAT(errors, HasSubstr("features[0].category: expected non-empty text"));
  EXPECT_THAT(errors, HasSubstr("features[0].description: missing"));
  EXPECT_THAT(errors, HasSubstr("features[0].steps: expected a non-empty array"));
  EXPECT_THAT(errors, HasSubstr("features[0].passes: expected true or false"));
  EXPECT_THAT(errors, HasSubstr("features[0].notes: unknown field"));
}

TEST(FeatureRegistry, DuplicateId_NamesTheLaterFeature) {
  std::string text = kTwoFeatures;
  text.replace(text.find("\"F2\""), 4, "\"F1\"");
  EXPECT_THAT(errors_of(text), HasSubstr("features[1].id: \"F1\" is used by an earlier feature"));
}

TEST(FeatureRegistry, IdWithSpaces_IsRejected) {
  std::string text = kTwoFeatures;
  text.replace(text.find("\"F2\""), 4, "\"F 2\"");
  EXPECT_THAT(errors_of(text), HasSubstr("features[1].id"));
}

TEST(FeatureRegistry, StepThatIsNotText_NamesTheStepIndex) {
  std::string text = kTwoFeatures;
  text.replace(text.find("\"see rows\""), 10, "42");
  EXPECT_THAT(errors_of(text), HasSubstr("features[1].steps[1]: expected non-empty text, got 42"));
}

TEST(FeatureRegistry, NotJsonOrNotAnArrayOrEmpty_IsAnError) {
  EXPECT_THAT(errors_of("ALL FEATURES PASS"), HasSubstr("not valid JSON"));
  EXPECT_THAT(errors_of(R"({"id": "F1"})"), HasSubstr("expected a JSON array"));
  EXPECT_THAT(errors_of("[]"), HasSubstr("no features"));
  EXPECT_THAT(errors_of("[1]"), HasSubstr("features[0]: expected an object"));
}

TEST(FeatureRegistry, Encode_RoundTripsAndKeepsSchemaOrder) {
  auto parsed = parse_feature_registry(kTwoFeatures);
  ASSERT_TRUE(parsed);
  const std::string text = encode_feature_registry(*parsed);
  EXPECT_LT(text.find("\"id\""), text.find("\"category\""));
  EXPECT_LT(text.find("\"verification\""), text.find("\"passes\""));
  auto again = parse_feature_registry(text);
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, *parsed);
}

TEST(FeatureRegistry, NextFeature_HighestPriorityNotPassingInRegistryOrder) {
  auto parsed = parse_feature_registry(kTwoFeatures);
  ASSERT_TRUE(parsed);
  (*parsed)[1].passes = false;
  ASSERT_NE(next_feature(*parsed), nullptr);
  EXPECT_EQ(next_feature(*parsed)->id, "F1");
  (*parsed)[0].passes = true;
  EXPECT_EQ(next_feature(*parsed)->id, "F2");
  (*parsed)[1].passes = true;
  EXPECT_EQ(next_feature(*parsed), nullptr);
}

TEST(FeatureRegistry, Required_FollowsTheEnforcementRuleAndNeverP3) {
  Feature f;
  DoneRule rule{100, true, true, false};
  f.priority = TaskPriority::p0;
  EXPECT_TRUE(feature_required(f, rule));
  f.priority = TaskPriority::p2;
  EXPECT_FALSE(feature_required(f, rule));
  rule.require_p2 = true;
  EXPECT_TRUE(feature_required(f, rule));
  f.priority = TaskPriority::p3;
  EXPECT_FALSE(feature_required(f, rule));
}

}  // namespace
}  // namespace nightdesk::overnight
