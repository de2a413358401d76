#include "engine/message_bus.h"

#include <cxxabi.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <cstdlib>
#include <string>

namespace nightdesk::engine {
namespace {

std::string readable_name(const std::type_info& type) {
  int status = 0;
  char* name = abi::__cxa_demangle(type.name(), nullptr, nullptr, &status);
  std::string result = status == 0 && name != nullptr ? name : type.name();
  std::free(name);
  return result;
}

}  // namespace

MessageBus::MessageBus() = default;
MessageBus::~MessageBus() = default;

std::uint32_t MessageBus::next_event_type() {
  static std::atomic<std::uint32_t> next{0};
  return next.fetch_add(1, std::memory_order_relaxed);
}

bool MessageBus::unsubscribe(SubscriptionId id) {
  if (!id.valid() || id.event_type >= channels_.size() || !channels_[id.event_type]) return false;
  return channels_[id.event_type]->unsubscribe(id.serial);
}

void MessageBus::report_handler_error(const std::type_info& event, const char* what) {
  ++handler_errors_;
  spdlog::error("message bus: a {} handler threw: {}", readable_name(event), what);
}

}  // namespace nightdesk::engine
