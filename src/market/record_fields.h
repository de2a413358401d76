// RecordFields: splits one CSV line into fields without copying (views into the line), and reads
// numbers, prices and dates from fields with messages that name the column. One owner thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "common/fixed_point.h"
#include "common/time.h"

namespace nightdesk::market {

class RecordFields {
 public:
  // Splits `line` on commas. Fields are views into `line` (or into internal storage when the line
  // uses RFC 4180 quotes); valid until the next split. Spaces around fields are trimmed.
  Status split(std::string_view line);
  std::size_t size() const { return fields_.size(); }
  std::string_view operator[](std::size_t i) const { return fields_[i]; }

 private:
  std::vector<std::string_view> fields_;
  std::vector<std::string> unquoted_;  // storage for the rare quoted line
};

// Field readers. `column` names the column in the error; an empty field is an error unless noted.
Result<Price> read_price(std::string_view text, std::string_view column);
// A price that must be >= 0.
Result<Price> read_non_negative_price(std::string_view text, std::string_view column);
Result<double> read_double(std::string_view text, std::string_view column);
// A whole number; "12.0" is accepted (some sources print counts as floats), "12.5" is not.
Result<std::int64_t> read_count(std::string_view text, std::string_view column);
Result<Date> read_date(std::string_view text, std::string_view column);

}  // namespace nightdesk::market
