// JSON parsing (RapidJSON SAX into json::Value) and writing (RapidJSON Writer).

#include "json/json.h"

#include <cstring>

// RapidJSON's SSE2 string writer scans 16 bytes at a time for characters to
// escape. Its aligned loads may read past the string's end (never past its
// page), which AddressSanitizer reports, so sanitized builds keep the scalar loop.
#if defined(__SSE2__) && !defined(__SANITIZE_ADDRESS__)
#if defined(__has_feature)
#if !__has_feature(address_sanitizer)
#define RAPIDJSON_SSE2
#endif
#else
#define RAPIDJSON_SSE2
#endif
#endif

#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace magneto::json {

const Value* Value::Find(std::string_view key) const {
  if (kind_ != Kind::kObject) return nullptr;
  for (const auto& m : members_) {
    if (m.first == key) return &m.second;
  }
  return nullptr;
}

namespace {

// Builds a Value tree from SAX events with an explicit stack, so that deep
// nesting costs heap, not call stack.
class Builder : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, Builder> {
 public:
  bool Null() { return Add(Value::Null()); }
  bool Bool(bool b) { return Add(Value::Bool(b)); }
  bool RawNumber(const char* s, rapidjson::SizeType len, bool) {
    return Add(Value::Number(std::string(s, len)));
  }
  bool String(const char* s, rapidjson::SizeType len, bool) {
    return Add(Value::String(std::string(s, len)));
  }
  bool StartObject() { return Push(Value::Object()); }
  bool Key(const char* s, rapidjson::SizeType len, bool) {
    pending_keys_.emplace_back(s, len);
    return true;
  }
  bool EndObject(rapidjson::SizeType) { return Pop(); }
  bool StartArray() { return Push(Value::Array()); }
  bool EndArray(rapidjson::SizeType) { return Pop(); }

  bool too_deep() const { return too_deep_; }
  Value Take() { return std::move(root_); }

 private:
  bool Push(Value v) {
    if (stack_.size() >= static_cast<size_t>(kMaxDepth)) {
      too_deep_ = true;
      return false;
    }
    stack_.push_back(std::move(v));
    return true;
  }
  bool Pop() {
    Value v = std::move(stack_.back());
    stack_.pop_back();
    return Add(std::move(v));
  }
  bool Add(Value v) {
    if (stack_.empty()) {
      root_ = std::move(v);
      return true;
    }
    Value& parent = stack_.back();
    if (parent.is_object()) {
      parent.members().emplace_back(std::move(pending_keys_.back()), std::move(v));
      pending_keys_.pop_back();
    } else {
      parent.elements().push_back(std::move(v));
    }
    return true;
  }

  std::vector<Value> stack_;
  std::vector<std::string> pending_keys_;
  Value root_;
  bool too_deep_ = false;
};

// Whether every byte is below 0x80: ASCII is valid UTF-8, so such text
// needs no per-character encoding check (most requests are ASCII).
bool IsAscii(std::string_view text) {
  const char* p = text.data();
  size_t n = text.size();
  uint64_t any = 0;
  for (; n >= 8; p += 8, n -= 8) {
    uint64_t word;
    std::memcpy(&word, p, 8);
    any |= word;
  }
  for (; n > 0; ++p, --n) any |= static_cast<unsigned char>(*p);
  return (any & 0x8080808080808080ULL) == 0;
}

}  // namespace

ApiResult<Value> Parse(std::string_view text) {
  // RapidJSON scans strings 16 bytes at a time only in its null-terminated
  // streams; character by character, the 1 KB value of a PutItem cost 6% of
  // the server's CPU. So the text is copied (null-terminated) and parsed in
  // place: strings are handed over as pointers into the copy. An embedded NUL
  // stops either stream the same way, and is malformed JSON anywhere.
  std::string copy(text);
  Builder builder;
  rapidjson::Reader reader;
  rapidjson::InsituStringStream is(copy.data());
  constexpr unsigned kFlags = rapidjson::kParseInsituFlag | rapidjson::kParseNumbersAsStringsFlag |
                              rapidjson::kParseStopWhenDoneFlag;
  rapidjson::ParseResult ok =
      IsAscii(text) ? reader.Parse<kFlags>(is, builder)
                    : reader.Parse<kFlags | rapidjson::kParseValidateEncodingFlag>(is, builder);
  if (!ok) {
    if (builder.too_deep()) return Fail(ApiError::Serialization("Request nesting is too deep"));
    return Fail(ApiError::Serialization(rapidjson::GetParseError_En(ok.Code())));
  }
  // Anything but white space after the document is malformed.
  for (size_t i = is.Tell(); i < text.size(); ++i) {
    char c = text[i];
    if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
      return Fail(ApiError::Serialization("The document root must not be followed by other values."));
    }
  }
  return builder.Take();
}

namespace {

// RapidJSON's RawValue copies its text one character at a time; Query and
// Scan pages embed tens of kilobytes of already written items that way.
class BufferWriter : public rapidjson::Writer<rapidjson::StringBuffer> {
 public:
  using Writer::Writer;
  bool RawBlock(const char* json, size_t length, rapidjson::Type type) {
    Prefix(type);
    std::memcpy(os_->Push(length), json, length);
    return EndValue(true);
  }
};

}  // namespace

struct Writer::Impl {
  rapidjson::StringBuffer buffer;
  BufferWriter writer{buffer};
};

Writer::Writer() : impl_(std::make_unique<Impl>()) {}
Writer::~Writer() = default;

Writer& Writer::StartObject() { impl_->writer.StartObject(); return *this; }
Writer& Writer::EndObject() { impl_->writer.EndObject(); return *this; }
Writer& Writer::StartArray() { impl_->writer.StartArray(); return *this; }
Writer& Writer::EndArray() { impl_->writer.EndArray(); return *this; }
Writer& Writer::Key(std::string_view k) {
  impl_->writer.Key(k.data(), static_cast<rapidjson::SizeType>(k.size()));
  return *this;
}
Writer& Writer::String(std::string_view s) {
  impl_->writer.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
  return *this;
}
Writer& Writer::Bool(bool b) { impl_->writer.Bool(b); return *this; }
Writer& Writer::Null() { impl_->writer.Null(); return *this; }
Writer& Writer::Int(int64_t i) { impl_->writer.Int64(i); return *this; }
Writer& Writer::RawNumber(std::string_view text) {
  impl_->writer.RawBlock(text.data(), text.size(), rapidjson::kNumberType);
  return *this;
}

Writer& Writer::Raw(std::string_view json_text) {
  impl_->writer.RawBlock(json_text.data(), json_text.size(), rapidjson::kObjectType);
  return *this;
}

Writer& Writer::Write(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kNull: return Null();
    case Value::Kind::kBool: return Bool(v.boolean());
    case Value::Kind::kNumber: return RawNumber(v.str());
    case Value::Kind::kString: return String(v.str());
    case Value::Kind::kArray:
      StartArray();
      for (const auto& e : v.elements()) Write(e);
      return EndArray();
    case Value::Kind::kObject:
      StartObject();
      for (const auto& [k, e] : v.members()) {
        Key(k);
        Write(e);
      }
      return EndObject();
  }
  return *this;
}

std::string_view Writer::view() const {
  return {impl_->buffer.GetString(), impl_->buffer.GetSize()};
}
std::string Writer::Take() {
  std::string out(view());
  impl_->buffer.Clear();
  impl_->writer.Reset(impl_->buffer);
  return out;
}

}  // namespace magneto::json
