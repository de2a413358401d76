// call_on_engine: runs a command on the engine thread (EventLoop::post) and waits for its answer, so an API
// thread can read or change engine state without sharing it. The answer must be a value (a copy): no pointer
// into engine state may cross back. Any thread except the engine thread (it would wait for itself).
#pragma once

#include <future>
#include <memory>
#include <utility>

#include "common/error.h"
#include "common/time.h"
#include "engine/event_loop.h"

namespace nightdesk::engine {

// `command` returns Result<T>. A command the engine has not answered within `timeout` is answered unavailable
// "engine" (it may still run later, so it must own what it touches); one the loop dropped unrun likewise.
template <class T, class Command>
Result<T> call_on_engine(EventLoop& loop, Nanoseconds timeout, Command command) {
  auto answer = std::make_shared<std::promise<Result<T>>>();
  std::future<Result<T>> future = answer->get_future();
  loop.post([answer, command = std::move(command)]() mutable { answer->set_value(command()); });
  if (future.wait_for(timeout) != std::future_status::ready)
    return fail(ErrorCode::unavailable, "the engine did not answer in time", "engine");
  try {
    return future.get();
  } catch (const std::future_error&) {  // the loop dropped the command unrun
    return fail(ErrorCode::unavailable, "the engine dropped the command", "engine");
  }
}

}  // namespace nightdesk::engine
