#include "store/store_url.h"

#include <fmt/format.h>

namespace nightdesk::store {
namespace {

constexpr std::string_view kField = "store.url";
constexpr std::string_view kForms = "use sqlite:///absolute/path/journal.db or postgresql://user@host:port/database";

std::unexpected<Error> bad(std::string_view url, std::string_view problem) {
  return fail(ErrorCode::invalid_argument, fmt::format("store URL '{}' {}; {}", redact_store_url(url), problem, kForms),
              std::string(kField));
}

}  // namespace

std::string redact_store_url(std::string_view url) {
  std::string out(url);
  std::size_t scheme_end = out.find("://");
  if (scheme_end != std::string::npos) {
    std::size_t authority = scheme_end + 3;
    std::size_t authority_end = out.find_first_of("/?", authority);
    std::size_t at = out.rfind('@', authority_end == std::string::npos ? out.size() : authority_end);
    if (at != std::string::npos && at >= authority) {
      std::size_t colon = out.find(':', authority);
      if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  for (std::size_t pos = out.find("password="); pos != std::string::npos; pos = out.find("password=", pos + 1)) {
    std::size_t value = pos + 9;
    std::size_t end = out.find('&', value);
    out.replace(value, (end == std::string::npos ? out.size() : end) - value, "***");
  }
  return out;
}

Result<StoreUrl> parse_store_url(std::string_view url) {
  if (url.empty()) return bad(url, "is empty");
  std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return bad(url, "has no scheme");
  std::string_view scheme = url.substr(0, scheme_end);
  std::string_view rest = url.substr(scheme_end + 3);
  StoreUrl out;
  out.redacted = redact_store_url(url);
  if (scheme == "sqlite") {
    if (rest.empty()) return bad(url, "has no database path");
    if (rest.front() != '/') return bad(url, "has a relative path or a host (sqlite needs three slashes and an absolute path)");
    if (rest.find_first_of("?#") != std::string_view::npos) return bad(url, "has a query or fragment (sqlite takes none)");
    out.backend = StoreBackend::sqlite;
    out.sqlite_path = std::filesystem::path(rest).lexically_normal();
    if (!out.sqlite_path.has_filename()) return bad(url, "names a directory, not a database file");
    return out;
  }
  if (scheme == "postgresql" || scheme == "postgres") {
    std::string_view authority = rest.substr(0, rest.find_first_of("/?"));
    bool host_in_query = rest.find("host=") != std::string_view::npos;
    if (authority.empty() && !host_in_query) return bad(url, "has no host (give one, or host=/socket/dir as a parameter)");
    std::size_t slash = rest.find('/');
    if (slash == std::string_view::npos || slash + 1 >= rest.size() || rest[slash + 1] == '?')
      return bad(url, "has no database name");
    out.backend = StoreBackend::postgresql;
    out.postgres_uri = std::string(url);
    return out;
  }
  return bad(url, fmt::format("has an unknown scheme '{}'", scheme));
}

std::string default_store_url(const std::filesystem::path& data_dir) {
  return "sqlite://" + std::filesystem::absolute(data_dir / "journal.db").lexically_normal().string();
}

}  // namespace nightdesk::store
