// OptionRow: one option to price or solve, read from command-line flags or from a CSV row whose
// header names are the flag names (model,type,spot,strike,expiry-years,rate,div,vol|price).
// Plain values; used on one thread.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/error.h"
#include "pricing/option_implied_volatility.h"
#include "pricing/option_pricer.h"

namespace nightdesk::apps {

// The inputs a row may carry; a field left empty falls back to the command-line flag of the same name.
struct OptionFields {
  std::optional<std::string> model, type;
  std::optional<std::string> spot, strike, expiry_years, rate, div, vol, price;
};

struct OptionRow {
  pricing::Model model = pricing::Model::bsm;
  OptionRight right = OptionRight::call;
  pricing::OptionInputs inputs;
  double price = 0;  // the option's market price (iv only)
};

enum class RowPurpose { price, iv };

// Resolves a row against the flag defaults: the row's own field wins, then the flag; a field missing from
// both, or a value that is not what the field needs, is an error naming the field.
Result<OptionRow> resolve_option_row(const OptionFields& row, const OptionFields& flags, RowPurpose purpose);

// Maps CSV header names ("expiry-years" or "expiry_years", any case) to column indexes of OptionFields;
// unknown columns are carried through to the output untouched.
class OptionColumns {
 public:
  explicit OptionColumns(const std::vector<std::string>& header);
  OptionFields read(const std::vector<std::string>& record) const;

 private:
  std::vector<std::optional<std::string> OptionFields::*> field_of_column_;
};

}  // namespace nightdesk::apps
