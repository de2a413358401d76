// Minimal RFC 4180 CSV: split one record into fields, and quote a field for output.
// Pure functions; safe from any thread. Multi-line quoted fields are not supported (one record per line).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"

namespace nightdesk {

// Splits `line` (without its newline; a trailing '\r' is dropped) into `fields`, unquoting quoted
// fields ("a ""b""" → a "b"). Unbalanced quotes are a parse error that says at which column.
Status split_csv_record(std::string_view line, std::vector<std::string>& fields);

// Quotes `field` when it holds a comma, quote, or line break; otherwise returns it as is.
std::string csv_escape(std::string_view field);

// Joins fields with commas, escaping each.
std::string csv_join(const std::vector<std::string>& fields);

}  // namespace nightdesk
