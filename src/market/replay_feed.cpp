#include "market/replay_feed.h"

#include "market/native_csv_reader.h"
#include "market/optionsdx_reader.h"

namespace nightdesk::market {
namespace {

// Peeks at the first line without consuming the source the reader will use.
Result<DataFormat> detect_from(LineSource probe) {
  Line line;
  auto got = probe.next(line);
  if (!got) return std::unexpected(got.error());
  if (!*got) return fail(ErrorCode::parse_error, probe.name() + ":1: missing header: the file is empty");
  auto format = detect_format(line.text);
  if (!format) return fail(ErrorCode::parse_error, probe.name() + ":1: " + format.error().message);
  return format;
}

Result<std::unique_ptr<Feed>> open_reader(DataFormat format, LineSource source, LoadOptions options) {
  if (format == DataFormat::optionsdx) {
    auto r = OptionsDxReader::open(std::move(source), std::move(options));
    if (!r) return std::unexpected(r.error());
    return std::unique_ptr<Feed>(std::move(*r));
  }
  auto r = NativeCsvReader::open(std::move(source), std::move(options));
  if (!r) return std::unexpected(r.error());
  return std::unique_ptr<Feed>(std::move(*r));
}

}  // namespace

std::string_view to_string(DataFormat format) {
  return format == DataFormat::optionsdx ? "optionsdx" : "native_csv";
}

Result<DataFormat> detect_format(std::string_view first_line) {
  if (first_line.size() >= 3 && static_cast<unsigned char>(first_line[0]) == 0xEF) first_line.remove_prefix(3);
  while (!first_line.empty() && first_line.front() == ' ') first_line.remove_prefix(1);
  if (first_line.starts_with('[')) return DataFormat::optionsdx;
  std::string_view first = first_line.substr(0, first_line.find(','));
  for (std::size_t c = 0; c < kNativeColumnCount; ++c)
    if (first == native_column_name(static_cast<NativeColumn>(c))) return DataFormat::native_csv;
  return fail(ErrorCode::parse_error,
              "missing header: expected native CSV columns (" + native_csv_header() +
                  ") or OptionsDX bracketed names ([QUOTE_UNIXTIME], ...)");
}

Result<std::unique_ptr<Feed>> open_replay_feed(const std::string& path, LoadOptions options) {
  auto probe = LineSource::open_file(path, options.max_line_bytes);
  if (!probe) return std::unexpected(probe.error());
  auto format = detect_from(std::move(*probe));
  if (!format) return std::unexpected(format.error());
  auto source = LineSource::open_file(path, options.max_line_bytes);
  if (!source) return std::unexpected(source.error());
  return open_reader(*format, std::move(*source), std::move(options));
}

Result<std::unique_ptr<Feed>> open_replay_feed_from_memory(std::string_view text, std::string name,
                                                          LoadOptions options) {
  auto format = detect_from(LineSource::from_memory(text, name, options.max_line_bytes));
  if (!format) return std::unexpected(format.error());
  return open_reader(*format, LineSource::from_memory(text, std::move(name), options.max_line_bytes),
                     std::move(options));
}

MergedFeed::MergedFeed(std::vector<std::unique_ptr<Feed>> inputs)
    : inputs_(std::move(inputs)), heads_(inputs_.size()), live_(inputs_.size(), false) {
  name_ = "merge(";
  for (std::size_t i = 0; i < inputs_.size(); ++i) name_ += (i ? "," : "") + inputs_[i]->name();
  name_ += ")";
}

Status MergedFeed::prime(std::size_t i) {
  auto got = inputs_[i]->next(heads_[i]);
  if (!got) return std::unexpected(got.error());
  live_[i] = *got;
  return ok();
}

Result<bool> MergedFeed::next(QuoteEvent& event) {
  if (!primed_) {
    for (std::size_t i = 0; i < inputs_.size(); ++i) {
      auto s = prime(i);
      if (!s) return std::unexpected(s.error());
    }
    primed_ = true;
  }
  // A linear scan: merges have a handful of inputs, where a heap buys nothing.
  std::size_t best = inputs_.size();
  for (std::size_t i = 0; i < inputs_.size(); ++i)
    if (live_[i] && (best == inputs_.size() || heads_[i].time() < heads_[best].time())) best = i;
  if (best == inputs_.size()) return false;
  std::swap(event, heads_[best]);
  auto s = prime(best);
  if (!s) return std::unexpected(s.error());
  return true;
}

const LoadStats& MergedFeed::stats() const {
  stats_ = LoadStats{};
  for (const auto& input : inputs_) stats_.add(input->stats());
  return stats_;
}

}  // namespace nightdesk::market
