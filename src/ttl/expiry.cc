// The expiry rule of Time to Live (see expiry.h).

#include "ttl/expiry.h"

namespace magneto::ttl {

bool IsExpired(const model::Item& item, std::string_view attribute, int64_t now_seconds) {
  auto it = item.find(attribute);
  if (it == item.end() || !it->second.is(model::Type::kN)) return false;
  const model::Number& at = it->second.num();
  return at < model::Number::FromInt(now_seconds) &&
         at >= model::Number::FromInt(now_seconds - kMaxPastSeconds);
}

}  // namespace magneto::ttl
