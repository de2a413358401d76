#include "common/progress.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <string>

namespace nightdesk {
namespace {

// Captures what a reporter writes, through a memory stream.
struct Captured {
  char* data = nullptr;
  std::size_t size = 0;
  std::FILE* file = open_memstream(&data, &size);
  std::string text() {
    std::fflush(file);
    return std::string(data, size);
  }
  ~Captured() {
    std::fclose(file);
    std::free(data);
  }
};

TEST(ProgressReporter, PipedOutputIsPlainLinesWithoutControlCodes) {
  Captured out;
  ProgressReporter progress("price", 200, "rows", out.file, false);
  progress.update(100);
  progress.finish("3 rows failed");
  std::string text = out.text();
  EXPECT_EQ(text.find('\r'), std::string::npos);
  EXPECT_EQ(text.find('\033'), std::string::npos);
  EXPECT_NE(text.find("100.0% 200/200 rows"), std::string::npos) << text;
  EXPECT_NE(text.find("price: 3 rows failed\n"), std::string::npos);
}

TEST(ProgressReporter, TerminalOutputRedrawsABar) {
  Captured out;
  ProgressReporter progress("load", 10, "MB", out.file, true);
  progress.finish();
  std::string text = out.text();
  EXPECT_NE(text.find("\r\033[2K"), std::string::npos);
  EXPECT_NE(text.find("[##############################]"), std::string::npos) << text;
  EXPECT_EQ(text.back(), '\n');
}

TEST(ProgressReporter, UnknownTotalShowsCounts) {
  Captured out;
  ProgressReporter progress("scan", 0, "rows", out.file, false);
  progress.update(42);
  progress.finish();
  EXPECT_NE(out.text().find("scan: 42 rows"), std::string::npos) << out.text();
}

TEST(ProgressReporter, UnfinishedWorkShowsTimeLeft) {
  Captured out;
  ProgressReporter progress("replay", 1'000'000'000, "events", out.file, true);
  progress.update(1);  // the first update after 100 ms draws
  std::string text;
  for (int i = 0; i < 50 && text.find("ETA") == std::string::npos; ++i) {
    ::usleep(10'000);
    progress.update(2);
    text = out.text();
  }
  EXPECT_NE(text.find("events/s"), std::string::npos) << text;
  EXPECT_NE(text.find(", ETA "), std::string::npos) << text;
}

TEST(ProgressReporter, EstimatedTotal_CanBeRevised) {
  Captured out;
  ProgressReporter progress("replay", 10, "events", out.file, false);
  progress.update(40);
  progress.set_total(40);
  progress.finish();
  EXPECT_NE(out.text().find("40/40 events"), std::string::npos) << out.text();
}

TEST(ProgressReporter, UpdatesAreThrottled) {
  Captured out;
  ProgressReporter progress("fast", 1'000'000, "rows", out.file, false);
  for (std::uint64_t i = 0; i < 1'000'000; ++i) progress.update(i);
  EXPECT_EQ(out.text(), "");  // piped: at most one line per five seconds
}

}  // namespace
}  // namespace nightdesk
