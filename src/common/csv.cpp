#include "common/csv.h"

namespace nightdesk {

Status split_csv_record(std::string_view line, std::vector<std::string>& fields) {
  fields.clear();
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  std::string field;
  std::size_t i = 0;
  while (true) {
    field.clear();
    if (i < line.size() && line[i] == '"') {
      std::size_t opened = i++;
      while (true) {
        if (i >= line.size())
          return fail(ErrorCode::parse_error, "unterminated quote opened at column " + std::to_string(opened + 1));
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        field += line[i++];
      }
      if (i < line.size() && line[i] != ',')
        return fail(ErrorCode::parse_error, "unexpected text after a closing quote at column " + std::to_string(i + 1));
    } else {
      std::size_t end = line.find(',', i);
      std::string_view raw = line.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i);
      if (raw.find('"') != std::string_view::npos)
        return fail(ErrorCode::parse_error, "quote inside an unquoted field at column " + std::to_string(i + raw.find('"') + 1));
      field.assign(raw);
      i += raw.size();
    }
    fields.push_back(field);
    if (i >= line.size()) return ok();
    ++i;  // the comma
  }
}

std::string csv_escape(std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(field);
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

std::string csv_join(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) out += ',';
    out += csv_escape(fields[i]);
  }
  return out;
}

}  // namespace nightdesk
