// The api: section: defaults, values from YAML and env, and the environment-resolved server options.
#include "api/api_config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "common/config_loader.h"

namespace nightdesk::api {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

const std::string kTrade = "tK3v9QmZ2pLx8RfW4nYbH6cJ1sD7gE5a";

struct Keys {
  ConfigSchema schema;
  ApiConfigKeys api{schema};
};

Result<ApiSettings> load(std::string_view yaml, std::map<std::string, std::string> env = {}) {
  static const Keys keys;
  auto config = load_config_text(keys.schema, yaml, "nightdesk.yaml", "NIGHTDESK", environment_from(std::move(env)));
  if (!config) return std::unexpected(config.error());
  return keys.api.read(*config);
}

TEST(ApiConfig, Defaults) {
  auto s = load("");
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->server.bind, "127.0.0.1");
  EXPECT_EQ(s->server.port, 8080);
  EXPECT_EQ(s->server.max_body_bytes, 64u * 1024);
  EXPECT_EQ(s->server.json_max_depth, 64);
  EXPECT_EQ(s->server.read_timeout, 10s);
  EXPECT_TRUE(s->server.rate_limits_enabled);
  EXPECT_EQ(s->server.rate_limits.token_order_entry.capacity, 20);
  EXPECT_TRUE(s->token_file.empty());
}

TEST(ApiConfig, ValuesFromFileAndEnvironment) {
  auto s = load("api:\n  port: 0\n  max_body_bytes: 2048\n  read_timeout: 2s\n  cors_origins: [\"https://desk.example.com\"]\n"
                "  token_orders_per_second: 2.5\n",
                {{"NIGHTDESK_API_JSON_MAX_DEPTH", "16"}});
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->server.port, 0);
  EXPECT_EQ(s->server.max_body_bytes, 2048u);
  EXPECT_EQ(s->server.read_timeout, 2s);
  EXPECT_EQ(s->server.json_max_depth, 16);
  EXPECT_EQ(s->server.rate_limits.token_order_entry.refill_per_second, 2.5);
  EXPECT_EQ(s->server.cors.allowed_origins, std::vector<std::string>{"https://desk.example.com"});
}

TEST(ApiConfig, OutOfRangePort_RefusedNamingTheKey) {
  auto s = load("api:\n  port: 70000\n");
  ASSERT_FALSE(s);
  EXPECT_THAT(s.error().message, HasSubstr("api.port"));
}

TEST(ApiConfig, ServerOptions_TakeTokensAndCorsFromTheEnvironment) {
  auto s = load("");
  ASSERT_TRUE(s);
  auto o = api_server_options(*s, environment_from({{"NIGHTDESK_API_TOKEN", kTrade}}), false);
  ASSERT_TRUE(o) << o.error().message;
  ASSERT_EQ(o->tokens.size(), 1u);
  EXPECT_EQ(o->cors.allowed_origins, kDevelopmentOrigins);
}

TEST(ApiConfig, ServerOptions_WeakTokenRefused) {
  auto s = load("");
  ASSERT_TRUE(s);
  auto o = api_server_options(*s, environment_from({{"NIGHTDESK_API_TOKEN", "secret"}}), false);
  ASSERT_FALSE(o);
  EXPECT_EQ(o.error().field, "NIGHTDESK_API_TOKEN");
}

TEST(ApiConfig, ServerOptions_ProductionWithoutOriginsRefused) {
  auto s = load("");
  ASSERT_TRUE(s);
  auto o = api_server_options(*s, environment_from({{"NIGHTDESK_API_TOKEN", kTrade}, {"NIGHTDESK_ENV", "production"}}), false);
  ASSERT_FALSE(o);
  EXPECT_THAT(o.error().message, HasSubstr("production"));
}

}  // namespace
}  // namespace nightdesk::api

namespace nightdesk::api {
namespace {

// The api: section of config/nightdesk.yaml (the documented one) holds the defaults.
TEST(ApiConfig, DocumentedSectionInNightdeskYaml_LoadsWithTheDefaults) {
  std::ifstream in(NIGHTDESK_SOURCE_DIR "/config/nightdesk.yaml");
  ASSERT_TRUE(in);
  std::string line, yaml;
  bool inside = false;
  while (std::getline(in, line)) {
    const bool top_level_key = !line.empty() && line[0] != ' ' && line[0] != '#';
    if (inside && top_level_key) break;
    if (line == "api:") inside = true;
    if (inside) yaml += line + "\n";
  }
  ASSERT_FALSE(yaml.empty());
  auto documented = load(yaml);
  ASSERT_TRUE(documented) << documented.error().message;
  auto defaults = load("");
  ASSERT_TRUE(defaults);
  EXPECT_EQ(documented->server.port, defaults->server.port);
  EXPECT_EQ(documented->server.rate_limits.ip_order_entry.capacity, defaults->server.rate_limits.ip_order_entry.capacity);
  EXPECT_EQ(documented->server.cors.max_age, defaults->server.cors.max_age);
}

}  // namespace
}  // namespace nightdesk::api
