// Result<T>: a value or an error, for module boundaries. Errors are values, not exceptions.
#pragma once

#include <cassert>
#include <utility>
#include <variant>

namespace magneto {

template <typename E>
struct Unexpected {
  E error;
};

template <typename E>
Unexpected<std::decay_t<E>> MakeUnexpected(E&& e) {
  return Unexpected<std::decay_t<E>>{std::forward<E>(e)};
}

// A minimal std::expected stand-in (C++20 has none). T may not be void; use
// Result<Unit, E> for "success or error".
template <typename T, typename E>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT
  template <typename E2>
  Result(Unexpected<E2> u) : v_(std::in_place_index<1>, std::move(u.error)) {}  // NOLINT

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { assert(ok()); return std::get<0>(v_); }
  const T& value() const& { assert(ok()); return std::get<0>(v_); }
  T&& value() && { assert(ok()); return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  E& error() & { assert(!ok()); return std::get<1>(v_); }
  const E& error() const& { assert(!ok()); return std::get<1>(v_); }
  E&& error() && { assert(!ok()); return std::get<1>(std::move(v_)); }

 private:
  std::variant<T, E> v_;
};

struct Unit {};

}  // namespace magneto
