#include "report/backtest_run.h"

namespace nightdesk::report {
namespace {

// Passes the feed through, counting events for the progress callback (one compare per event).
class CountingFeed final : public market::Feed {
 public:
  CountingFeed(market::Feed& inner, const BacktestRunOptions& options) : inner_(inner), options_(options) {
    next_report_ = options_.progress_every;
  }
  Result<bool> next(market::QuoteEvent& event) override {
    auto got = inner_.next(event);
    if (got && *got && ++events_ == next_report_) {
      next_report_ += options_.progress_every;
      report(event.time());
    }
    return got;
  }
  const market::LoadStats& stats() const override { return inner_.stats(); }
  const std::string& name() const override { return inner_.name(); }
  void report(Timestamp time) const {
    if (options_.on_progress) options_.on_progress(ReplayProgress{events_, &inner_.stats(), time});
  }

 private:
  market::Feed& inner_;
  const BacktestRunOptions& options_;
  std::uint64_t events_ = 0;
  std::uint64_t next_report_ = 0;
};

}  // namespace

Result<BacktestResult> run_backtest(engine::DeskSession& session, market::Feed& feed, const BacktestRunOptions& options) {
  auto recorder = BacktestRecorder::create(
      options.recorder, session.loop(), session.desk(), session.orders(),
      [&session] { return session.venue().ledger().cash; }, session.calendar());
  if (!recorder) return std::unexpected(recorder.error());
  CountingFeed counted(feed, options);
  if (auto ran = session.run(counted); !ran) return std::unexpected(ran.error());
  if (auto close = (*recorder)->pending_close()) {
    if (auto ran = session.loop().run_until(*close); !ran) return std::unexpected(ran.error());
  }
  counted.report(session.loop().now());
  return (*recorder)->finish();
}

}  // namespace nightdesk::report
