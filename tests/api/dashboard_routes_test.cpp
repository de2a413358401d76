// The dashboard served by a real ApiServer: the page and its files without a token, each with its content type,
// the Content-Security-Policy and revalidation headers; unknown files 404; the API keeps its auth. And the
// embedded table itself: every module the page imports is embedded.
#include "api/dashboard_routes.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "api_server_fixture.h"
#include "web/web_assets.h"

namespace nightdesk::api {
namespace {

using test::kReadToken;

class DashboardRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ApiServerOptions o;
    o.tokens = test::test_grants();
    auto routes = test::test_routes();
    for (auto& route : dashboard_routes()) routes.push_back(std::move(route));
    auto started = ApiServer::start(std::move(o), std::move(routes));
    ASSERT_TRUE(started) << started.error().message;
    server = std::move(*started);
  }
  HttpReply get(const std::string& path, std::vector<std::string> headers = {}) {
    auto r = http_request("GET", server->url() + path, {}, headers);
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : HttpReply{};
  }
  std::unique_ptr<ApiServer> server;
};

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

TEST_F(DashboardRoutesTest, Root_ServesThePageWithoutAToken_WithTheStrictPolicy) {
  const auto page = get("/");
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.header("content-type"), "text/html; charset=utf-8");
  EXPECT_NE(page.body.find("<!doctype html>"), std::string::npos);
  EXPECT_EQ(page.header("content-security-policy"), std::string(kDashboardContentSecurityPolicy));
  EXPECT_EQ(page.header("x-content-type-options"), "nosniff");
  EXPECT_EQ(page.header("cache-control"), "no-cache");
  EXPECT_EQ(page.body, get("/index.html").body);
}

TEST_F(DashboardRoutesTest, EveryEmbeddedFile_IsServedWithItsContentTypeAndBytes) {
  ASSERT_FALSE(web::web_assets().empty());
  for (const auto& asset : web::web_assets()) {
    const auto reply = get(std::string(asset.path));
    EXPECT_EQ(reply.status, 200) << asset.path;
    EXPECT_EQ(reply.body, asset.body) << asset.path;
    EXPECT_EQ(reply.header("etag"), std::string(asset.etag)) << asset.path;
    const std::string expected = ends_with(asset.path, ".js")     ? "text/javascript; charset=utf-8"
                                 : ends_with(asset.path, ".css")  ? "text/css; charset=utf-8"
                                 : ends_with(asset.path, ".html") ? "text/html; charset=utf-8"
                                                                  : std::string(asset.content_type);
    EXPECT_EQ(reply.header("content-type").value_or(""), expected) << asset.path;
  }
}

TEST_F(DashboardRoutesTest, UnknownFile_Is404) {
  EXPECT_EQ(get("/nope.js").status, 404);
  EXPECT_EQ(get("/js/nope.js").status, 404);
  EXPECT_EQ(get("/index.html/x").status, 404);
  EXPECT_EQ(get("/../src/web/index.html").status, 404);
}

TEST_F(DashboardRoutesTest, ApiRoutes_StillNeedTheirToken) {
  EXPECT_EQ(get("/api/v1/positions").status, 401);
  EXPECT_EQ(get("/api/v1/positions", {"Authorization: Bearer " + kReadToken}).status, 200);
}

TEST_F(DashboardRoutesTest, MatchingIfNoneMatch_Is304WithoutABody_AStaleOneGetsTheFile) {
  const auto first = get("/");
  const std::string etag = first.header("etag").value_or("");
  ASSERT_FALSE(etag.empty());
  const auto again = get("/", {"If-None-Match: " + etag});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(get("/", {"If-None-Match: W/" + etag + ", \"other\""}).status, 304);
  EXPECT_EQ(get("/", {"If-None-Match: \"stale\""}).status, 200);
}

TEST_F(DashboardRoutesTest, OnlyGetAndHead_AreAllowed) {
  auto post = http_request("POST", server->url() + "/", "{}", {"Content-Type: application/json"});
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 405);
  auto head = http_request("HEAD", server->url() + "/index.html");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
}

TEST(WebAssets, RootIsTheIndexPage_PathsAreUnique) {
  ASSERT_NE(web::find_web_asset("/"), nullptr);
  EXPECT_EQ(web::find_web_asset("/"), web::find_web_asset("/index.html"));
  EXPECT_EQ(web::find_web_asset("/missing.js"), nullptr);
  EXPECT_EQ(web::find_web_asset(""), nullptr);
  std::set<std::string_view> paths;
  for (const auto& asset : web::web_assets()) EXPECT_TRUE(paths.insert(asset.path).second) << asset.path;
}

// A module the page or another module imports but the build did not embed would fail only in a browser.
TEST(WebAssets, EveryScriptAndModuleImport_IsEmbedded) {
  const std::regex script(R"re(<script[^>]*src="([^"]+)")re");
  const std::regex import_from(R"re(\bfrom\s+'(\.\.?/[^']+)')re");
  int references = 0;
  for (const auto& asset : web::web_assets()) {
    const std::string body(asset.body);
    const std::string path(asset.path);
    const std::string folder = path.substr(0, path.rfind('/') + 1);
    const bool html = ends_with(asset.path, ".html");
    for (std::sregex_iterator it(body.begin(), body.end(), html ? script : import_from), end; it != end; ++it) {
      std::string target = (*it)[1];
      if (target.starts_with("./")) target = folder + target.substr(2);
      if (target.starts_with("../")) {
        const std::string parent = folder.substr(0, folder.rfind('/', folder.size() - 2) + 1);
        target = parent + target.substr(3);
      }
      EXPECT_NE(web::find_web_asset(target), nullptr) << asset.path << " refers to " << target;
      ++references;
    }
  }
  EXPECT_GT(references, 3);
}

TEST(WebAssets, NoFileLoadsAnythingFromTheNetwork) {
  for (const auto& asset : web::web_assets()) {
    std::string body(asset.body);
    for (std::size_t at; (at = body.find("http://www.w3.org/2000/svg")) != std::string::npos;) body.erase(at, 26);
    EXPECT_EQ(body.find("http://"), std::string::npos) << asset.path;
    EXPECT_EQ(body.find("https://"), std::string::npos) << asset.path;
  }
}

}  // namespace
}  // namespace nightdesk::api
