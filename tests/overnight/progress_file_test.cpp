// The progress-file parser (B4): header forms and priority tokens, task boxes, ids, non-task sections,
// Uncategorized, the next-task rule, the done rule, and malformed lines with their numbers.
#include "overnight/progress_file.h"

#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/temp_dir.h"

namespace nightdesk::overnight {
namespace {

using ::testing::HasSubstr;

TaskPriority priority_of_first_task(std::string_view md) {
  auto report = parse_progress(md);
  EXPECT_FALSE(report.tasks.empty());
  return report.tasks.empty() ? TaskPriority::p3 : report.tasks.front().priority;
}

TEST(ProgressHeaders, CategoryWithParenthesisedToken) {
  EXPECT_EQ(priority_of_first_task("## CATEGORY 1: Name (P0)\n- [ ] a\n"), TaskPriority::p0);
}

TEST(ProgressHeaders, PhaseWithTokenAndLabel) {
  EXPECT_EQ(priority_of_first_task("## Phase 2: Name (P1 - High)\n- [ ] a\n"), TaskPriority::p1);
}

TEST(ProgressHeaders, TokenAsABareWordMidHeader_TheFormTheOriginalMissed) {
  auto report = parse_progress("## PHASE 1: Critical Fixes P0 (8 tasks)\n- [ ] a\n");
  ASSERT_EQ(report.tasks.size(), 1u);
  EXPECT_EQ(report.tasks[0].priority, TaskPriority::p0);
  EXPECT_TRUE(report.sections.at(0).explicit_priority);
}

TEST(ProgressHeaders, TokenIsCaseInsensitive) {
  EXPECT_EQ(priority_of_first_task("## Nice to have (p2)\n- [ ] a\n"), TaskPriority::p2);
  EXPECT_EQ(priority_of_first_task("## urgent p1\n- [ ] a\n"), TaskPriority::p1);
}

TEST(ProgressHeaders, NoToken_DefaultsToP2AndSaysItWasDefaulted) {
  auto report = parse_progress("## Misc\n- [ ] a\n");
  EXPECT_EQ(report.tasks.at(0).priority, TaskPriority::p2);
  EXPECT_FALSE(report.sections.at(0).explicit_priority);
}

TEST(ProgressHeaders, TokenInsideAWordIsNotAToken) {
  // "MP3", "P10", "Phase" and "step1" carry no priority.
  EXPECT_EQ(priority_of_first_task("## MP3 P10 Phase step1\n- [ ] a\n"), TaskPriority::p2);
}

TEST(ProgressHeaders, SubHeaderWithTokenRefinesPriority_WithoutOneInherits) {
  auto report = parse_progress("## Work (P1)\n### details\n- [ ] a\n### hot (P0)\n- [ ] b\n");
  ASSERT_EQ(report.tasks.size(), 2u);
  EXPECT_EQ(report.tasks[0].priority, TaskPriority::p1);
  EXPECT_EQ(report.tasks[1].priority, TaskPriority::p0);
}

TEST(ProgressHeaders, TitleAndGoalLines) {
  auto report = parse_progress("# Session: night 3\n# GOAL: ship the parser\n## A (P0)\n- [ ] a\n");
  EXPECT_EQ(report.title, "Session: night 3");
  EXPECT_EQ(report.goal, "ship the parser");
}

TEST(ProgressTasks, EveryBoxState) {
  auto report = parse_progress("## A (P0)\n- [ ] p\n- [x] d\n- [X] D\n- [~] w\n- [-] s\n");
  ASSERT_EQ(report.tasks.size(), 5u);
  EXPECT_EQ(report.tasks[0].state, TaskState::pending);
  EXPECT_EQ(report.tasks[1].state, TaskState::done);
  EXPECT_EQ(report.tasks[2].state, TaskState::done);
  EXPECT_EQ(report.tasks[3].state, TaskState::in_progress);
  EXPECT_EQ(report.tasks[4].state, TaskState::skipped);
  const auto& c = report.counts(TaskPriority::p0);
  EXPECT_EQ(c.total, 5);
  EXPECT_EQ(c.done, 2);
  EXPECT_EQ(c.pending, 1);
  EXPECT_EQ(c.in_progress, 1);
  EXPECT_EQ(c.skipped, 1);
  EXPECT_DOUBLE_EQ(c.completion_pct(), 40.0);
}

TEST(ProgressTasks, LinesAreOneBasedAndSectionIsRecorded) {
  auto report = parse_progress("# T\n\n## A (P1)\n- [ ] first\n");
  EXPECT_EQ(report.tasks.at(0).line, 4);
  EXPECT_EQ(report.tasks.at(0).section, "A (P1)");
}

TEST(ProgressTasks, BoldIdIsSplitFromText) {
  auto report = parse_progress("## A (P0)\n- [ ] **1.1** Fix parser\n- [x] **T-2**: Add tests\n"
                               "- [ ] **Important** not an id? yes it is\n- [ ] **two words** text\n");
  ASSERT_EQ(report.tasks.size(), 4u);
  EXPECT_EQ(report.tasks[0].id, "1.1");
  EXPECT_EQ(report.tasks[0].text, "Fix parser");
  EXPECT_EQ(report.tasks[1].id, "T-2");
  EXPECT_EQ(report.tasks[1].text, "Add tests");
  EXPECT_EQ(report.tasks[2].id, "Important");
  EXPECT_EQ(report.tasks[3].id, "");
  EXPECT_EQ(report.tasks[3].text, "**two words** text");
}

TEST(ProgressTasks, OtherListMarkersAndIndentedSubtasksCount) {
  auto report = parse_progress("## A (P0)\n* [ ] star\n+ [x] plus\n1. [ ] numbered\n  - [ ] nested\n");
  EXPECT_EQ(report.tasks.size(), 4u);
}

TEST(ProgressTasks, RuleLinesFreeTextLinksAndCodeFencesAreIgnored) {
  auto report = parse_progress(
      "# T\n====\n## A (P0)\nSome prose about [x] things.\n- plain bullet\n- [link](http://x) bullet\n"
      "```\n- [ ] inside a code block\n```\n- [ ] real\n");
  ASSERT_EQ(report.tasks.size(), 1u);
  EXPECT_EQ(report.tasks[0].text, "real");
  EXPECT_TRUE(report.malformed.empty());
}

TEST(ProgressTasks, CrLfLineEndings) {
  auto report = parse_progress("## A (P0)\r\n- [x] done\r\n");
  ASSERT_EQ(report.tasks.size(), 1u);
  EXPECT_EQ(report.tasks[0].text, "done");
}

TEST(ProgressSections, NonTaskSectionsHoldNoTasksOfTheirOwn) {
  auto report = parse_progress(
      "## GOAL\n- [ ] g\n## Session notes\n- [x] s\n## BLOCKERS\n- [ ] b\n## Checkpoints\n- [x] c\n"
      "## SUMMARY\n- [x] y\n## Completed\n- [x] done before\n## Work (P0)\n- [ ] w\n");
  ASSERT_EQ(report.tasks.size(), 1u);
  EXPECT_EQ(report.tasks[0].text, "w");
  EXPECT_EQ(report.tasks_in_non_task_sections, 6);
}

TEST(ProgressSections, TasksBeforeAnySectionAreUncategorizedP2) {
  auto report = parse_progress("# Title\n- [ ] early\n## A (P0)\n- [ ] late\n");
  ASSERT_EQ(report.tasks.size(), 2u);
  EXPECT_EQ(report.tasks[0].section, "Uncategorized");
  EXPECT_EQ(report.tasks[0].priority, TaskPriority::p2);
}

TEST(ProgressNextTask, FirstUnfinishedInDocumentOrderAmongTheHighestPriority) {
  auto report = parse_progress("## Later (P2)\n- [ ] p2 task\n## Now (P0)\n- [x] done\n- [ ] first p0\n"
                               "- [ ] second p0\n## Soon (P1)\n- [ ] p1 task\n");
  ASSERT_NE(report.next_task(), nullptr);
  EXPECT_EQ(report.next_task()->text, "first p0");
}

TEST(ProgressNextTask, InProgressTaskIsResumed_SkippedIsNot) {
  auto report = parse_progress("## A (P1)\n- [-] blocked\n- [~] half done\n- [ ] fresh\n");
  ASSERT_NE(report.next_task(), nullptr);
  EXPECT_EQ(report.next_task()->text, "half done");
}

TEST(ProgressNextTask, NothingUnfinished_IsNull) {
  EXPECT_EQ(parse_progress("## A (P0)\n- [x] a\n- [-] b\n").next_task(), nullptr);
}

TEST(ProgressMalformed, BadBoxesAreReportedWithLineNumbers) {
  auto report = parse_progress("## A (P0)\n- [ ] ok\n- [] empty box\n- [ x] spaced\n- [?] odd\n- [x]\n- [ \n");
  EXPECT_EQ(report.tasks.size(), 1u);
  ASSERT_EQ(report.malformed.size(), 5u);
  EXPECT_EQ(report.malformed[0].line, 3);
  EXPECT_EQ(report.malformed[1].line, 4);
  EXPECT_EQ(report.malformed[2].line, 5);
  EXPECT_EQ(report.malformed[3].line, 6);
  EXPECT_THAT(report.malformed[3].why, HasSubstr("no text"));
  EXPECT_EQ(report.malformed[4].line, 7);
  EXPECT_EQ(report.malformed[2].text, "- [?] odd");
}

TEST(ProgressDone, AllRequiredAtHundred_IsDoneEvenWithP2Pending) {
  auto report = parse_progress("## A (P0)\n- [x] a\n## B (P1)\n- [x] b\n## C (P2)\n- [ ] c\n");
  auto verdict = evaluate_done(report, DoneRule{});
  EXPECT_TRUE(verdict.done) << verdict.reason;
}

TEST(ProgressDone, RequiredPriorityBelowMinimum_IsNotDoneAndNamesIt) {
  auto report = parse_progress("## A (P0)\n- [x] a\n## B (P1)\n- [x] b\n- [ ] b2\n");
  auto verdict = evaluate_done(report, DoneRule{});
  EXPECT_FALSE(verdict.done);
  EXPECT_THAT(verdict.reason, HasSubstr("P1 at 50.0%"));
}

TEST(ProgressDone, RequireP2_MakesP2Count) {
  auto report = parse_progress("## A (P0)\n- [x] a\n## C (P2)\n- [ ] c\n");
  EXPECT_FALSE(evaluate_done(report, DoneRule{100, true, true, true}).done);
}

TEST(ProgressDone, MinCompletionBelowHundred_AllowsSomeLeft) {
  auto report = parse_progress("## A (P0)\n- [x] a\n- [x] b\n- [x] c\n- [-] blocked\n");
  EXPECT_FALSE(evaluate_done(report, DoneRule{}).done);
  EXPECT_TRUE(evaluate_done(report, DoneRule{75, true, true, false}).done);
}

TEST(ProgressDone, EmptyTaskList_IsNeverDone) {
  for (std::string_view md : {"", "# Session\n## GOAL\nship it\n", "## COMPLETED\n- [x] everything\n"}) {
    auto verdict = evaluate_done(parse_progress(md), DoneRule{0, false, false, false});
    EXPECT_FALSE(verdict.done) << md;
    EXPECT_THAT(verdict.reason, HasSubstr("no tasks"));
  }
}

TEST(ProgressDone, OnlyUncategorizedP2Tasks_AllDone_IsDone) {
  auto report = parse_progress("- [x] a\n- [x] b\n");
  EXPECT_TRUE(evaluate_done(report, DoneRule{}).done);
}

TEST(ProgressFile, MissingFile_IsNotFound) {
  testing::TempDir dir;
  auto r = read_progress_file(dir / "PROGRESS.md");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::not_found);
}

TEST(ProgressFile, ReadsFromDisk) {
  testing::TempDir dir;
  std::ofstream(dir / "PROGRESS.md") << "## A (P0)\n- [ ] a\n";
  auto r = read_progress_file(dir / "PROGRESS.md");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->overall.total, 1);
}

}  // namespace
}  // namespace nightdesk::overnight

namespace nightdesk::overnight {
namespace {

// Found by tests/fuzz/progress_file_fuzz: a task with an id and no words was returned with empty text.
TEST(ProgressTasks, IdWithoutTextIsStillAPendingTask) {
  auto report = parse_progress("## Work (P0)\n- [ ] **2.1**\n- [x] **2.2** done\n");
  ASSERT_EQ(report.tasks.size(), 2u);
  EXPECT_EQ(report.tasks[0].id, "2.1");
  EXPECT_EQ(report.tasks[0].text, "2.1");
  EXPECT_EQ(report.tasks[0].state, TaskState::pending);
  EXPECT_FALSE(evaluate_done(report, DoneRule{}).done);
}

}  // namespace
}  // namespace nightdesk::overnight
