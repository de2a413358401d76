// MessageBus: typed in-process publish/subscribe. Handlers of an event type run synchronously, in the
// order they subscribed; a handler's exception is caught, logged and counted, never passed on.
// Owned by the EventLoop; engine thread only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <typeinfo>
#include <vector>

namespace nightdesk::engine {

struct SubscriptionId {
  std::uint32_t event_type = 0;
  std::uint32_t serial = 0;  // 0: none
  bool valid() const { return serial != 0; }
};

class MessageBus {
 public:
  template <class Event>
  using Handler = std::function<void(const Event&)>;

  MessageBus();
  ~MessageBus();
  MessageBus(const MessageBus&) = delete;
  MessageBus& operator=(const MessageBus&) = delete;

  template <class Event>
  SubscriptionId subscribe(Handler<Event> handler);
  // False when `id` is not subscribed. Safe from inside a handler; takes effect at once.
  bool unsubscribe(SubscriptionId id);

  // Calls every handler of Event subscribed before this call. Allocates nothing in steady state.
  template <class Event>
  void publish(const Event& event);

  template <class Event>
  std::size_t subscriber_count() const;
  // Handler exceptions caught so far.
  std::uint64_t handler_errors() const { return handler_errors_; }

 private:
  struct ChannelBase {
    virtual ~ChannelBase() = default;
    virtual bool unsubscribe(std::uint32_t serial) = 0;
  };
  template <class Event>
  struct Channel final : ChannelBase {
    struct Entry {
      std::uint32_t serial;
      bool live;
      Handler<Event> handler;
    };
    // A deque keeps each handler in place while a handler subscribes more (push_back moves nothing).
    std::deque<Entry> entries;
    int publishing = 0;  // nesting depth; removals wait until it is 0
    bool has_dead = false;
    bool unsubscribe(std::uint32_t serial) override;
    void remove_dead();
  };

  static std::uint32_t next_event_type();
  template <class Event>
  static std::uint32_t event_type() {
    static const std::uint32_t type = next_event_type();
    return type;
  }
  template <class Event>
  Channel<Event>* channel() const {
    std::uint32_t type = event_type<Event>();
    return type < channels_.size() ? static_cast<Channel<Event>*>(channels_[type].get()) : nullptr;
  }
  void report_handler_error(const std::type_info& event, const char* what);

  std::vector<std::unique_ptr<ChannelBase>> channels_;  // indexed by event type
  std::uint32_t next_serial_ = 1;
  std::uint64_t handler_errors_ = 0;
};

template <class Event>
bool MessageBus::Channel<Event>::unsubscribe(std::uint32_t serial) {
  for (auto& e : entries) {
    if (e.serial != serial || !e.live) continue;
    e.live = false;
    has_dead = true;
    if (publishing == 0) remove_dead();
    return true;
  }
  return false;
}

template <class Event>
void MessageBus::Channel<Event>::remove_dead() {
  std::erase_if(entries, [](const Entry& e) { return !e.live; });
  has_dead = false;
}

template <class Event>
SubscriptionId MessageBus::subscribe(Handler<Event> handler) {
  std::uint32_t type = event_type<Event>();
  if (type >= channels_.size()) channels_.resize(type + 1);
  if (!channels_[type]) channels_[type] = std::make_unique<Channel<Event>>();
  std::uint32_t serial = next_serial_++;
  static_cast<Channel<Event>*>(channels_[type].get())->entries.push_back({serial, true, std::move(handler)});
  return SubscriptionId{type, serial};
}

template <class Event>
void MessageBus::publish(const Event& event) {
  Channel<Event>* ch = channel<Event>();
  if (ch == nullptr) return;
  ++ch->publishing;
  const std::size_t count = ch->entries.size();  // handlers added during this publish wait for the next
  for (std::size_t i = 0; i < count; ++i) {
    auto& entry = ch->entries[i];
    if (!entry.live) continue;
    try {
      entry.handler(event);
    } catch (const std::exception& e) {
      report_handler_error(typeid(Event), e.what());
    } catch (...) {
      report_handler_error(typeid(Event), "unknown exception");
    }
  }
  if (--ch->publishing == 0 && ch->has_dead) ch->remove_dead();
}

template <class Event>
std::size_t MessageBus::subscriber_count() const {
  const Channel<Event>* ch = channel<Event>();
  if (ch == nullptr) return 0;
  std::size_t n = 0;
  for (const auto& e : ch->entries) n += e.live ? 1 : 0;
  return n;
}

}  // namespace nightdesk::engine
