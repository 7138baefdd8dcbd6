// Building, encoding and decoding stream records.

#include "streams/records.h"

#include <charconv>
#include <random>

#include <fmt/format.h>

#include "storage/item_codec.h"
#include "storage/key_codec.h"

namespace magneto::streams {

namespace {

using model::AttributeValue;

model::Item KeysOf(const schema::TableDef& table, const model::Item& item) {
  model::Item keys;
  if (auto it = item.find(table.hash_key.name); it != item.end()) keys.insert(*it);
  if (table.range_key) {
    if (auto it = item.find(table.range_key->name); it != item.end()) keys.insert(*it);
  }
  return keys;
}

std::string NewEventId() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return fmt::format("{:016x}{:016x}", rng(), rng());
}

AttributeValue Int(int64_t v) { return AttributeValue::N(model::Number::FromInt(v)); }

int64_t ToInt(const AttributeValue& v) {
  if (!v.is(model::Type::kN)) return 0;
  std::string s = v.num().ToString();
  int64_t out = 0;
  std::from_chars(s.data(), s.data() + s.size(), out);
  return out;
}

}  // namespace

const char* EventNameString(EventName e) {
  switch (e) {
    case EventName::kInsert: return "INSERT";
    case EventName::kModify: return "MODIFY";
    case EventName::kRemove: return "REMOVE";
  }
  return "MODIFY";
}

std::string RecordKey(uint32_t stream_id, uint64_t sequence) {
  std::string key = storage::TablePrefix(stream_id);
  for (int shift = 56; shift >= 0; shift -= 8) key.push_back(static_cast<char>((sequence >> shift) & 0xff));
  return key;
}

uint64_t SequenceOf(std::string_view record_key) {
  uint64_t seq = 0;
  for (size_t i = 4; i < 12 && i < record_key.size(); ++i) {
    seq = (seq << 8) | static_cast<uint8_t>(record_key[i]);
  }
  return seq;
}

std::optional<Record> MakeRecord(const schema::TableDef& table, const schema::StreamDef& stream,
                                 const model::Item* old_item, const model::Item* new_item,
                                 bool by_ttl, int64_t now_ms) {
  if (old_item == nullptr && new_item == nullptr) return std::nullopt;
  if (old_item != nullptr && new_item != nullptr && *old_item == *new_item) return std::nullopt;
  Record r;
  r.event = old_item == nullptr ? EventName::kInsert
            : new_item == nullptr ? EventName::kRemove
                                  : EventName::kModify;
  r.event_id = NewEventId();
  r.created_ms = now_ms;
  r.keys = KeysOf(table, new_item ? *new_item : *old_item);
  r.view_type = stream.view_type;
  r.by_ttl = by_ttl;
  using V = schema::StreamViewType;
  if (new_item && (stream.view_type == V::kNewImage || stream.view_type == V::kNewAndOldImages)) {
    r.new_image = *new_item;
  }
  if (old_item && (stream.view_type == V::kOldImage || stream.view_type == V::kNewAndOldImages)) {
    r.old_image = *old_item;
  }
  r.size_bytes = static_cast<int64_t>(model::ItemSize(r.keys));
  if (r.new_image) r.size_bytes += static_cast<int64_t>(model::ItemSize(*r.new_image));
  if (r.old_image) r.size_bytes += static_cast<int64_t>(model::ItemSize(*r.old_image));
  return r;
}

std::string EncodeRecord(const Record& r) {
  model::Item m;
  m.emplace("e", Int(static_cast<int>(r.event)));
  m.emplace("id", AttributeValue::S(r.event_id));
  m.emplace("t", Int(r.created_ms));
  m.emplace("k", AttributeValue::M(r.keys));
  if (r.new_image) m.emplace("n", AttributeValue::M(*r.new_image));
  if (r.old_image) m.emplace("o", AttributeValue::M(*r.old_image));
  m.emplace("s", Int(r.size_bytes));
  m.emplace("v", Int(static_cast<int>(r.view_type)));
  if (r.by_ttl) m.emplace("ttl", AttributeValue::Bool(true));
  return storage::EncodeItem(m);
}

bool DecodeRecord(std::string_view key, std::string_view value, Record* out) {
  model::Item m;
  if (!storage::DecodeItem(value, &m)) return false;
  auto get = [&](const char* name) -> const AttributeValue* {
    auto it = m.find(name);
    return it == m.end() ? nullptr : &it->second;
  };
  const AttributeValue* e = get("e");
  const AttributeValue* k = get("k");
  if (e == nullptr || k == nullptr || !k->is(model::Type::kM)) return false;
  out->sequence = SequenceOf(key);
  out->event = static_cast<EventName>(ToInt(*e));
  if (const auto* id = get("id"); id && id->is(model::Type::kS)) out->event_id = id->str();
  if (const auto* t = get("t")) out->created_ms = ToInt(*t);
  out->keys = k->map();
  if (const auto* n = get("n"); n && n->is(model::Type::kM)) out->new_image = n->map();
  if (const auto* o = get("o"); o && o->is(model::Type::kM)) out->old_image = o->map();
  if (const auto* s = get("s")) out->size_bytes = ToInt(*s);
  if (const auto* v = get("v")) out->view_type = static_cast<schema::StreamViewType>(ToInt(*v));
  out->by_ttl = get("ttl") != nullptr;
  return true;
}

uint64_t LargestStoredSequence(const storage::Engine& engine,
                               const std::vector<schema::TablePtr>& tables) {
  uint64_t largest = 0;
  for (const auto& table : tables) {
    for (const auto& stream : table->streams) {
      std::string prefix = storage::TablePrefix(stream.id);
      auto it = engine.Scan(storage::Space::kData, prefix, storage::PrefixSuccessor(prefix),
                            /*reverse=*/true);
      if (it->Valid()) largest = std::max(largest, SequenceOf(it->key()));
    }
  }
  return largest;
}

std::string SequenceString(uint64_t sequence) { return fmt::format("{:021d}", sequence); }

std::optional<uint64_t> ParseSequence(std::string_view text) {
  if (text.empty() || text.size() > 21) return std::nullopt;
  uint64_t out = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (ec != std::errc() || p != text.data() + text.size()) return std::nullopt;
  return out;
}

}  // namespace magneto::streams
