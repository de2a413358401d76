// GET /api/v1/positions through the whole ApiServer (bearer-token auth, rate-limit bookkeeping off, router,
// snapshot to JSON) against a bare Beast handler (common/http_server, one route answering the same bytes from
// memory) in the same process, both loaded by wrk (Debian `wrk`) over loopback. The ratio is what auth,
// routing and JSON cost per request. Usage: api_bench [seconds=10] [connections=32] [wrk_threads=1]
// [server_threads=1]. Prints wrk's summary for each and one comparison line.
#include <fmt/core.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "api/api_server.h"
#include "api/snapshot_routes.h"
#include "api/traded_snapshot.h"
#include "common/http_client.h"
#include "common/http_server.h"

namespace {

using namespace nightdesk;

const std::string kToken = "bench-Qz8Lm2Xw7Vc1Tb6Ny4Hp0Js5Gd2Rk9F";

struct WrkResult {
  double requests_per_second = 0;
  std::string summary;  // wrk's own lines
};

// Runs wrk against `url` and keeps its output; requests_per_second from its "Requests/sec:" line.
WrkResult run_wrk(const std::string& url, const std::string& header, int seconds, int connections, int threads) {
  std::string command = fmt::format("wrk --latency -t{} -c{} -d{}s {} '{}' 2>&1", threads, connections, seconds,
                                    header.empty() ? "" : "-H '" + header + "'", url);
  WrkResult result;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  char line[512];
  while (std::fgets(line, sizeof line, pipe) != nullptr) {
    result.summary += line;
    std::sscanf(line, " Requests/sec: %lf", &result.requests_per_second);
  }
  if (pclose(pipe) != 0) result.summary += "(wrk failed: is Debian's wrk installed?)\n";
  return result;
}

}  // namespace

int main(int argc, char** argv) {
  const int seconds = argc > 1 ? std::atoi(argv[1]) : 10;
  const int connections = argc > 2 ? std::atoi(argv[2]) : 32;
  const int wrk_threads = argc > 3 ? std::atoi(argv[3]) : 1;
  const int server_threads = argc > 4 ? std::atoi(argv[4]) : 1;

  auto snapshot = std::make_shared<const engine::DeskSnapshot>(api::test::traded_snapshot());
  api::ApiServerOptions options;
  options.threads = server_threads;
  options.tokens = {{"api", "NIGHTDESK_API_TOKEN", api::AccessScope::trade, kToken}};
  options.rate_limits_enabled = false;  // wrk would spend the buckets at once; the check itself is what is off
  auto api_server = api::ApiServer::start(
      std::move(options), api::snapshot_routes([snapshot] { return snapshot; }, {"bench", "bench", Timestamp{}}));
  if (!api_server) {
    fmt::print(stderr, "api_bench: {}\n", api_server.error().message);
    return 1;
  }
  const std::string api_url = (*api_server)->url() + "/api/v1/positions";
  auto reference = http_request("GET", api_url, {}, {"Authorization: Bearer " + kToken});
  if (!reference || reference->status != 200) {
    fmt::print(stderr, "api_bench: GET /api/v1/positions did not answer 200\n");
    return 1;
  }

  // The bare handler answers the very body the API produced, so both move the same bytes.
  HttpServerOptions bare_options;
  bare_options.threads = server_threads;
  bare_options.max_connections = 256;
  const std::string body = reference->body;
  auto bare = HttpServer::start(bare_options, {{"GET", "/positions", [&body](const HttpServerRequest&) {
                                                  return HttpServerResponse{200, "application/json", body, {}};
                                                }}});
  if (!bare) {
    fmt::print(stderr, "api_bench: {}\n", bare.error().message);
    return 1;
  }
  const std::string bare_url = fmt::format("http://127.0.0.1:{}/positions", (*bare)->port());

  fmt::print("body {} bytes; wrk -t{} -c{} -d{}s; server I/O threads {}\n\n", body.size(), wrk_threads, connections, seconds,
             server_threads);
  WrkResult bare_result = run_wrk(bare_url, "", seconds, connections, wrk_threads);
  fmt::print("== bare Beast handler (common/http_server, body from memory)\n{}\n", bare_result.summary);
  WrkResult api_result = run_wrk(api_url, "Authorization: Bearer " + kToken, seconds, connections, wrk_threads);
  fmt::print("== GET /api/v1/positions (auth, router, snapshot JSON)\n{}\n", api_result.summary);
  if (bare_result.requests_per_second > 0)
    fmt::print("api / bare: {:.0f} / {:.0f} requests/s = {:.2f}\n", api_result.requests_per_second,
               bare_result.requests_per_second, api_result.requests_per_second / bare_result.requests_per_second);
  return 0;
}
