// The real `overnight` binary in two-phase mode (spec B7): a stand-in initializer writes the feature registry,
// init.sh and a first progress entry; coding sessions flip `passes`, and the runner re-runs each verification
// before accepting it, reverts false claims and undoes edits of frozen fields; the run completes exactly at the
// session after which every required feature is verified, never on words.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "overnight/feature_registry.h"
#include "overnight/overnight_run_fixture.h"

namespace nightdesk::overnight {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using testing::OvernightRun;

// The initializer part of every stand-in agent: writes the registry (one feature per line), init.sh and the
// first progress entry, and commits; records each prompt as ../prompt-<session>.txt.
constexpr const char* kInitializer =
    "for last; do :; done\nprintf '%s' \"$last\" > ../prompt-$OVERNIGHT_SESSION.txt\n"
    "if [ ! -f features.json ]; then\ncat > features.json <<'JSON'\n[\n"
    "{\"id\":\"F1\",\"category\":\"core\",\"description\":\"first\",\"priority\":\"P0\",\"steps\":[\"see a\"],"
    "\"verification\":\"test -f a.done\",\"passes\":false},\n"
    "{\"id\":\"F2\",\"category\":\"core\",\"description\":\"second\",\"priority\":\"P1\",\"steps\":[\"see b\"],"
    "\"verification\":\"test -f b.done\",\"passes\":false}\n]\nJSON\n"
    "printf '#!/bin/sh\\ntrue\\n' > init.sh\necho \"session $OVERNIGHT_SESSION: registry written\" > PROGRESS.md\n"
    "git add -A && git commit -qm 'initializer: registry'\nexit 0\nfi\n";

class ProtocolRun : public OvernightRun {
 protected:
  void two_phase_config(const std::string& extra = "") {
    config("protocol:\n  mode: two_phase\n  goal: build two features\n" + extra);
  }
  std::vector<Feature> registry_on_disk() {
    auto r = read_feature_registry(repo / "features.json");
    EXPECT_TRUE(r) << (r ? "" : r.error().message);
    return r.value_or(std::vector<Feature>{});
  }
  std::vector<std::string> events() {
    std::vector<std::string> out;
    for (const auto& e : state().registry_events) out.push_back(e.text);
    return out;
  }
};

TEST_F(ProtocolRun, InitializerThenOneFeaturePerSession_CompletesRightAfterTheLastIsVerified) {
  agent(std::string(kInitializer) +
        "if [ ! -f a.done ]; then touch a.done; f=F1; else touch b.done; f=F2; fi\n"
        "sed -i \"/\\\"id\\\":\\\"$f\\\"/s/\\\"passes\\\":false/\\\"passes\\\":true/\" features.json\n"
        "echo \"session $OVERNIGHT_SESSION: $f works\" >> PROGRESS.md\necho \"next: the rest\" > .overnight/session-notes.md\n"
        "git add -A && git commit -qm \"$f\"\n");
  two_phase_config();
  auto r = overnight({"run"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  RunState s = state();
  EXPECT_EQ(s.status, RunStatus::completed);
  EXPECT_EQ(s.session, 3);  // initializer + two coding sessions, and not one more
  EXPECT_THAT(s.end_reason, HasSubstr("all 2 required features passed the runner's verification"));
  ASSERT_TRUE(s.registry);
  EXPECT_EQ(s.registry->session, 1);
  EXPECT_EQ(s.registry->passing, 2);
  auto h = history();
  ASSERT_EQ(h.size(), 3u);
  EXPECT_EQ(h[0]["role"], "initializer");
  EXPECT_THAT(events(), Contains(HasSubstr("F1 accepted as passing")));
  // The coding prompt carries the next feature, its verification, the registry, progress and git log.
  auto prompt = read_file(dir.path() / "prompt-2.txt").value_or("");
  EXPECT_THAT(prompt, HasSubstr("F1 (P0): first"));
  EXPECT_THAT(prompt, HasSubstr("test -f a.done"));
  EXPECT_THAT(prompt, HasSubstr("\"description\": \"second\""));
  EXPECT_THAT(prompt, HasSubstr("session 1: registry written"));
  EXPECT_THAT(prompt, HasSubstr("initializer: registry"));
  EXPECT_THAT(read_file(dir.path() / "prompt-3.txt").value_or(""), HasSubstr("next: the rest"));
  EXPECT_THAT(read_file(dir.path() / "prompt-1.txt").value_or(""), HasSubstr("build two features"));
}

TEST_F(ProtocolRun, FalsePassesClaimAndFrozenFieldEdits_AreRevertedWithReasonsAndTheRunNeverCompletes) {
  agent(std::string(kInitializer) +
        "sed -i 's/\"passes\": *false/\"passes\":true/g; s/\"description\":\"first\"/\"description\":\"first (done)\"/' "
        "features.json\n"
        "echo 'ALL FEATURES COMPLETE. Every feature passes.'\necho 'ALL FEATURES COMPLETE' >> PROGRESS.md\n"
        "git add -A && git commit -qm 'claim everything'\n");
  two_phase_config();
  write(dir.path() / "overnight.yaml", read_file(dir.path() / "overnight.yaml").value_or("") +
                                           "session:\n  max_continuation_attempts: 2\n");
  auto r = overnight({"run"});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  RunState s = state();
  EXPECT_EQ(s.status, RunStatus::failed);
  EXPECT_EQ(s.registry->passing, 0);
  EXPECT_THAT(events(), Contains(HasSubstr("F1 reverted to not passing: the runner's verification failed")));
  EXPECT_THAT(events(), Contains("F1: description changed (restored)"));
  auto on_disk = registry_on_disk();
  ASSERT_EQ(on_disk.size(), 2u);
  EXPECT_EQ(on_disk[0].description, "first");
  EXPECT_FALSE(on_disk[0].passes);
  EXPECT_FALSE(on_disk[1].passes);
}

TEST_F(ProtocolRun, InitializerWritingAnInvalidRegistry_IsRetriedAndTheErrorsRecorded) {
  agent("if [ ! -f ../tried ]; then touch ../tried\n"
        "echo '[{\"id\":\"F1\",\"priority\":\"high\"}]' > features.json\nexit 0\nfi\n"
        "if [ ! -f ../fixed ]; then touch ../fixed; rm -f features.json; fi\n" + std::string(kInitializer) + "touch a.done b.done\n"
        "sed -i 's/\"passes\":false/\"passes\":true/g' features.json\n");
  two_phase_config();
  auto r = overnight({"run"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  auto h = history();
  ASSERT_GE(h.size(), 3u);
  EXPECT_EQ(h[0]["role"], "initializer");
  EXPECT_THAT(h[0]["reason"].get<std::string>(), HasSubstr("features[0].priority"));
  EXPECT_EQ(h[1]["role"], "initializer");
  EXPECT_THAT(events(), Contains(HasSubstr("features[0].category: missing")));
}

TEST_F(ProtocolRun, NoGoalAndNoRegistry_FailsBeforeAnySessionNamingTheKey) {
  agent("exit 0\n");
  config("protocol:\n  mode: two_phase\n");
  auto r = overnight({"run"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(state().end_reason, HasSubstr("protocol.goal is empty"));
  EXPECT_TRUE(history().empty());
}

TEST_F(ProtocolRun, RegistryWrittenByAPerson_IsFrozenWithoutAnInitializer) {
  write(repo / "features.json",
        "[{\"id\":\"F1\",\"category\":\"c\",\"description\":\"d\",\"priority\":\"P0\",\"steps\":[\"s\"],"
        "\"verification\":\"test -f a.done\",\"passes\":false}]\n");
  sh(fmt::format("cd '{}' && git add -A && git commit -qm registry", repo.string()));
  agent("touch a.done\nsed -i 's/\"passes\":false/\"passes\":true/' features.json\n");
  config("protocol:\n  mode: two_phase\n");
  auto r = overnight({"run"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  auto h = history();
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0]["role"], "first");
  EXPECT_EQ(state().registry->session, 0);
}

TEST_F(ProtocolRun, TestsRedAfterTheLastFeature_TheRunDoesNotCompleteOnFeaturesAlone) {
  agent(std::string(kInitializer) + "touch a.done b.done broken\n"
        "sed -i 's/\"passes\":false/\"passes\":true/g' features.json\n");
  two_phase_config();
  write(dir.path() / "overnight.yaml", read_file(dir.path() / "overnight.yaml").value_or("") +
                                           "tests:\n  command: test ! -f broken\n  on_red: fix_first\n"
                                           "session:\n  max_continuation_attempts: 1\n");
  auto r = overnight({"run"});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(state().status, RunStatus::completed);
}

TEST_F(ProtocolRun, Check_InvalidRegistry_FailsNamingTheFeatureAndField) {
  agent("exit 0\n");
  config("protocol:\n  mode: two_phase\n  goal: g\n");
  auto r = overnight({"check"});
  EXPECT_THAT(r.output, HasSubstr("ok   feature registry"));
  write(repo / "features.json", "[{\"id\":\"F1\",\"priority\":\"P9\"}]\n");
  r = overnight({"check"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.output, HasSubstr("FAIL feature registry"));
  EXPECT_THAT(r.output, HasSubstr("features[0].priority"));
}

}  // namespace
}  // namespace nightdesk::overnight
