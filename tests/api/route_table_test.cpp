// Route templates: parameters, literal segments winning over parameters, 404 vs 405, HEAD through GET.
#include "api/route_table.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace nightdesk::api {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

class RouteTableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(table.add("GET", "/api/v1/positions/{id}", 0));
    ASSERT_TRUE(table.add("GET", "/api/v1/positions/summary", 1));
    ASSERT_TRUE(table.add("PATCH", "/api/v1/positions/{id}", 2));
    ASSERT_TRUE(table.add("POST", "/api/v1/positions/{id}/close", 3));
    ASSERT_TRUE(table.add("GET", "/api/v1/positions", 4));
    ASSERT_TRUE(table.add("GET", "/api/v1/templates/{template_id}/executions", 5));
  }
  RouteTable table;
};

TEST_F(RouteTableTest, ParameterRoute_CapturesTheSegment) {
  auto m = table.match("GET", "/api/v1/positions/42");
  ASSERT_EQ(m.kind, RouteMatch::Kind::found);
  EXPECT_EQ(m.route, 0u);
  EXPECT_EQ(m.pattern, "/api/v1/positions/{id}");
  EXPECT_THAT(m.params, ElementsAre(Pair("id", "42")));
}

TEST_F(RouteTableTest, LiteralRoute_WinsOverParameter_RegardlessOfOrder) {
  auto m = table.match("GET", "/api/v1/positions/summary");
  ASSERT_EQ(m.kind, RouteMatch::Kind::found);
  EXPECT_EQ(m.route, 1u);
  EXPECT_TRUE(m.params.empty());
}

TEST_F(RouteTableTest, LiteralPathWithoutTheMethod_Is405NotTheParameterRoute) {
  auto m = table.match("PATCH", "/api/v1/positions/summary");
  EXPECT_EQ(m.kind, RouteMatch::Kind::method_not_allowed);
  EXPECT_THAT(m.allowed, ElementsAre("GET"));
}

TEST_F(RouteTableTest, UnknownPath_NotFound) {
  EXPECT_EQ(table.match("GET", "/api/v1/nothing").kind, RouteMatch::Kind::not_found);
  EXPECT_EQ(table.match("GET", "/api/v1/positions/42/legs").kind, RouteMatch::Kind::not_found);
  EXPECT_EQ(table.match("GET", "").kind, RouteMatch::Kind::not_found);
}

TEST_F(RouteTableTest, WrongMethod_405ListsTheMethods) {
  auto m = table.match("DELETE", "/api/v1/positions/7");
  EXPECT_EQ(m.kind, RouteMatch::Kind::method_not_allowed);
  EXPECT_THAT(m.allowed, ElementsAre("GET", "PATCH"));
  EXPECT_EQ(RouteTable::allow_header(m.allowed), "GET, PATCH, HEAD, OPTIONS");
}

TEST_F(RouteTableTest, Head_IsServedByGet) {
  auto m = table.match("HEAD", "/api/v1/positions");
  ASSERT_EQ(m.kind, RouteMatch::Kind::found);
  EXPECT_EQ(m.route, 4u);
}

TEST_F(RouteTableTest, TrailingSlashOrEmptySegment_NotFound) {
  EXPECT_EQ(table.match("GET", "/api/v1/positions/").kind, RouteMatch::Kind::not_found);
  EXPECT_EQ(table.match("GET", "/api/v1//positions").kind, RouteMatch::Kind::not_found);
}

TEST_F(RouteTableTest, ParameterValue_IsPercentDecoded) {
  auto m = table.match("GET", "/api/v1/positions/SPY%20240119C00450000");
  ASSERT_EQ(m.kind, RouteMatch::Kind::found);
  EXPECT_THAT(m.params, ElementsAre(Pair("id", "SPY 240119C00450000")));
}

TEST_F(RouteTableTest, MalformedEscape_NotFound) {
  EXPECT_EQ(table.match("GET", "/api/v1/positions/%zz").kind, RouteMatch::Kind::not_found);
  EXPECT_EQ(table.match("GET", "/api/v1/positions/%4").kind, RouteMatch::Kind::not_found);
}

TEST_F(RouteTableTest, DeeperRoute_BacktracksThroughParameter) {
  auto m = table.match("POST", "/api/v1/positions/summary/close");  // "summary" is an id here
  ASSERT_EQ(m.kind, RouteMatch::Kind::found);
  EXPECT_EQ(m.route, 3u);
  EXPECT_THAT(m.params, ElementsAre(Pair("id", "summary")));
}

TEST_F(RouteTableTest, SameMethodAndShapeTwice_Conflict) {
  auto r = table.add("GET", "/api/v1/positions/{pid}", 9);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::conflict);
}

TEST(RouteTable, BadPatterns_Refused) {
  RouteTable t;
  EXPECT_FALSE(t.add("GET", "api/v1", 0));
  EXPECT_FALSE(t.add("GET", "/a//b", 0));
  EXPECT_FALSE(t.add("GET", "/a/{}", 0));
  EXPECT_FALSE(t.add("GET", "/a/{id}/{id}", 0));
  EXPECT_FALSE(t.add("GET", "/a/x{id}", 0));
  EXPECT_FALSE(t.add("get", "/a", 0));
}

TEST(RouteTable, Root_CanBeARoute) {
  RouteTable t;
  ASSERT_TRUE(t.add("GET", "/", 0));
  EXPECT_EQ(t.match("GET", "/").kind, RouteMatch::Kind::found);
}

TEST(PercentDecode, PlusIsSpaceOnlyWhenAsked) {
  EXPECT_EQ(*percent_decode("a+b%2Bc"), "a+b+c");
  EXPECT_EQ(*percent_decode("a+b%2Bc", true), "a b+c");
  EXPECT_FALSE(percent_decode("%"));
}

}  // namespace
}  // namespace nightdesk::api
