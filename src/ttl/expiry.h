// Time to Live's expiry rule: which items the expirer may delete, as
// DynamoDB states it for the TTL attribute's value.
#pragma once

#include <cstdint>
#include <string_view>

#include "model/value.h"

namespace magneto::ttl {

// DynamoDB skips expiry times more than five years in the past (they are
// taken for mistakes, e.g. milliseconds read as seconds the other way round,
// rather than for items to delete). Five years of 365 days.
constexpr int64_t kMaxPastSeconds = int64_t{5} * 365 * 24 * 3600;

// Whether `item` has expired at `now_seconds` (epoch seconds) under the TTL
// attribute `attribute`: its value is a Number (any form: "1.7e9", a
// fraction) of epoch seconds before now and not more than kMaxPastSeconds
// before now. Absent attributes and other types (a string of digits, a
// number set) never expire.
bool IsExpired(const model::Item& item, std::string_view attribute, int64_t now_seconds);

}  // namespace magneto::ttl
