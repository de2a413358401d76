#include "market/chain_book.h"

namespace nightdesk::market {

void ChainBook::apply(const QuoteEvent& event) {
  auto it = chains_.find(event.underlying);
  if (it == chains_.end()) it = chains_.emplace(event.underlying, OptionChain(event.underlying)).first;
  OptionChain& chain = it->second;
  Date today{std::chrono::floor<std::chrono::days>(event.time())};
  if (!chain.expiries().empty() && chain.expiries().begin()->first < today) chain.drop_expired(today);
  chain.apply(event);
}

const OptionChain* ChainBook::chain(std::string_view underlying) const {
  auto it = chains_.find(underlying);
  return it == chains_.end() ? nullptr : &it->second;
}

Result<OptionChain> chain_snapshot_at(Feed& feed, std::string_view underlying, Timestamp at) {
  ChainBook book;
  QuoteEvent event;
  while (true) {
    auto got = feed.next(event);
    if (!got) return std::unexpected(got.error());
    if (!*got || event.time() > at) break;
    if (event.underlying == underlying) book.apply(event);
  }
  const OptionChain* chain = book.chain(underlying);
  if (chain == nullptr)
    return fail(ErrorCode::not_found, "no quotes for " + std::string(underlying) + " by " + format_iso8601(at),
                "underlying");
  return *chain;
}

}  // namespace nightdesk::market
