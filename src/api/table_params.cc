// Decoding and validation of ProvisionedThroughput, BillingMode, TableClass
// and Tags, shared by the table operations.

#include "api/table_params.h"

#include <fmt/format.h>

namespace magneto::api {

namespace {

// Reads one UTF-8 code point from `s` at `i`, advancing `i`. Malformed input
// yields U+FFFD (the JSON parser only hands out valid UTF-8).
char32_t NextCodePoint(std::string_view s, size_t& i) {
  unsigned char c = static_cast<unsigned char>(s[i++]);
  int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
  char32_t cp = extra == 3 ? (c & 0x07) : extra == 2 ? (c & 0x0F) : extra == 1 ? (c & 0x1F) : c;
  for (int k = 0; k < extra; ++k) {
    if (i >= s.size()) return 0xFFFD;
    cp = (cp << 6) | (static_cast<unsigned char>(s[i++]) & 0x3F);
  }
  return cp;
}

// AWS's tag character set is [\p{L}\p{Z}\p{N}_.:/=+\-@]. Without a Unicode
// database, non-ASCII code points are accepted except the main blocks of
// punctuation, symbols, emoji and private use, which covers what clients
// send in practice (a known approximation).
bool IsTagChar(char32_t cp) {
  if (cp < 0x80) {
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') ||
           cp == ' ' || cp == '_' || cp == '.' || cp == ':' || cp == '/' || cp == '=' ||
           cp == '+' || cp == '-' || cp == '@';
  }
  struct Range {
    char32_t lo, hi;
  };
  static constexpr Range kRejected[] = {
      {0x80, 0x9F},        {0xA1, 0xA9},     {0xAB, 0xB1},     {0xB4, 0xB4},     {0xB6, 0xB8},
      {0xBB, 0xBB},        {0xBF, 0xBF},     {0xD7, 0xD7},     {0xF7, 0xF7},     {0x2010, 0x2027},
      {0x2030, 0x205E},    {0x20A0, 0x2BFF}, {0x3001, 0x3004}, {0x3008, 0x3020}, {0xD800, 0xF8FF},
      {0xFE00, 0xFE6F},    {0xFF01, 0xFF0F}, {0xFF1A, 0xFF20}, {0xFFF0, 0xFFFF}, {0x1F000, 0x1FAFF},
      {0xE0000, 0x10FFFF},
  };
  for (const Range& r : kRejected) {
    if (cp >= r.lo && cp <= r.hi) return false;
  }
  return true;
}

// Whether `s` has min..max characters, all in the tag character set.
bool IsTagText(std::string_view s, size_t min, size_t max) {
  size_t chars = 0;
  for (size_t i = 0; i < s.size();) {
    if (!IsTagChar(NextCodePoint(s, i))) return false;
    ++chars;
  }
  return chars >= min && chars <= max;
}

ApiError InvalidKey(std::string_view shown) {
  return ApiError::Validation(fmt::format("The Tag Key provided is invalid, Key: {}", shown));
}

}  // namespace

bool HasMember(const json::Value& request, std::string_view member) {
  const json::Value* v = request.Find(member);
  return v != nullptr && !v->is_null();
}

ApiError NotSupportedYet(std::string_view member) {
  return ApiError::Validation(fmt::format("{} is not supported by this server yet", member));
}

ApiError TooManyTags() {
  return ApiError::Validation(
      "Number of Tags exceed the current limit for the provided ResourceArn");
}

ApiResult<std::optional<ThroughputRequest>> DecodeThroughput(const json::Value& request,
                                                             Constraints& c,
                                                             std::string_view field) {
  auto pt = GetMember(request, "ProvisionedThroughput", json::Value::Kind::kObject);
  if (!pt.ok()) return Fail(std::move(pt).error());
  if (*pt == nullptr) return std::optional<ThroughputRequest>();
  auto read = GetInt(**pt, "ReadCapacityUnits");
  if (!read.ok()) return Fail(std::move(read).error());
  auto write = GetInt(**pt, "WriteCapacityUnits");
  if (!write.ok()) return Fail(std::move(write).error());
  // DynamoDB lists the write units first.
  auto check = [&c, field](const std::optional<int64_t>& v, std::string_view units) {
    std::string where = fmt::format("{}.{}", field, units);
    if (!v) {
      c.Null(where);
    } else if (*v < 1) {
      c.Violation(ShowValue(std::to_string(*v)), where,
                  "Member must have value greater than or equal to 1");
    }
  };
  check(*write, "writeCapacityUnits");
  check(*read, "readCapacityUnits");
  return std::optional<ThroughputRequest>(ThroughputRequest{read->value_or(0), write->value_or(0)});
}

ApiResult<Unit> ChangeThroughput(schema::Throughput& tp, const ThroughputRequest& want,
                                 int64_t now_ms, std::string_view subject) {
  constexpr int64_t kMillisPerDay = 86'400'000;
  if (want.read_capacity_units == tp.read_capacity_units &&
      want.write_capacity_units == tp.write_capacity_units) {
    // The index variant's wording past "will not change" is not confirmed.
    std::string_view owner = subject.substr(0, subject.find(' '));
    return Fail(ApiError::Validation(fmt::format(
        "The provisioned throughput for the {0} will not change. The requested value equals the "
        "current value. Current ReadCapacityUnits provisioned for the {1}: {2}. Requested "
        "ReadCapacityUnits: {3}. Current WriteCapacityUnits provisioned for the {1}: {4}. "
        "Requested WriteCapacityUnits: {5}. Refer to the Amazon DynamoDB Developer Guide for "
        "current limits and how to request higher limits.",
        subject, owner, tp.read_capacity_units, want.read_capacity_units, tp.write_capacity_units,
        want.write_capacity_units)));
  }
  if (want.read_capacity_units > tp.read_capacity_units ||
      want.write_capacity_units > tp.write_capacity_units) {
    tp.last_increase_ms = now_ms;
  }
  if (want.read_capacity_units < tp.read_capacity_units ||
      want.write_capacity_units < tp.write_capacity_units) {
    bool same_day = tp.last_decrease_ms / kMillisPerDay == now_ms / kMillisPerDay;
    tp.decreases_today = (same_day ? tp.decreases_today : 0) + 1;
    tp.last_decrease_ms = now_ms;
  }
  tp.read_capacity_units = want.read_capacity_units;
  tp.write_capacity_units = want.write_capacity_units;
  return Unit{};
}

ApiResult<std::optional<schema::BillingMode>> DecodeBillingMode(const json::Value& request,
                                                                Constraints& c) {
  auto mode = GetString(request, "BillingMode");
  if (!mode.ok()) return Fail(std::move(mode).error());
  if (!*mode) return std::optional<schema::BillingMode>();
  if (**mode == "PROVISIONED") return std::optional(schema::BillingMode::kProvisioned);
  if (**mode == "PAY_PER_REQUEST") return std::optional(schema::BillingMode::kPayPerRequest);
  c.Violation(ShowValue(**mode), "billingMode",
              "Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]");
  return std::optional<schema::BillingMode>();
}

ApiResult<std::optional<std::string>> DecodeTableClass(const json::Value& request) {
  auto cls = GetString(request, "TableClass");
  if (!cls.ok()) return Fail(std::move(cls).error());
  if (*cls && **cls != "STANDARD" && **cls != "STANDARD_INFREQUENT_ACCESS") {
    return Fail(ApiError::Validation(
        "Invalid table-class parameter provided. Please try again with a valid table-class value: "
        "[STANDARD, STANDARD_INFREQUENT_ACCESS]."));
  }
  return std::move(*cls);
}

ApiResult<Unit> CheckTagKey(std::string_view key) {
  if (!IsTagText(key, 1, 128)) return Fail(InvalidKey(key));
  if (key.substr(0, 4) == "aws:") {
    return Fail(
        ApiError::Validation(fmt::format("Tag Key cannot be prefixed with aws:, Key: {}", key)));
  }
  return Unit{};
}

ApiResult<std::vector<schema::Tag>> DecodeTags(const json::Value& tags) {
  std::vector<schema::Tag> out;
  for (const json::Value& t : tags.elements()) {
    auto key = GetString(t, "Key");
    if (!key.ok()) return Fail(std::move(key).error());
    auto value = GetString(t, "Value");
    if (!value.ok()) return Fail(std::move(value).error());
    if (!*key) return Fail(InvalidKey("null"));
    if (!IsTagText(**key, 1, 128)) return Fail(InvalidKey(**key));
    if (!*value || !IsTagText(**value, 0, 256)) {
      return Fail(ApiError::Validation(fmt::format("The Tag Value provided is invalid, Value: {}",
                                                   *value ? std::string_view(**value) : "null")));
    }
    if (auto r = CheckTagKey(**key); !r.ok()) return Fail(std::move(r).error());
    for (const schema::Tag& seen : out) {
      if (seen.key == **key) {
        return Fail(ApiError::Validation(fmt::format(
            "Duplicate Tag Keys provided as input: Duplicate Tag Key found {}", seen.key)));
      }
    }
    out.push_back({std::move(**key), std::move(**value)});
  }
  return out;
}

ApiResult<Unit> MergeTags(std::vector<schema::Tag>& tags, const std::vector<schema::Tag>& added) {
  std::vector<schema::Tag> merged = tags;
  for (const schema::Tag& t : added) {
    bool replaced = false;
    for (schema::Tag& old : merged) {
      if (old.key == t.key) {
        old.value = t.value;
        replaced = true;
      }
    }
    if (!replaced) merged.push_back(t);
  }
  if (merged.size() > kMaxTagsPerResource) return Fail(TooManyTags());
  tags = std::move(merged);
  return Unit{};
}

}  // namespace magneto::api
