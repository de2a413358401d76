#include "overnight/agent_output_scanner.h"

#include <gtest/gtest.h>

namespace nightdesk::overnight {
namespace {

using namespace std::chrono_literals;

// 2023-11-14T22:13:20Z; the fixtures' reset time 1700003600 is one hour later.
const Timestamp kNow = Timestamp{std::chrono::seconds{1'700'000'000}};
const Timestamp kReset = Timestamp{std::chrono::seconds{1'700'003'600}};

AgentOutputScanner make(ScannerConfig config = default_scanner_config()) {
  auto scanner = AgentOutputScanner::create(std::move(config));
  EXPECT_TRUE(scanner) << scanner.error().describe();
  return std::move(*scanner);
}

ScanFindings scan_all(std::initializer_list<std::string_view> lines, ScannerConfig config = default_scanner_config()) {
  auto scanner = make(std::move(config));
  for (auto line : lines) scanner.scan(line, kNow);
  return scanner.findings();
}

constexpr std::string_view kRejected =
    R"({"type":"rate_limit_event","rate_limit_info":{"status":"rejected","resetsAt":1700003600,"rateLimitType":"five_hour"}})";
constexpr std::string_view kAllowedWarning =
    R"({"type":"rate_limit_event","rate_limit_info":{"status":"allowed_warning","resetsAt":1700003600,"utilization":0.9}})";
// A tool result echoing a file that contains every trigger the scanner knows.
constexpr std::string_view kEchoedFile =
    R"({"type":"user","message":{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"Claude AI usage limit reached|1700003600\n{\"type\":\"rate_limit_event\",\"rate_limit_info\":{\"status\":\"rejected\",\"resetsAt\":1700003600}}\nInvalid API key\nALL TASKS COMPLETE\n{\"type\":\"result\",\"total_cost_usd\":99}"}]}})";
constexpr std::string_view kAssistantQuotingLimit =
    R"({"type":"assistant","message":{"content":[{"type":"text","text":"Claude AI usage limit reached|1700003600"},{"type":"tool_use","name":"Write","input":{"content":"Invalid API key\nALL TASKS COMPLETE"}}]}})";

ScannerConfig with_completion() {
  ScannerConfig config = default_scanner_config();
  config.completion_patterns = {"^ALL TASKS COMPLETE"};
  return config;
}

TEST(AgentOutputScanner, RejectedRateLimitEventIsAStructuredSignalWithItsResetTime) {
  auto found = scan_all({kRejected});
  ASSERT_TRUE(found.rate_limit);
  EXPECT_TRUE(found.rate_limit->structured);
  EXPECT_EQ(found.rate_limit->resets_at, kReset);
  EXPECT_EQ(found.rate_limit->seen_at, kNow);
}

TEST(AgentOutputScanner, AllowedWarningIsNotALimit) {
  auto found = scan_all({kAllowedWarning});
  EXPECT_FALSE(found.rate_limit);
}

TEST(AgentOutputScanner, LaterAllowedEventSupersedesARejection) {
  auto found = scan_all({kRejected, R"({"type":"rate_limit_event","rate_limit_info":{"status":"allowed"}})"});
  EXPECT_FALSE(found.rate_limit);
  EXPECT_EQ(found.stale_rate_limit_signals, 1);
}

TEST(AgentOutputScanner, ModelReplyAfterARejectionMakesItStale) {
  auto found = scan_all({kRejected, R"({"type":"assistant","message":{"content":[{"type":"text","text":"ok"}]}})"});
  EXPECT_FALSE(found.rate_limit);
  EXPECT_EQ(found.stale_rate_limit_signals, 1);
}

TEST(AgentOutputScanner, RejectionWhoseResetHasPassedIsStale) {
  // e.g. replayed from a crashed run's log: it reset yesterday, nothing to wait for.
  auto found = scan_all({R"({"type":"rate_limit_event","rate_limit_info":{"status":"rejected","resetsAt":1699900000}})"});
  EXPECT_FALSE(found.rate_limit);
  EXPECT_EQ(found.stale_rate_limit_signals, 1);
}

TEST(AgentOutputScanner, RejectionWithoutResetTimeStillCounts) {
  auto found = scan_all({R"({"type":"rate_limit_event","rate_limit_info":{"status":"rejected"}})"});
  ASSERT_TRUE(found.rate_limit);
  EXPECT_FALSE(found.rate_limit->resets_at);
}

TEST(AgentOutputScanner, ResetTimeAsStringOrMillisecondsIsRead) {
  auto found = scan_all({R"({"type":"rate_limit_event","rate_limit_info":{"status":"rejected","resetsAt":"1700003600000"}})"});
  ASSERT_TRUE(found.rate_limit);
  EXPECT_EQ(found.rate_limit->resets_at, kReset);
}

TEST(AgentOutputScanner, EchoedFileContentsTriggerNothing) {
  auto found = scan_all({kEchoedFile}, with_completion());
  EXPECT_FALSE(found.rate_limit);
  EXPECT_FALSE(found.auth_failure);
  EXPECT_FALSE(found.completion_claim);
  EXPECT_FALSE(found.cost_usd);
  EXPECT_EQ(found.event_lines, 1u);
}

TEST(AgentOutputScanner, AssistantTextAndToolInputsTriggerNothing) {
  auto found = scan_all({kAssistantQuotingLimit}, with_completion());
  EXPECT_FALSE(found.rate_limit);
  EXPECT_FALSE(found.auth_failure);
  EXPECT_FALSE(found.completion_claim);
}

TEST(AgentOutputScanner, CutOffJsonLineIsIgnored) {
  auto found = scan_all({R"({"type":"user","message":{"content":"Claude AI usage limit reached|1700003600)"});
  EXPECT_FALSE(found.rate_limit);
  EXPECT_EQ(found.ignored_lines, 1u);
}

TEST(AgentOutputScanner, UsageLimitInTheResultTextCountsWithItsResetTime) {
  auto found = scan_all({R"({"type":"result","subtype":"success","is_error":true,"result":"Claude AI usage limit reached|1700003600"})"});
  ASSERT_TRUE(found.rate_limit);
  EXPECT_FALSE(found.rate_limit->structured);
  EXPECT_EQ(found.rate_limit->resets_at, kReset);
  EXPECT_TRUE(found.result_is_error);
}

TEST(AgentOutputScanner, SummaryThatMerelyMentionsALimitDoesNotCount) {
  auto found = scan_all({R"({"type":"result","is_error":false,"result":"Fixed the retry when the usage limit reached its cap; ALL TASKS COMPLETE in tests"})"},
                        with_completion());
  EXPECT_FALSE(found.rate_limit);
  EXPECT_FALSE(found.completion_claim);
}

TEST(AgentOutputScanner, PlainStderrLineMatchesPatterns) {
  auto found = scan_all({"Error: Invalid API key · Please run /login"});
  ASSERT_TRUE(found.auth_failure);
  EXPECT_NE(found.auth_failure->find("Invalid API key"), std::string::npos);
  EXPECT_EQ(found.text_lines, 1u);
}

TEST(AgentOutputScanner, IndentedPlainLineIsTreatedAsEchoedText) {
  auto found = scan_all({"    usage limit reached", "\tInvalid API key"});
  EXPECT_FALSE(found.rate_limit);
  EXPECT_FALSE(found.auth_failure);
}

TEST(AgentOutputScanner, ApiErrorResultIsAnAuthFailure) {
  auto found = scan_all({R"({"type":"result","is_error":true,"result":"API Error: 401 {\"type\":\"error\",\"error\":{\"type\":\"authentication_error\"}}"})"});
  EXPECT_TRUE(found.auth_failure);
}

TEST(AgentOutputScanner, ErrorEventMessageIsRead) {
  auto found = scan_all({R"({"type":"error","error":{"message":"OAuth token has expired"}})"});
  EXPECT_TRUE(found.auth_failure);
}

TEST(AgentOutputScanner, CostComesFromTheLastResultRecord) {
  auto found = scan_all({R"({"type":"result","total_cost_usd":0.5})", R"({"type":"result","subtype":"success","total_cost_usd":1.23,"result":"done"})"});
  ASSERT_TRUE(found.cost_usd);
  EXPECT_DOUBLE_EQ(*found.cost_usd, 1.23);
  EXPECT_EQ(found.result_records, 2);
}

TEST(AgentOutputScanner, CostInANonResultEventIsIgnored) {
  auto found = scan_all({R"({"type":"assistant","total_cost_usd":7})", R"({"type":"result","total_cost_usd":"lots"})"});
  EXPECT_FALSE(found.cost_usd);
}

TEST(AgentOutputScanner, ExplicitCompletionClaimInTheResultIsReported) {
  auto found = scan_all({R"({"type":"result","result":"ALL TASKS COMPLETE"})"}, with_completion());
  EXPECT_TRUE(found.completion_claim);
}

TEST(AgentOutputScanner, NoCompletionPatternsByDefault) {
  auto found = scan_all({"ALL TASKS COMPLETE", R"({"type":"result","result":"ALL TASKS COMPLETE"})"});
  EXPECT_FALSE(found.completion_claim);
}

TEST(AgentOutputScanner, ConfiguredPatternCapturesTheResetTime) {
  ScannerConfig config;
  config.rate_limit_patterns = {R"(^limit hit, retry at (\d+))"};
  auto found = scan_all({"LIMIT HIT, retry at 1700003600"}, config);
  ASSERT_TRUE(found.rate_limit);
  EXPECT_EQ(found.rate_limit->resets_at, kReset);
}

TEST(AgentOutputScanner, BadPatternIsRejectedNamingIt) {
  ScannerConfig config;
  config.auth_failure_patterns = {"ok", "(unclosed"};
  auto scanner = AgentOutputScanner::create(config);
  ASSERT_FALSE(scanner);
  EXPECT_EQ(scanner.error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(scanner.error().field, "auth_failure_patterns[1]");
}

TEST(AgentOutputScanner, HugePlainLineIsScannedSafely) {
  std::string line(2'000'000, 'a');
  auto found = scan_all({line});
  EXPECT_FALSE(found.rate_limit);
}

TEST(AgentOutputScanner, BlankAndNonObjectJsonLinesAreHarmless) {
  auto found = scan_all({"", "   ", "[1,2,3]", "42"});
  EXPECT_FALSE(found.rate_limit);
  EXPECT_EQ(found.ignored_lines, 1u);
}

TEST(WakeUpTime, UsesTheResetTimeWithinTheClamp) {
  RateLimitSignal signal{kReset, kNow, true, ""};
  EXPECT_EQ(wake_up_time(signal, kNow, WakeUpConfig{}, 0.0), kReset);
}

TEST(WakeUpTime, TooSoonIsRaisedToOneMinute) {
  RateLimitSignal signal{kNow + 5s, kNow, true, ""};
  EXPECT_EQ(wake_up_time(signal, kNow, WakeUpConfig{}, 0.0), kNow + 60s);
}

TEST(WakeUpTime, PastResetIsRaisedToOneMinute) {
  RateLimitSignal signal{kNow - 1h, kNow, true, ""};
  EXPECT_EQ(wake_up_time(signal, kNow + 2h, WakeUpConfig{}, 0.0), kNow + 2h + 60s);
}

TEST(WakeUpTime, TooFarIsCutToSixHours) {
  RateLimitSignal signal{kNow + 48h, kNow, true, ""};
  EXPECT_EQ(wake_up_time(signal, kNow, WakeUpConfig{}, 0.0), kNow + 6h);
}

TEST(WakeUpTime, UnknownResetWaitsTheDefault) {
  RateLimitSignal signal{std::nullopt, kNow, false, ""};
  EXPECT_EQ(wake_up_time(signal, kNow, WakeUpConfig{}, 0.0), kNow + 15min);
}

TEST(WakeUpTime, JitterOnlyAddsUpToItsMaximum) {
  RateLimitSignal signal{kReset, kNow, true, ""};
  EXPECT_EQ(wake_up_time(signal, kNow, WakeUpConfig{}, 0.5), kReset + 30s);
  EXPECT_LE(wake_up_time(signal, kNow, WakeUpConfig{}, 7.0), kReset + 60s) << "out-of-range random is clamped";
}

}  // namespace
}  // namespace nightdesk::overnight
