// HttpServer over loopback with the libcurl client: routes, limits, failing handlers, ephemeral ports, stop.
#include "common/http_server.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>
#include <thread>

#include "common/http_client.h"

namespace nightdesk {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

std::vector<HttpRoute> routes() {
  return {
      {"GET", "/livez",
       [](const HttpServerRequest&) {
         return HttpServerResponse{200, "text/plain", "ok", {}};
       }},
      {"GET", "/echo",
       [](const HttpServerRequest& r) {
         return HttpServerResponse{200, "text/plain", r.path + "?" + r.query, {}};
       }},
      {"POST", "/size",
       [](const HttpServerRequest& r) {
         return HttpServerResponse{201, "application/json", std::to_string(r.body.size()), {{"X-Seen", "yes"}}};
       }},
      {"GET", "/throws", [](const HttpServerRequest&) -> HttpServerResponse { throw std::runtime_error("boom"); }},
      {"GET", "/throws-int", [](const HttpServerRequest&) -> HttpServerResponse { throw 42; }},
  };
}

class HttpServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto started = HttpServer::start({}, routes());
    ASSERT_TRUE(started) << started.error().message;
    server = std::move(*started);
  }
  std::string url(const std::string& path) { return "http://127.0.0.1:" + std::to_string(server->port()) + path; }
  std::unique_ptr<HttpServer> server;
};

TEST_F(HttpServerTest, PortZero_BindsAnEphemeralLoopbackPort) {
  EXPECT_GT(server->port(), 0);
  EXPECT_EQ(server->address(), "127.0.0.1");
  auto r = http_request("GET", url("/livez"));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "ok");
  EXPECT_EQ(r->header("content-type"), "text/plain");
  EXPECT_EQ(r->header("cache-control"), "no-store");
}

TEST_F(HttpServerTest, Query_IsSplitFromThePath) {
  auto r = http_request("GET", url("/echo?a=1&b=2"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "/echo?a=1&b=2");
}

TEST_F(HttpServerTest, PostRoute_GetsTheBodyAndSetsStatusAndHeaders) {
  auto r = http_request("POST", url("/size"), std::string(1000, 'x'));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 201);
  EXPECT_EQ(r->body, "1000");
  EXPECT_EQ(r->header("x-seen"), "yes");
}

TEST_F(HttpServerTest, UnknownPath_Is404AndWrongMethodIs405WithAllow) {
  auto missing = http_request("GET", url("/nope"));
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  auto wrong = http_request("DELETE", url("/livez"));
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 405);
  EXPECT_EQ(wrong->header("allow"), "GET");
}

TEST_F(HttpServerTest, Head_OnAGetRoute_HasLengthButNoBody) {
  auto r = http_request("HEAD", url("/livez"));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->header("content-length"), "2");
  EXPECT_TRUE(r->body.empty());
}

TEST_F(HttpServerTest, ThrowingHandler_Answers500IsCountedAndServerKeepsServing) {
  auto r = http_request("GET", url("/throws"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 500);
  EXPECT_THAT(r->body, ::testing::Not(HasSubstr("boom")));  // no internals to the client
  auto r2 = http_request("GET", url("/throws-int"));
  ASSERT_TRUE(r2);
  EXPECT_EQ(r2->status, 500);
  EXPECT_EQ(server->stats().handler_failures, 2u);
  auto after = http_request("GET", url("/livez"));
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 200);
}

TEST(HttpServer, BodyOverTheLimit_Is413) {
  HttpServerOptions o;
  o.max_body_bytes = 100;
  auto server = HttpServer::start(o, routes());
  ASSERT_TRUE(server);
  auto r =
      http_request("POST", "http://127.0.0.1:" + std::to_string((*server)->port()) + "/size", std::string(101, 'x'));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ((*server)->stats().rejected, 1u);
}

TEST(HttpServer, HeadersOverTheLimit_Are431) {
  HttpServerOptions o;
  o.max_header_bytes = 512;
  auto server = HttpServer::start(o, routes());
  ASSERT_TRUE(server);
  auto r = http_request("GET", "http://127.0.0.1:" + std::to_string((*server)->port()) + "/livez", {},
                        {"X-Big: " + std::string(2000, 'h')});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->status, 431);
}

