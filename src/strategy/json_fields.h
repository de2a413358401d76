// Reading and writing JSON objects field by field, with errors that name the field ("schedule.weekdays[1]")
// and unknown fields rejected ("did you mean ...?"). One describe() function per struct drives both the
// reader and the writer, so the two cannot drift apart. Plain helpers; any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/error.h"
#include "common/fixed_point.h"
#include "common/option_right.h"
#include "common/time.h"
#include "execution/order_terms.h"
#include "strategy/strike_choice.h"

namespace nightdesk::strategy {

// Value readers: ok, or invalid_argument naming `field` and saying what was expected.
Status read_json(const nlohmann::json& v, bool& out, const std::string& field);
Status read_json(const nlohmann::json& v, std::int32_t& out, const std::string& field);
Status read_json(const nlohmann::json& v, std::int64_t& out, const std::string& field);
Status read_json(const nlohmann::json& v, double& out, const std::string& field);
Status read_json(const nlohmann::json& v, std::string& out, const std::string& field);
Status read_json(const nlohmann::json& v, Price& out, const std::string& field);  // number, or exact decimal text
Status read_json(const nlohmann::json& v, Date& out, const std::string& field);   // "YYYY-MM-DD"
Status read_json(const nlohmann::json& v, Timestamp& out, const std::string& field);  // ISO 8601 with zone
Status read_json(const nlohmann::json& v, OptionRight& out, const std::string& field);
Status read_json(const nlohmann::json& v, execution::Side& out, const std::string& field);
Status read_json(const nlohmann::json& v, execution::TimeInForce& out, const std::string& field);
// A strike: a number or decimal text (fixed), or one of {"strike": K}, {"delta": 0.30}, {"atm_offset": 5}.
Status read_json(const nlohmann::json& v, StrikeChoice& out, const std::string& field);
// An expiry: "YYYY-MM-DD", or {"date": "YYYY-MM-DD"} or {"dte": 30}.
Status read_json(const nlohmann::json& v, ExpiryChoice& out, const std::string& field);

template <class T>
Status read_json(const nlohmann::json& v, std::optional<T>& out, const std::string& field) {
  T value{};
  if (auto s = read_json(v, value, field); !s) return s;
  out = std::move(value);
  return ok();
}

template <class T>
Status read_json(const nlohmann::json& v, std::vector<T>& out, const std::string& field) {
  if (!v.is_array()) return fail(ErrorCode::invalid_argument, "expected an array", field);
  out.clear();
  for (std::size_t i = 0; i < v.size(); ++i) {
    T item{};
    if (auto s = read_json(v[i], item, field + "[" + std::to_string(i) + "]"); !s) return s;
    out.push_back(std::move(item));
  }
  return ok();
}

// Value writers, the inverse of the readers.
nlohmann::json write_json(bool v);
nlohmann::json write_json(std::int32_t v);
nlohmann::json write_json(std::int64_t v);
nlohmann::json write_json(double v);
nlohmann::json write_json(const std::string& v);
nlohmann::json write_json(Price v);
nlohmann::json write_json(Date v);
nlohmann::json write_json(Timestamp v);
nlohmann::json write_json(OptionRight v);
nlohmann::json write_json(execution::Side v);
nlohmann::json write_json(execution::TimeInForce v);
nlohmann::json write_json(const StrikeChoice& v);
nlohmann::json write_json(const ExpiryChoice& v);

template <class T>
nlohmann::json write_json(const std::vector<T>& v) {
  auto out = nlohmann::json::array();
  for (const auto& item : v) out.push_back(write_json(item));
  return out;
}

// Joins an object path and a key: ("", "width") -> "width", ("schedule", "time") -> "schedule.time".
std::string join_field(std::string_view path, std::string_view key);

// Reads the fields of one JSON object into a struct. The first error wins; later calls are no-ops.
class JsonObjectReader {
 public:
  // `object` must outlive the reader; `path` prefixes every field name in errors ("" at the top).
  JsonObjectReader(const nlohmann::json& object, std::string path);

  template <class T>
  void required(std::string_view key, T& out) {
    asked_.emplace(key);
    if (error_) return;
    if (!object_.contains(std::string(key))) {
      error_ = Error{ErrorCode::invalid_argument, "is required", join_field(path_, key)};
      return;
    }
    read(key, out);
  }
  // Leaves `out` at its default when the key is absent (or null).
  template <class T>
  void optional(std::string_view key, T& out) {
    asked_.emplace(key);
    if (error_ || !object_.contains(std::string(key)) || object_.at(std::string(key)).is_null()) return;
    read(key, out);
  }
  // Marks a key as known without reading it (the caller reads it another way).
  void known(std::string_view key) { asked_.emplace(key); }
  bool failed() const { return error_.has_value(); }
  const std::string& path() const { return path_; }

  // The first error; else an error for the first field nobody asked for; else ok.
  Status finish() const;

 private:
  template <class T>
  void read(std::string_view key, T& out) {
    if (auto s = read_json(object_.at(std::string(key)), out, join_field(path_, key)); !s) error_ = s.error();
  }

  const nlohmann::json& object_;
  std::string path_;
  std::set<std::string, std::less<>> asked_;  // every key the describe() function knows
  std::optional<Error> error_;
};

// Writes the fields of a struct into a JSON object; the same describe() calls as the reader.
class JsonObjectWriter {
 public:
  template <class T>
  void required(std::string_view key, const T& value) { out_[std::string(key)] = write_json(value); }
  template <class T>
  void optional(std::string_view key, const std::optional<T>& value) {
    if (value) out_[std::string(key)] = write_json(*value);
  }
  void optional(std::string_view key, const std::string& value) {
    if (!value.empty()) out_[std::string(key)] = value;
  }
  template <class T>
  void optional(std::string_view key, const T& value) { required(key, value); }
  void known(std::string_view) {}
  nlohmann::json& json() { return out_; }

 private:
  nlohmann::json out_ = nlohmann::json::object();
};

// Reads `object` (which must be a JSON object) with `describe(reader, out)`; the error names the field.
template <class T, class Describe>
Status read_object(const nlohmann::json& object, const std::string& path, T& out, Describe describe) {
  if (!object.is_object()) return fail(ErrorCode::invalid_argument, "expected an object", path);
  JsonObjectReader reader(object, path);
  describe(reader, out);
  return reader.finish();
}

template <class T, class Describe>
nlohmann::json write_object(const T& value, Describe describe) {
  JsonObjectWriter writer;
  T copy = value;  // describe() takes a mutable reference for the reader's sake; the writer only reads
  describe(writer, copy);
  return std::move(writer.json());
}

}  // namespace nightdesk::strategy
