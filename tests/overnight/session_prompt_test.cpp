// Session prompts (spec B7): two-phase templates filled with the registry, progress notes, last handoff and git
// log, each bounded in size; values are never re-expanded; unknown placeholders are found for validation.
#include "overnight/session_prompt.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace nightdesk::overnight {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(SessionPrompt, CodingTemplate_CarriesFeatureRegistryProgressHandoffAndGitLog) {
  ProtocolPromptFacts f;
  f.feature_id = "F2";
  f.feature = "price options";
  f.verification = "ctest -R price";
  f.registry = R"([{"id":"F2"}])";
  f.progress = "session 1: set up";
  f.handoff = "next: the pricer";
  f.git_log = "abc123 add parser";
  f.passing = 1;
  f.total = 3;
  const std::string p = render_protocol_prompt(default_coding_template(), f);
  EXPECT_THAT(p, HasSubstr("F2 (): price options"));
  EXPECT_THAT(p, HasSubstr("ctest -R price"));
  EXPECT_THAT(p, HasSubstr(R"([{"id":"F2"}])"));
  EXPECT_THAT(p, HasSubstr("session 1: set up"));
  EXPECT_THAT(p, HasSubstr("next: the pricer"));
  EXPECT_THAT(p, HasSubstr("abc123 add parser"));
  EXPECT_THAT(p, HasSubstr("1 of 3"));
}

TEST(SessionPrompt, ValuesContainingPlaceholders_AreNotExpandedAgain) {
  ProtocolPromptFacts f;
  f.goal = "secret goal";
  f.handoff = "the note says {goal}";
  EXPECT_EQ(render_protocol_prompt("{handoff} / {goal}", f), "the note says {goal} / secret goal");
}

TEST(SessionPrompt, JsonBracesAndUnknownNames_StayAsWritten) {
  ProtocolPromptFacts f;
  EXPECT_EQ(render_protocol_prompt(R"(write {"id": 1} and {unknown})", f), R"(write {"id": 1} and {unknown})");
}

TEST(SessionPrompt, MissingContext_SaysNoneYet) {
  ProtocolPromptFacts f;
  EXPECT_EQ(render_protocol_prompt("{handoff}|{git_log}", f), "(none yet)|(no commits)");
}

TEST(SessionPrompt, HeadAndTailBounded_KeepTheRightEndAndSayWhatWasCut) {
  const std::string text(10000, 'x');
  const std::string head = head_bounded(text + "END", 100);
  EXPECT_LT(head.size(), 200u);
  EXPECT_THAT(head, HasSubstr("bytes not shown"));
  const std::string tail = tail_bounded("START" + text + "NEWEST", 100);
  EXPECT_THAT(tail, HasSubstr("NEWEST"));
  EXPECT_THAT(tail, ::testing::Not(HasSubstr("START")));
  EXPECT_EQ(head_bounded("short", 100), "short");
}

TEST(SessionPrompt, Bounding_NeverSplitsAUtf8Character) {
  std::string text;
  for (int i = 0; i < 100; ++i) text += "\xc3\xa9";  // é
  const std::string head = head_bounded(text, 51);
  const std::string kept = head.substr(0, head.find('\n'));
  EXPECT_EQ(kept.size() % 2, 0u);
  const std::string tail = tail_bounded(text, 51);
  EXPECT_EQ((tail.size() - tail.find('\n') - 1) % 2, 0u);
}

TEST(SessionPrompt, UnknownPlaceholders_AreListedOnce) {
  EXPECT_THAT(unknown_placeholders("{goal} {regsitry} {regsitry} {\"json\": 1} {Upper}", protocol_placeholders()),
              ElementsAre("regsitry"));
  EXPECT_TRUE(unknown_placeholders(default_coding_template(), protocol_placeholders()).empty());
  EXPECT_TRUE(unknown_placeholders(default_initializer_template(), protocol_placeholders()).empty());
}

TEST(SessionPrompt, AgentArgv_PromptReplacesThePlaceholderOrIsAppended) {
  AgentSettings a;
  a.command = "claude";
  a.args = {"-p", "{prompt}"};
  EXPECT_THAT(agent_argv(a, "do it"), ElementsAre("claude", "-p", "do it"));
  a.args = {"--verbose"};
  EXPECT_THAT(agent_argv(a, "do it"), ElementsAre("claude", "--verbose", "do it"));
}

}  // namespace
}  // namespace nightdesk::overnight
