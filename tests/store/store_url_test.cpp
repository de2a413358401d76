#include "store/store_url.h"

#include <gtest/gtest.h>

namespace nightdesk::store {
namespace {

TEST(StoreUrl, SqliteAbsolutePath_IsSqlite) {
  auto u = parse_store_url("sqlite:///var/lib/nightdesk/journal.db");
  ASSERT_TRUE(u) << u.error().describe();
  EXPECT_EQ(u->backend, StoreBackend::sqlite);
  EXPECT_EQ(u->sqlite_path, "/var/lib/nightdesk/journal.db");
}

TEST(StoreUrl, PostgresqlUrl_IsPassedThroughToLibpq) {
  auto u = parse_store_url("postgresql://desk@db.internal:5433/nightdesk?sslmode=require");
  ASSERT_TRUE(u) << u.error().describe();
  EXPECT_EQ(u->backend, StoreBackend::postgresql);
  EXPECT_EQ(u->postgres_uri, "postgresql://desk@db.internal:5433/nightdesk?sslmode=require");
}

TEST(StoreUrl, PostgresqlWithSocketHostParameter_IsAccepted) {
  EXPECT_TRUE(parse_store_url("postgresql:///nightdesk?host=/run/postgresql"));
}

TEST(StoreUrl, PasswordNeverAppearsInRedactedFormOrErrors) {
  auto u = parse_store_url("postgresql://desk:s3cret@db:5432/nightdesk?password=other");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->redacted, "postgresql://desk:***@db:5432/nightdesk?password=***");
  auto bad = parse_store_url("postgresql://desk:s3cret@db:5432");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message.find("s3cret"), std::string::npos) << bad.error().message;
}

struct BadUrl {
  const char* name;
  const char* url;
  const char* says;
};

class StoreUrlRefusal : public ::testing::TestWithParam<BadUrl> {};

TEST_P(StoreUrlRefusal, NamesTheProblem) {
  auto u = parse_store_url(GetParam().url);
  ASSERT_FALSE(u) << GetParam().url;
  EXPECT_EQ(u.error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(u.error().field, "store.url");
  EXPECT_NE(u.error().message.find(GetParam().says), std::string::npos) << u.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    BadUrls, StoreUrlRefusal,
    ::testing::Values(BadUrl{"Empty", "", "is empty"}, BadUrl{"BarePath", "/var/lib/journal.db", "has no scheme"},
                      BadUrl{"UnknownScheme", "mysql://db/nightdesk", "unknown scheme 'mysql'"},
                      BadUrl{"SqliteRelativePath", "sqlite://journal.db", "relative path"},
                      BadUrl{"SqliteNoPath", "sqlite://", "no database path"}, BadUrl{"SqliteDirectory", "sqlite:///data/", "names a directory"},
                      BadUrl{"SqliteQuery", "sqlite:///data/j.db?mode=ro", "query"},
                      BadUrl{"PostgresNoDatabase", "postgresql://db", "no database name"},
                      BadUrl{"PostgresNoHost", "postgresql:///nightdesk", "no host"}),
    [](const ::testing::TestParamInfo<BadUrl>& info) { return std::string(info.param.name); });

TEST(StoreUrl, DefaultUrl_IsTheJournalInTheDataDirectory) {
  EXPECT_EQ(default_store_url("/var/lib/nightdesk"), "sqlite:///var/lib/nightdesk/journal.db");
  auto u = parse_store_url(default_store_url("/var/lib/nightdesk/"));
  ASSERT_TRUE(u);
  EXPECT_EQ(u->sqlite_path, "/var/lib/nightdesk/journal.db");
}

}  // namespace
}  // namespace nightdesk::store
