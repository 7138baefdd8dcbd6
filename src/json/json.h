// A small JSON document model and writer. This module is the only code that
// includes the JSON library (RapidJSON); everything else sees these types.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/api_error.h"

namespace magneto::json {

// An immutable-after-parse JSON value. Objects keep their members in document
// order; numbers keep their original text (DynamoDB's API never needs them
// as floating point, and the text is what validation messages quote).
class Value {
 public:
  enum class Kind : uint8_t { kNull, kBool, kNumber, kString, kArray, kObject };
  using Member = std::pair<std::string, Value>;

  Value() = default;
  static Value Null() { return Value(); }
  static Value Bool(bool b) { Value v; v.kind_ = Kind::kBool; v.bool_ = b; return v; }
  static Value Number(std::string text) { Value v; v.kind_ = Kind::kNumber; v.str_ = std::move(text); return v; }
  static Value String(std::string s) { Value v; v.kind_ = Kind::kString; v.str_ = std::move(s); return v; }
  static Value Array() { Value v; v.kind_ = Kind::kArray; return v; }
  static Value Object() { Value v; v.kind_ = Kind::kObject; return v; }

  Kind kind() const { return kind_; }
  bool is_null() const { return kind_ == Kind::kNull; }
  bool is_bool() const { return kind_ == Kind::kBool; }
  bool is_number() const { return kind_ == Kind::kNumber; }
  bool is_string() const { return kind_ == Kind::kString; }
  bool is_array() const { return kind_ == Kind::kArray; }
  bool is_object() const { return kind_ == Kind::kObject; }

  bool boolean() const { return bool_; }
  // The string's value, or a number's original text.
  const std::string& str() const { return str_; }
  const std::vector<Value>& elements() const { return elements_; }
  std::vector<Value>& elements() { return elements_; }
  const std::vector<Member>& members() const { return members_; }
  std::vector<Member>& members() { return members_; }

  // Object member lookup (first match); nullptr when absent or not an object.
  const Value* Find(std::string_view key) const;

 private:
  Kind kind_ = Kind::kNull;
  bool bool_ = false;
  std::string str_;
  std::vector<Value> elements_;
  std::vector<Member> members_;
};

// Parses a request body. Malformed JSON is a SerializationException.
// Nesting deeper than kMaxDepth is rejected rather than recursed into.
constexpr int kMaxDepth = 128;
ApiResult<Value> Parse(std::string_view text);

// Streaming writer producing compact JSON, in the order calls are made.
class Writer {
 public:
  Writer();
  ~Writer();
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  Writer& StartObject();
  Writer& EndObject();
  Writer& StartArray();
  Writer& EndArray();
  Writer& Key(std::string_view k);
  Writer& String(std::string_view s);
  Writer& Bool(bool b);
  Writer& Null();
  Writer& Int(int64_t i);
  // A number written verbatim from its text (e.g. "0.5").
  Writer& RawNumber(std::string_view text);
  // A complete JSON value written verbatim (e.g. an array built by another Writer).
  Writer& Raw(std::string_view json_text);
  // Writes a parsed value back out.
  Writer& Write(const Value& v);

  // The document so far; valid until the next call.
  std::string_view view() const;
  std::string Take();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace magneto::json
