#include "market/native_csv_writer.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>

#include <fmt/format.h>

#include "market/native_csv_reader.h"

namespace nightdesk::market {
namespace {

std::unexpected<Error> io_fail(const std::string& path) {
  return fail(ErrorCode::io_error, path + ": " + std::strerror(errno));
}

// A timestamp as ISO-8601 UTC with only the fractional digits it needs (…T21:00:00Z, …T21:00:00.5Z).
void append_time(std::string& out, Timestamp t) {
  auto days = std::chrono::floor<std::chrono::days>(t);
  Date date{days};
  auto ns = (t - days).count();
  auto secs = ns / 1'000'000'000;
  auto frac = ns % 1'000'000'000;
  fmt::format_to(std::back_inserter(out), "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", static_cast<int>(date.year()),
                 static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()), secs / 3600,
                 secs / 60 % 60, secs % 60);
  if (frac != 0) {
    std::string digits = fmt::format("{:09}", frac);
    while (digits.back() == '0') digits.pop_back();
    out += '.';
    out += digits;
  }
  out += 'Z';
}

}  // namespace

std::string NativeCsvWriter::format_row(const QuoteEvent& e) {
  std::string out;
  out.reserve(128);
  append_time(out, e.quote.time);
  out += ',';
  out += e.underlying;
  out += ',';
  if (e.is_option()) {
    out += format_date(e.expiry);
    out += ',';
    out += e.strike.to_string();
    out += e.right == OptionRight::call ? ",C," : ",P,";
  } else {
    out += ",,,";
  }
  if (e.is_option() || e.quote.has_offer()) {
    out += e.quote.bid.to_string();
    out += ',';
    out += e.quote.ask.to_string();
  } else {
    out += ',';
  }
  fmt::format_to(std::back_inserter(out), ",{},{},", e.quote.bid_size.count(), e.quote.ask_size.count());
  if (e.quote.last) out += e.quote.last->to_string();
  out += ',';
  if (e.volume) out += std::to_string(*e.volume);
  out += ',';
  if (e.open_interest) out += std::to_string(*e.open_interest);
  out += ',';
  if (e.iv) fmt::format_to(std::back_inserter(out), "{:.6g}", *e.iv);
  out += ',';
  if (e.delta) fmt::format_to(std::back_inserter(out), "{:.6g}", *e.delta);
  return out;
}

Result<NativeCsvWriter> NativeCsvWriter::create(const std::string& path) {
  NativeCsvWriter w;
  w.path_ = path;
  w.temp_path_ = path + ".tmp." + std::to_string(::getpid());
  w.file_ = std::fopen(w.temp_path_.c_str(), "wb");
  if (w.file_ == nullptr) return io_fail(w.temp_path_);
  std::setvbuf(w.file_, nullptr, _IOFBF, 1 << 20);
  std::string header = native_csv_header() + "\n";
  if (std::fwrite(header.data(), 1, header.size(), w.file_) != header.size()) return io_fail(w.temp_path_);
  return w;
}

NativeCsvWriter::NativeCsvWriter(NativeCsvWriter&& o) noexcept
    : path_(std::move(o.path_)), temp_path_(std::move(o.temp_path_)), file_(std::exchange(o.file_, nullptr)),
      rows_(o.rows_) {}

NativeCsvWriter::~NativeCsvWriter() {
  if (file_ != nullptr) {
    std::fclose(file_);
    std::remove(temp_path_.c_str());
  }
}

Status NativeCsvWriter::write(const QuoteEvent& event) {
  if (file_ == nullptr) return fail(ErrorCode::conflict, "writer already finished");
  std::string row = format_row(event);
  row += '\n';
  if (std::fwrite(row.data(), 1, row.size(), file_) != row.size()) return io_fail(temp_path_);
  ++rows_;
  return ok();
}

Status NativeCsvWriter::finish() {
  if (file_ == nullptr) return fail(ErrorCode::conflict, "writer already finished");
  std::FILE* f = std::exchange(file_, nullptr);
  bool good = std::fflush(f) == 0 && ::fsync(::fileno(f)) == 0;
  good = std::fclose(f) == 0 && good;
  if (!good || std::rename(temp_path_.c_str(), path_.c_str()) != 0) {
    auto err = io_fail(path_);
    std::remove(temp_path_.c_str());
    return err;
  }
  return ok();
}

}  // namespace nightdesk::market
