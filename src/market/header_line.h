// The header line of a quote file: read, counted and split the same way for every format.
// Called by the readers on their owner thread.
#pragma once

#include <cstdint>
#include <string>

#include "common/error.h"
#include "market/line_source.h"
#include "market/load_report.h"
#include "market/record_fields.h"

namespace nightdesk::market {

// A "file:line: why" parse error, for header problems a reader finds.
std::unexpected<Error> header_error(const LineSource& source, std::uint64_t line, const std::string& why);

// Reads the first line of `source` into `fields` (a UTF-8 byte-order mark is dropped), counting its line
// and bytes in `stats`. An empty file, an over-long first line or bad quoting is a header_error.
// Returns the header's line number.
Result<std::uint64_t> read_header_fields(LineSource& source, LoadStats& stats, RecordFields& fields);

}  // namespace nightdesk::market
