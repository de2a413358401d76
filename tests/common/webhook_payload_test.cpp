#include "common/webhook_payload.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace nightdesk {
namespace {

using ::testing::HasSubstr;

AlertMessage message(std::string title, std::string text) {
  return {std::move(title), std::move(text), {{"run", "r1"}, {"repository", "/srv/repo"}}, AlertSeverity::warning};
}

std::size_t embeds_chars(const nlohmann::json& payload) {
  std::size_t n = 0;
  for (const auto& e : payload["embeds"]) {
    n += utf8_length(e.value("title", "")) + utf8_length(e.value("description", ""));
    for (const auto& f : e.value("fields", nlohmann::json::array())) {
      n += utf8_length(f["name"].get<std::string>()) + utf8_length(f["value"].get<std::string>());
    }
  }
  return n;
}

TEST(DiscordPayload, OneMessage_HasContentEmbedFieldsAndNoMentions) {
  auto p = discord_payload(message("run r1 restarted", "crashed: exit code 3"));
  EXPECT_EQ(p["content"], "run r1 restarted");
  ASSERT_EQ(p["embeds"].size(), 1u);
  EXPECT_EQ(p["embeds"][0]["title"], "run r1 restarted");
  EXPECT_EQ(p["embeds"][0]["description"], "crashed: exit code 3");
  EXPECT_EQ(p["embeds"][0]["fields"][1]["value"], "/srv/repo");
  EXPECT_TRUE(p["allowed_mentions"]["parse"].empty());
}

TEST(DiscordPayload, LongTitle_ContentAtMost2000AndTitleAt256) {
  auto p = discord_payload(message(std::string(5000, 't'), "x"));
  EXPECT_EQ(utf8_length(p["content"].get<std::string>()), kDiscordContentMax);
  EXPECT_EQ(utf8_length(p["embeds"][0]["title"].get<std::string>()), kDiscordTitleMax);
  EXPECT_THAT(p["content"].get<std::string>(), ::testing::EndsWith("\u2026"));
}

TEST(DiscordPayload, TwelveLongMessages_TenEmbedsWithinSixThousandCharacters) {
  std::vector<AlertMessage> many(12, message("warning", std::string(4000, 'd')));
  auto p = discord_payload(many);
  EXPECT_EQ(p["embeds"].size(), kDiscordEmbedsMax);
  EXPECT_LE(embeds_chars(p), kDiscordEmbedsTotalMax);
  EXPECT_THAT(p["content"].get<std::string>(), HasSubstr("+2 more"));
}

TEST(DiscordPayload, ThirtyFields_KeepsTwentyFiveAndLongValuesAt1024) {
  AlertMessage m = message("t", "x");
  m.fields.clear();
  for (int i = 0; i < 30; ++i) m.fields.push_back({"f" + std::to_string(i), std::string(2000, 'v')});
  auto p = discord_payload(m);
  ASSERT_LE(p["embeds"].size(), 1u);
  const auto& fields = p["embeds"][0].value("fields", nlohmann::json::array());
  EXPECT_LE(fields.size(), kDiscordFieldsMax);
  for (const auto& f : fields) EXPECT_LE(utf8_length(f["value"].get<std::string>()), kDiscordFieldValueMax);
  EXPECT_LE(embeds_chars(p), kDiscordEmbedsTotalMax);
}

TEST(SlackPayload, Message_HasFallbackTextHeaderSectionAndFields) {
  auto p = slack_payload(message("run r1 paused", "10 failures in 30 minutes"));
  EXPECT_THAT(p["text"].get<std::string>(), HasSubstr("run r1 paused"));
  ASSERT_EQ(p["blocks"].size(), 3u);
  EXPECT_EQ(p["blocks"][0]["type"], "header");
  EXPECT_EQ(p["blocks"][0]["text"]["type"], "plain_text");
  EXPECT_EQ(p["blocks"][1]["text"]["text"], "10 failures in 30 minutes");
  EXPECT_EQ(p["blocks"][2]["fields"].size(), 2u);
}

TEST(SlackPayload, MarkupCharacters_AreEscaped) {
  auto p = slack_payload(message("t", "a <b> & c"));
  EXPECT_EQ(p["blocks"][1]["text"]["text"], "a &lt;b&gt; &amp; c");
}

TEST(SlackPayload, LongTexts_StayWithinBlockLimits) {
  AlertMessage m = message(std::string(400, 'h'), std::string(10000, 's'));
  for (int i = 0; i < 15; ++i) m.fields.push_back({"f", std::string(3000, 'v')});
  auto p = slack_payload(m);
  EXPECT_LE(utf8_length(p["blocks"][0]["text"]["text"].get<std::string>()), kSlackHeaderMax);
  EXPECT_LE(utf8_length(p["blocks"][1]["text"]["text"].get<std::string>()), kSlackSectionMax);
  EXPECT_LE(p["blocks"][2]["fields"].size(), kSlackFieldsMax);
  for (const auto& f : p["blocks"][2]["fields"]) EXPECT_LE(utf8_length(f["text"].get<std::string>()), kSlackFieldMax);
  EXPECT_LE(utf8_length(p["text"].get<std::string>()), kSlackTextMax);
}

TEST(SlackPayload, ManyMessages_StayWithinFiftyBlocksAndSayHowManyAreLeftOut) {
  std::vector<AlertMessage> many(30, message("warning", "text"));
  auto p = slack_payload(many);
  EXPECT_LE(p["blocks"].size(), kSlackBlocksMax);
  EXPECT_EQ(p["blocks"].back()["type"], "context");
  EXPECT_THAT(p["text"].get<std::string>(), HasSubstr("more not shown"));
}

TEST(TruncateUtf8, MultibyteText_IsCutOnCodePointBoundaries) {
  const std::string euros = "\u20ac\u20ac\u20ac\u20ac";  // 4 code points, 12 bytes
  EXPECT_EQ(truncate_utf8(euros, 4), euros);
  EXPECT_EQ(truncate_utf8(euros, 3), "\u20ac\u20ac\u2026");
  EXPECT_EQ(utf8_length(truncate_utf8(euros, 3)), 3u);
  EXPECT_EQ(truncate_utf8(euros, 0), "");
}

TEST(TruncateUtf8, InvalidJsonBytes_DoNotBreakThePayload) {
  auto p = discord_payload(message("bad \xff byte", "x"));
  EXPECT_NO_THROW((void)p.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace
}  // namespace nightdesk
