#include "common/occ_symbol.h"

#include <fmt/format.h>

namespace nightdesk {
namespace {

constexpr std::size_t kRootWidth = 6;
constexpr std::size_t kTailWidth = 15;  // YYMMDD + C/P + 8 strike digits
constexpr std::int64_t kMaxStrikeThousandths = 99'999'999;

bool is_root_char(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

Result<std::string> checked_root(std::string_view root) {
  if (root.empty() || root.size() > kRootWidth)
    return fail(ErrorCode::invalid_argument, "root must be 1 to 6 characters, got '" + std::string(root) + "'", "root");
  for (char c : root)
    if (!is_root_char(c))
      return fail(ErrorCode::invalid_argument, "root must be upper-case letters and digits, got '" + std::string(root) + "'", "root");
  return std::string(root);
}

Status validate(const OccSymbol& s) {
  if (auto root = checked_root(s.root); !root) return std::unexpected(root.error());
  int year = static_cast<int>(s.expiry.year());
  if (!s.expiry.ok() || year < 2000 || year > 2099)
    return fail(ErrorCode::out_of_range, "expiry must be a real date in 2000-2099", "expiry");
  // 1e-4 price units to thousandths of a dollar: the last digit must be zero.
  if (s.strike.units() <= 0 || s.strike.units() % 10 != 0 || s.strike.units() / 10 > kMaxStrikeThousandths)
    return fail(ErrorCode::out_of_range,
                "strike must be positive, at most 99999.999 and have at most three decimals, got " + s.strike.to_string(), "strike");
  return ok();
}

std::string tail(const OccSymbol& s) {
  return fmt::format("{:02}{:02}{:02}{}{:08}", static_cast<int>(s.expiry.year()) - 2000, static_cast<unsigned>(s.expiry.month()),
                     static_cast<unsigned>(s.expiry.day()), s.right == OptionRight::call ? 'C' : 'P', s.strike.units() / 10);
}

}  // namespace

Result<OccSymbol> OccSymbol::parse(std::string_view text) {
  auto bad = [&](std::string_view why) {
    return fail(ErrorCode::parse_error, std::string(why) + " in OCC symbol '" + std::string(text) + "'", "symbol");
  };
  if (text.size() < kTailWidth + 1 || text.size() > kTailWidth + kRootWidth) return bad("wrong length");
  std::string_view head = text.substr(0, text.size() - kTailWidth);
  std::string_view rest = text.substr(text.size() - kTailWidth);
  // The padded form pads the root with trailing spaces to six characters; the compact form has none.
  std::size_t root_end = head.find(' ');
  std::string_view root = head.substr(0, root_end);
  if (root_end != std::string_view::npos) {
    if (head.size() != kRootWidth) return bad("padded root must be exactly six characters");
    if (head.find_first_not_of(' ', root_end) != std::string_view::npos) return bad("space inside the root");
  }
  if (auto checked = checked_root(root); !checked) return bad(checked.error().message);

  std::int64_t digits[6];
  for (int i = 0; i < 6; ++i) {
    if (rest[i] < '0' || rest[i] > '9') return bad("expiry must be six digits YYMMDD");
    digits[i] = rest[i] - '0';
  }
  Date expiry{std::chrono::year{2000 + static_cast<int>(digits[0] * 10 + digits[1])},
              std::chrono::month{static_cast<unsigned>(digits[2] * 10 + digits[3])},
              std::chrono::day{static_cast<unsigned>(digits[4] * 10 + digits[5])}};
  if (!expiry.ok()) return bad("no such expiry date");
  OptionRight right;
  if (rest[6] == 'C') right = OptionRight::call;
  else if (rest[6] == 'P') right = OptionRight::put;
  else return bad("right must be C or P");
  std::int64_t thousandths = 0;
  for (std::size_t i = 7; i < kTailWidth; ++i) {
    if (rest[i] < '0' || rest[i] > '9') return bad("strike must be eight digits");
    thousandths = thousandths * 10 + (rest[i] - '0');
  }
  if (thousandths == 0) return bad("strike must be positive");
  return OccSymbol{std::string(root), expiry, right, Price::from_units(thousandths * 10)};
}

Result<std::string> OccSymbol::to_padded() const {
  if (auto valid = validate(*this); !valid) return std::unexpected(valid.error());
  return fmt::format("{:<6}{}", root, tail(*this));
}

Result<std::string> OccSymbol::to_compact() const {
  if (auto valid = validate(*this); !valid) return std::unexpected(valid.error());
  return root + tail(*this);
}

}  // namespace nightdesk