TEST(HttpServer, SilentClient_IsClosedAfterTheReadTimeout) {
  HttpServerOptions o;
  o.read_timeout = 200ms;
  auto server = HttpServer::start(o, routes());
  ASSERT_TRUE(server);
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons((*server)->port());
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::write(fd, "GET /livez HTTP/1.1\r\n", 21), 21);  // never finishes the request
  timeval tv{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  char buf[64];
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(::read(fd, buf, sizeof buf), 0);  // the server closed it
  EXPECT_LT(std::chrono::steady_clock::now() - started, 4s);
  ::close(fd);
}

TEST(HttpServer, BadBindAddress_IsAnError) {
  HttpServerOptions o;
  o.bind = "not-an-address";
  auto server = HttpServer::start(o, routes());
  ASSERT_FALSE(server);
  EXPECT_EQ(server.error().code, ErrorCode::invalid_argument);
}

TEST(HttpServer, PortInUse_IsAnErrorNamingThePort) {
  auto first = HttpServer::start({}, routes());
  ASSERT_TRUE(first);
  HttpServerOptions o;
  o.port = (*first)->port();
  auto second = HttpServer::start(o, routes());
  ASSERT_FALSE(second);
  EXPECT_THAT(second.error().message, HasSubstr(std::to_string(o.port)));
}

TEST(HttpServer, Stop_ClosesThePortAndIsIdempotent) {
  auto server = HttpServer::start({}, routes());
  ASSERT_TRUE(server);
  const auto port = (*server)->port();
  (*server)->stop();
  (*server)->stop();
  auto r = http_request("GET", "http://127.0.0.1:" + std::to_string(port) + "/livez", {}, {}, 1s);
  EXPECT_FALSE(r);
}

TEST(HttpServer, ManyClientsAtOnce_AreAllAnswered) {
  HttpServerOptions o;
  o.threads = 2;
  auto server = HttpServer::start(o, routes());
  ASSERT_TRUE(server);
  const std::string u = "http://127.0.0.1:" + std::to_string((*server)->port()) + "/livez";
  std::atomic<int> good{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < 8; ++i) {
    clients.emplace_back([&] {
      for (int k = 0; k < 20; ++k) {
        auto r = http_request("GET", u);
        if (r && r->status == 200) ++good;
      }
    });
  }
  for (auto& t : clients) t.join();
  EXPECT_EQ(good.load(), 160);
  EXPECT_EQ((*server)->stats().requests, 160u);
}

TEST(HttpServer, Fallback_AnswersPathsNoRouteHas_WithThePeerAddress) {
  HttpServerOptions o;
  o.fallback = [](const HttpServerRequest& r) {
    return HttpServerResponse{200, "text/plain", r.method + " " + r.path + " from " + r.remote_address, {}};
  };
  auto server = HttpServer::start(o, routes());
  ASSERT_TRUE(server);
  const std::string base = "http://127.0.0.1:" + std::to_string((*server)->port());
  auto r = http_request("DELETE", base + "/anything/42");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "DELETE /anything/42 from 127.0.0.1");
  auto exact = http_request("GET", base + "/livez");  // an exact route still wins
  ASSERT_TRUE(exact);
  EXPECT_EQ(exact->body, "ok");
}

TEST(HttpServer, ThrowingFallback_500AndCounted) {
  HttpServerOptions o;
  o.fallback = [](const HttpServerRequest&) -> HttpServerResponse { throw std::runtime_error("boom"); };
  auto server = HttpServer::start(o, {});
  ASSERT_TRUE(server);
  auto r = http_request("GET", "http://127.0.0.1:" + std::to_string((*server)->port()) + "/x");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 500);
  EXPECT_EQ((*server)->stats().handler_failures, 1u);
}

TEST(HttpServer, RejectResponse_ShapesTheServersOwn413_CountedByReason) {
  HttpServerOptions o;
  o.max_body_bytes = 16;
  o.reject_response = [](unsigned status, const std::string& reason) {
    return HttpServerResponse{status, "application/json", "{\"error\":\"" + reason + "\"}", {}};
  };
  auto server = HttpServer::start(o, routes());
  ASSERT_TRUE(server);
  auto r = http_request("POST", "http://127.0.0.1:" + std::to_string((*server)->port()) + "/size", std::string(100, 'x'),
                        {"Expect:"});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(r->header("content-type"), "application/json");
  EXPECT_EQ(r->body, "{\"error\":\"request body too large\"}");
  EXPECT_EQ((*server)->stats().body_too_large, 1u);
  EXPECT_EQ((*server)->stats().rejected, 1u);
}

}  // namespace
}  // namespace nightdesk
