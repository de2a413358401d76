#include "apps/option_row.h"

#include <charconv>
#include <cmath>

namespace nightdesk::apps {
namespace {

using Field = std::optional<std::string> OptionFields::*;

struct FieldName {
  const char* name;
  Field field;
};

constexpr FieldName kFields[] = {
    {"model", &OptionFields::model},   {"type", &OptionFields::type},
    {"spot", &OptionFields::spot},     {"strike", &OptionFields::strike},
    {"expiry-years", &OptionFields::expiry_years}, {"rate", &OptionFields::rate},
    {"div", &OptionFields::div},       {"vol", &OptionFields::vol},
    {"price", &OptionFields::price},
};

std::string normalised_header(std::string name) {
  for (char& c : name) {
    if (c == '_') c = '-';
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  while (!name.empty() && name.back() == ' ') name.pop_back();
  while (!name.empty() && name.front() == ' ') name.erase(name.begin());
  return name;
}

// The row's value if present and not blank, else the flag's.
std::optional<std::string> pick(const OptionFields& row, const OptionFields& flags, Field field) {
  const auto& own = row.*field;
  if (own && !own->empty()) return own;
  return flags.*field;
}

Result<double> number(const OptionFields& row, const OptionFields& flags, Field field, const char* name,
                      std::optional<double> fallback = std::nullopt) {
  auto text = pick(row, flags, field);
  if (!text) {
    if (fallback) return *fallback;
    return fail(ErrorCode::invalid_argument, "is required", name);
  }
  double value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size() || !std::isfinite(value))
    return fail(ErrorCode::invalid_argument, "expected a finite number, got '" + *text + "'", name);
  return value;
}

Result<pricing::Model> model_of(const std::optional<std::string>& text) {
  if (!text || *text == "bsm") return pricing::Model::bsm;
  if (*text == "black76") return pricing::Model::black76;
  if (*text == "american") return pricing::Model::american;
  return fail(ErrorCode::invalid_argument, "expected bsm, black76 or american, got '" + *text + "'", "model");
}

}  // namespace

Result<OptionRow> resolve_option_row(const OptionFields& row, const OptionFields& flags, RowPurpose purpose) {
  OptionRow out;
  auto model = model_of(pick(row, flags, &OptionFields::model));
  if (!model) return std::unexpected(model.error());
  out.model = *model;
  auto type = pick(row, flags, &OptionFields::type);
  if (!type) return fail(ErrorCode::invalid_argument, "is required (call or put)", "type");
  auto right = parse_option_right(*type);
  if (!right) return fail(ErrorCode::invalid_argument, "expected call or put, got '" + *type + "'", "type");
  out.right = *right;

  struct Input {
    Field field;
    const char* name;
    double* target;
    std::optional<double> fallback;
  };
  const bool wants_vol = purpose == RowPurpose::price;
  Input inputs[] = {
      {&OptionFields::spot, "spot", &out.inputs.spot_or_forward, std::nullopt},
      {&OptionFields::strike, "strike", &out.inputs.strike, std::nullopt},
      {&OptionFields::expiry_years, "expiry-years", &out.inputs.years, std::nullopt},
      {&OptionFields::rate, "rate", &out.inputs.rate, 0.0},
      {&OptionFields::div, "div", &out.inputs.dividend_yield, 0.0},
      {wants_vol ? &OptionFields::vol : &OptionFields::price, wants_vol ? "vol" : "price",
       wants_vol ? &out.inputs.vol : &out.price, std::nullopt},
  };
  for (const Input& in : inputs) {
    auto value = number(row, flags, in.field, in.name, in.fallback);
    if (!value) return std::unexpected(value.error());
    *in.target = *value;
  }
  return out;
}

OptionColumns::OptionColumns(const std::vector<std::string>& header) {
  for (const std::string& raw : header) {
    std::string name = normalised_header(raw);
    Field field = nullptr;
    for (const FieldName& f : kFields)
      if (name == f.name) field = f.field;
    field_of_column_.push_back(field);
  }
}

OptionFields OptionColumns::read(const std::vector<std::string>& record) const {
  OptionFields fields;
  for (std::size_t i = 0; i < record.size() && i < field_of_column_.size(); ++i)
    if (field_of_column_[i]) fields.*field_of_column_[i] = record[i];
  return fields;
}

}  // namespace nightdesk::apps
