// ResumeFeed: the replay after a restart. Passes on the quotes of another feed from the journal's last
// engine time on (quotes at that time are seen again: what they caused may not have been committed),
// dropping the earlier ones, which the recovered state already reflects. One consumer thread.
#pragma once

#include <memory>
#include <string>

#include "common/time.h"
#include "market/feed.h"

namespace nightdesk::store {

class ResumeFeed final : public market::Feed {
 public:
  ResumeFeed(std::unique_ptr<market::Feed> input, Timestamp resume_at)
      : input_(std::move(input)), resume_at_(resume_at), name_(input_->name() + " from " + format_iso8601(resume_at)) {}

  Result<bool> next(market::QuoteEvent& event) override;
  const market::LoadStats& stats() const override { return input_->stats(); }
  const std::string& name() const override { return name_; }
  std::uint64_t skipped() const { return skipped_; }

 private:
  std::unique_ptr<market::Feed> input_;
  Timestamp resume_at_;
  std::string name_;
  std::uint64_t skipped_ = 0;
};

}  // namespace nightdesk::store
