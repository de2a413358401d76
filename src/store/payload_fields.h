// How journal payloads spell domain values in JSON: prices and money as exact decimal strings ("1.25"),
// quantities as integers, times as integer Unix nanoseconds, dates as "YYYY-MM-DD", enums by their names.
// Used by the record encoders and decoders only; pure functions, any thread.
// The readers throw PayloadError (or nlohmann's exceptions) on a missing or malformed field; decode_payload()
// turns either into an Error, so nothing escapes the store.
#pragma once

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/error.h"
#include "common/fixed_point.h"
#include "common/time.h"
#include "execution/fill.h"
#include "execution/order.h"
#include "execution/order_request.h"
#include "market/instrument.h"
#include "store/journal_record.h"

namespace nightdesk::store::payload {

using Json = nlohmann::json;

struct PayloadError : std::runtime_error {
  PayloadError(std::string field, const std::string& message) : std::runtime_error(message), field(std::move(field)) {}
  std::string field;
};

Json write(Price p);
Json write(Money m);
Json write(Quantity q);
Json write(Timestamp t);
Json write(Date d);
Json write(const market::Instrument& instrument);
Json write(const execution::OrderRequest& request);
Json write(const execution::Fill& fill);
Json write(const execution::OrderTransition& transition);
template <class T>
Json write(const std::optional<T>& value) { return value ? write(*value) : Json(nullptr); }

Price read_price(const Json& object, std::string_view field);
Money read_money(const Json& object, std::string_view field);
Quantity read_quantity(const Json& object, std::string_view field);
Timestamp read_time(const Json& object, std::string_view field);
std::optional<Timestamp> read_optional_time(const Json& object, std::string_view field);
std::optional<Price> read_optional_price(const Json& object, std::string_view field);
Date read_date(const Json& object, std::string_view field);
std::string read_string(const Json& object, std::string_view field);
std::int64_t read_int(const Json& object, std::string_view field);
market::Instrument read_instrument(const Json& object);
execution::OrderRequest read_order_request(const Json& object);
execution::Fill read_fill(const Json& object);
execution::OrderTransition read_transition(const Json& object);
execution::OrderState read_order_state(const Json& object, std::string_view field);

// An enum written with to_string(): one of the values 0..count-1 of `Enum`, by name.
template <class Enum>
Enum read_named_enum(const Json& object, std::string_view field, int count) {
  std::string text = read_string(object, field);
  for (int i = 0; i < count; ++i)
    if (to_string(static_cast<Enum>(i)) == text) return static_cast<Enum>(i);
  throw PayloadError(std::string(field), std::string(field) + ": unknown value '" + text + "'");
}

// Parses entry.payload and runs `read` on it after checking the entry's kind is `kind`. Any parse or
// read failure becomes a parse_error naming the kind, the entity and the field.
template <class T>
Result<T> decode_payload(const JournalEntry& entry, std::string_view kind, const std::function<T(const Json&)>& read);

// The non-template part of decode_payload: the error for a failure while decoding `entry`.
Error decode_error(const JournalEntry& entry, std::string_view field, std::string_view message);

template <class T>
Result<T> decode_payload(const JournalEntry& entry, std::string_view kind, const std::function<T(const Json&)>& read) {
  if (entry.kind != kind)
    return std::unexpected(decode_error(entry, "kind", "expected a record of kind " + std::string(kind)));
  Json json = Json::parse(entry.payload, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) return std::unexpected(decode_error(entry, "payload", "not a JSON object"));
  try {
    return read(json);
  } catch (const PayloadError& e) {
    return std::unexpected(decode_error(entry, e.field, e.what()));
  } catch (const nlohmann::json::exception& e) {
    return std::unexpected(decode_error(entry, "payload", e.what()));
  }
}

}  // namespace nightdesk::store::payload
