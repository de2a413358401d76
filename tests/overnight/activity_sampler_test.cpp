#include "overnight/activity_sampler.h"

#include <gtest/gtest.h>

#include "overnight/git_fixture.h"

namespace nightdesk::overnight {
namespace {

using namespace std::chrono_literals;
using testing::GitFixture;

const Timestamp kStart = from_unix_nanos(1'700'000'000'000'000'000);

TEST(FingerprintFile, MissingFileIsNotAnError) {
  auto fp = fingerprint_file("/nonexistent/PROGRESS.md");
  ASSERT_TRUE(fp);
  EXPECT_FALSE(fp->exists);
}

TEST(FingerprintFile, ContentChangeOfSameSizeChangesTheHash) {
  GitFixture repo;
  repo.write("PROGRESS.md", "- [ ] a\n");
  auto before = fingerprint_file(repo.path() / "PROGRESS.md");
  repo.write("PROGRESS.md", "- [x] a\n");
  auto after = fingerprint_file(repo.path() / "PROGRESS.md");
  ASSERT_TRUE(before && after);
  EXPECT_EQ(before->size, after->size);
  EXPECT_NE(before->content_hash, after->content_hash);
  EXPECT_NE(*before, *after);
}

TEST(FingerprintRepository, SeesUntrackedFilesAndNewCommits) {
  GitFixture repo;
  auto clean = fingerprint_repository(repo.path());
  ASSERT_TRUE(clean) << clean.error().describe();
  EXPECT_EQ(clean->head.size(), 40u);
  repo.write("src/new.cpp", "int x;\n");
  auto dirty = fingerprint_repository(repo.path());
  ASSERT_TRUE(dirty);
  EXPECT_NE(clean->status_hash, dirty->status_hash);
  repo.git({"add", "-A"});
  repo.git({"commit", "-q", "-m", "work"});
  auto committed = fingerprint_repository(repo.path());
  ASSERT_TRUE(committed);
  EXPECT_NE(committed->head, clean->head);
}

TEST(FingerprintRepository, RepositoryWithoutCommitsHasEmptyHead) {
  GitFixture repo(/*initial_commit=*/false);
  auto fp = fingerprint_repository(repo.path());
  ASSERT_TRUE(fp) << fp.error().describe();
  EXPECT_TRUE(fp->head.empty());
}

TEST(FingerprintRepository, NotARepositoryIsAnError) {
  nightdesk::testing::TempDir dir;
  EXPECT_FALSE(fingerprint_repository(dir.path()));
}

TEST(ActivitySampler, SamplesAtTheIntervalAndFeedsTheTracker) {
  GitFixture repo;
  repo.write("PROGRESS.md", "- [ ] a\n");
  ActivityTracker tracker(ActivityLimits{}, kStart);
  ActivitySampler sampler(repo.path() / "PROGRESS.md", repo.path(), 30s);
  EXPECT_EQ(sampler.sample_if_due(tracker, kStart), true);
  repo.write("PROGRESS.md", "- [x] a\n");
  EXPECT_EQ(sampler.sample_if_due(tracker, kStart + 10s), false) << "not due yet";
  EXPECT_EQ(sampler.sample_if_due(tracker, kStart + 30s), true);
  EXPECT_EQ(tracker.last_progress_change(), kStart + 30s);
  EXPECT_EQ(tracker.last_repository_change(), kStart + 30s) << "git status changed too";
}

TEST(ActivitySampler, FailedSampleIsReported) {
  nightdesk::testing::TempDir dir;
  ActivityTracker tracker(ActivityLimits{}, kStart);
  ActivitySampler sampler({}, dir.path(), 1ms);
  EXPECT_FALSE(sampler.sample_if_due(tracker, kStart));
}

}  // namespace
}  // namespace nightdesk::overnight
