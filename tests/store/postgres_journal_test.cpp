// PostgreSQL specifics, against the real server the test helper starts (as `nobody` when run as root).
#include "store/postgres_journal.h"

#include <gtest/gtest.h>

#include "store/store_fixture.h"

namespace nightdesk::store {
namespace {

using namespace testing;

TEST(PostgresJournal, SecondOwnerOfTheSameDatabase_IsRefusedNamingTheHolder) {
  FreshStore store("postgresql");
  auto first = store.open();
  ASSERT_TRUE(first) << first.error().describe();
  auto second = store.open();
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, ErrorCode::conflict);
  EXPECT_NE(second.error().message.find("nightdesk pid " + std::to_string(::getpid())), std::string::npos) << second.error().message;
  EXPECT_TRUE(store.open_reader());  // readers take no lock
  first->reset();
  EXPECT_TRUE(store.open());  // the lock goes with the session
}

TEST(PostgresJournal, UnixSocketUrl_Works) {
  std::string why;
  auto* server = nightdesk::testing::shared_postgres(&why);
  ASSERT_NE(server, nullptr) << why;
  FreshStore store("postgresql");
  std::string database = store.url().substr(store.url().rfind('/') + 1);
  auto journal = open_journal(server->socket_url(database));
  ASSERT_TRUE(journal) << journal.error().describe();
  EXPECT_EQ(*(*journal)->last_sequence(), 0u);
}

TEST(PostgresJournal, UnreachableServer_IsUnavailableAndHidesThePassword) {
  auto journal = open_journal("postgresql://desk:hunter2@127.0.0.1:1/nightdesk?connect_timeout=2");
  ASSERT_FALSE(journal);
  EXPECT_EQ(journal.error().code, ErrorCode::unavailable);
  EXPECT_EQ(journal.error().message.find("hunter2"), std::string::npos) << journal.error().message;
}

TEST(PostgresTestServer, RunsAsAnUnprivilegedAccount) {
  std::string why;
  auto* server = nightdesk::testing::shared_postgres(&why);
  ASSERT_NE(server, nullptr) << why;
  pqxx::connection c(server->url("postgres"));
  pqxx::nontransaction n(c);
  // The server process's OS user owns its data directory; as root we hand it to nobody.
  std::string data_dir = n.exec1("SHOW data_directory")[0].as<std::string>();
  struct stat st {};
  ASSERT_EQ(::stat(data_dir.c_str(), &st), 0);
  if (::geteuid() == 0) {
    EXPECT_NE(st.st_uid, 0u);
  }
  EXPECT_EQ(n.exec1("SHOW listen_addresses")[0].as<std::string>(), "127.0.0.1");
}

}  // namespace
}  // namespace nightdesk::store
