#include "market/header_line.h"

namespace nightdesk::market {

std::unexpected<Error> header_error(const LineSource& source, std::uint64_t line, const std::string& why) {
  return fail(ErrorCode::parse_error, BadRow{source.name(), line, why}.describe());
}

Result<std::uint64_t> read_header_fields(LineSource& source, LoadStats& stats, RecordFields& fields) {
  Line line;
  auto got = source.next(line);
  if (!got) return std::unexpected(got.error());
  stats.bytes = source.bytes_consumed();
  if (!*got) return header_error(source, 1, "missing header: the file is empty");
  ++stats.lines;
  if (line.too_long) return header_error(source, line.number, "missing header: first line is too long");
  std::string_view text = line.text;
  if (text.size() >= 3 && static_cast<unsigned char>(text[0]) == 0xEF) text.remove_prefix(3);  // UTF-8 BOM
  if (auto split = fields.split(text); !split) return header_error(source, line.number, "missing header: " + split.error().message);
  return line.number;
}

}  // namespace nightdesk::market
