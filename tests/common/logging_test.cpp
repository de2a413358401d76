#include "common/logging.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace nightdesk {
namespace {

std::string format_json(std::string_view text) {
  spdlog::details::log_msg msg(spdlog::source_loc{}, "engine", spdlog::level::warn,
                               spdlog::string_view_t(text.data(), text.size()));
  spdlog::memory_buf_t buf;
  JsonLineFormatter().format(msg, buf);
  return std::string(buf.data(), buf.size());
}

TEST(JsonLineFormatter, WritesOneParseableObjectPerLine) {
  std::string line = format_json("fill \"A\"\nnext line");
  ASSERT_EQ(line.back(), '\n');
  EXPECT_EQ(line.find('\n'), line.size() - 1);  // the embedded newline is escaped
  auto j = nlohmann::json::parse(line);
  EXPECT_EQ(j["level"], "warning");
  EXPECT_EQ(j["logger"], "engine");
  EXPECT_EQ(j["msg"], "fill \"A\"\nnext line");
  EXPECT_EQ(j["ts"].get<std::string>().back(), 'Z');
}

TEST(JsonLineFormatter, InvalidUtf8DoesNotThrow) {
  std::string line = format_json("bad \xff byte");
  EXPECT_TRUE(nlohmann::json::accept(line));
}

TEST(LogSettings, ParsesFormatsAndLevels) {
  EXPECT_EQ(*parse_log_format("JSON"), LogFormat::json);
  EXPECT_EQ(*parse_log_level("INFO"), spdlog::level::info);
  EXPECT_EQ(*parse_log_level("warning"), spdlog::level::warn);
  EXPECT_EQ(*parse_log_level("warn"), spdlog::level::warn);
  auto bad = parse_log_level("loud");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "logging.level");
  EXPECT_EQ(parse_log_format("xml").error().field, "logging.format");
}

}  // namespace
}  // namespace nightdesk
