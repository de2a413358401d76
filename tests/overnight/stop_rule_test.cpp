// The stop rule (spec B7, B9): complete only on facts the runner established itself. Includes the fixture set
// of misleading outputs: completion words in files, a registry that claims passes the runner never verified,
// stale completion signals (another run, an earlier session, a crashed run's leftover), red tests.
#include "overnight/stop_rule.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/atomic_file.h"
#include "support/temp_dir.h"

namespace nightdesk::overnight {
namespace {

using ::testing::HasSubstr;

std::vector<Feature> registry(bool f1, bool f2, bool optional_p2 = false) {
  return {Feature{"F1", "c", "d", TaskPriority::p0, {"s"}, "true", f1},
          Feature{"F2", "c", "d", TaskPriority::p1, {"s"}, "true", f2},
          Feature{"F3", "c", "d", TaskPriority::p2, {"s"}, "true", optional_p2}};
}

StopFacts two_phase(const std::vector<Feature>* accepted) {
  StopFacts f;
  f.mode = ProtocolMode::two_phase;
  f.accepted = accepted;
  f.run_id = "run-a";
  f.last_session = 4;
  return f;
}

TEST(StopRule, EveryRequiredFeatureVerified_Completes) {
  auto accepted = registry(true, true);
  StopVerdict v = decide_completion(two_phase(&accepted));
  EXPECT_TRUE(v.complete) << v.reason;
  EXPECT_THAT(v.reason, HasSubstr("all 2 required features"));
}

TEST(StopRule, OneRequiredFeatureNotVerified_DoesNotCompleteAndNamesIt) {
  auto accepted = registry(true, false, true);
  StopVerdict v = decide_completion(two_phase(&accepted));
  EXPECT_FALSE(v.complete);
  EXPECT_EQ(v.reason, "F2 (P1) not verified as passing");
}

TEST(StopRule, NoFrozenRegistry_NeverCompletes) {
  StopVerdict v = decide_completion(two_phase(nullptr));
  EXPECT_FALSE(v.complete);
  EXPECT_THAT(v.reason, HasSubstr("no frozen feature registry"));
}

TEST(StopRule, RegistryWithoutRequiredFeatures_NeverCompletes) {
  std::vector<Feature> only_optional{Feature{"F3", "c", "d", TaskPriority::p3, {"s"}, "true", true}};
  EXPECT_FALSE(decide_completion(two_phase(&only_optional)).complete);
}

TEST(StopRule, RedTests_HoldCompletionBack) {
  auto accepted = registry(true, true);
  StopFacts f = two_phase(&accepted);
  f.tests_green = false;
  StopVerdict v = decide_completion(f);
  EXPECT_FALSE(v.complete);
  EXPECT_THAT(v.reason, HasSubstr("tests are red"));
  f.tests_green = true;
  EXPECT_TRUE(decide_completion(f).complete);
}

TEST(StopRule, SignalRequired_OnlyAFreshSignalOfThisRunAndTheLastSessionCounts) {
  auto accepted = registry(true, true);
  StopFacts f = two_phase(&accepted);
  f.signal_required = true;
  EXPECT_THAT(decide_completion(f).reason, HasSubstr("no completion signal"));
  f.signal = CompletionSignal{"run-old", 4};  // left by a crashed earlier run
  EXPECT_THAT(decide_completion(f).reason, HasSubstr("stale"));
  f.signal = CompletionSignal{"run-a", 3};  // written one session ago, before more work
  EXPECT_FALSE(decide_completion(f).complete);
  f.signal = CompletionSignal{"run-a", 4};
  EXPECT_TRUE(decide_completion(f).complete);
}

TEST(StopRule, SignalAlone_WithFeaturesFailing_DoesNotComplete) {
  auto accepted = registry(false, false);
  StopFacts f = two_phase(&accepted);
  f.signal_required = true;
  f.signal = CompletionSignal{"run-a", 4};
  EXPECT_FALSE(decide_completion(f).complete);
}

TEST(StopRule, ProgressMode_CompletionWordsInTheFileAreNotTasksDone) {
  ProgressReport report = parse_progress(
      "# GOAL: ship it\n## Fixes (P0)\n- [ ] **1** fix the crash\n"
      "ALL TASKS COMPLETE. DONE. 100% complete - [x] (quoted from a file)\n"
      "```\n- [x] **1** fix the crash\n```\n## SUMMARY\n- [x] everything is done\n");
  StopFacts f;
  f.progress = &report;
  StopVerdict v = decide_completion(f);
  EXPECT_FALSE(v.complete) << v.reason;
}

TEST(StopRule, ProgressMode_AllRequiredDoneAndGreen_Completes) {
  ProgressReport report = parse_progress("## Fixes (P0)\n- [x] **1** fix the crash\n");
  StopFacts f;
  f.progress = &report;
  f.tests_green = true;
  EXPECT_TRUE(decide_completion(f).complete);
  f.tests_green = false;
  EXPECT_FALSE(decide_completion(f).complete);
}

class CompletionSignalFile : public ::testing::Test {
 protected:
  std::optional<CompletionSignal> read(const std::string& text) {
    EXPECT_TRUE(write_file_atomically(dir.path() / "completion.json", text));
    return read_completion_signal(dir.path() / "completion.json");
  }
  nightdesk::testing::TempDir dir;
};

TEST_F(CompletionSignalFile, APhraseIsNoSignal) {
  EXPECT_FALSE(read("DONE - all features complete\n"));
  EXPECT_FALSE(read(R"({"done": true})"));
  EXPECT_FALSE(read(R"({"run_id": "run-a", "session": "4"})"));
  EXPECT_FALSE(read_completion_signal(dir.path() / "missing.json"));
}

TEST_F(CompletionSignalFile, TheJsonObject_IsRead) {
  auto s = read(R"({"run_id": "run-a", "session": 4})");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->run_id, "run-a");
  EXPECT_EQ(s->session, 4);
}

}  // namespace
}  // namespace nightdesk::overnight
