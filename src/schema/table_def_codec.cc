// TableDef <-> JSON text for the catalog's meta records.

#include "schema/table_def_codec.h"

#include <charconv>

#include "json/json.h"

namespace magneto::schema {

namespace {

const char* TypeCode(model::Type t) { return model::TypeName(t); }

std::optional<model::Type> KeyType(std::string_view s) {
  if (s == "S") return model::Type::kS;
  if (s == "N") return model::Type::kN;
  if (s == "B") return model::Type::kB;
  return std::nullopt;
}

int64_t ToInt(const json::Value* v) {
  if (v == nullptr || !v->is_number()) return 0;
  int64_t out = 0;
  std::from_chars(v->str().data(), v->str().data() + v->str().size(), out);
  return out;
}

std::string ToStr(const json::Value* v) { return v && v->is_string() ? v->str() : std::string(); }

}  // namespace

const char* TableStatusName(TableStatus s) {
  switch (s) {
    case TableStatus::kCreating: return "CREATING";
    case TableStatus::kActive: return "ACTIVE";
    case TableStatus::kUpdating: return "UPDATING";
    case TableStatus::kDeleting: return "DELETING";
  }
  return "ACTIVE";
}

const char* BillingModeName(BillingMode m) {
  return m == BillingMode::kPayPerRequest ? "PAY_PER_REQUEST" : "PROVISIONED";
}

const char* ProjectionTypeName(ProjectionType p) {
  switch (p) {
    case ProjectionType::kKeysOnly: return "KEYS_ONLY";
    case ProjectionType::kInclude: return "INCLUDE";
    case ProjectionType::kAll: return "ALL";
  }
  return "ALL";
}

const char* StreamViewTypeName(StreamViewType v) {
  switch (v) {
    case StreamViewType::kKeysOnly: return "KEYS_ONLY";
    case StreamViewType::kNewImage: return "NEW_IMAGE";
    case StreamViewType::kOldImage: return "OLD_IMAGE";
    case StreamViewType::kNewAndOldImages: return "NEW_AND_OLD_IMAGES";
  }
  return "NEW_AND_OLD_IMAGES";
}

const char* IndexStatusName(IndexStatus s) {
  switch (s) {
    case IndexStatus::kCreating: return "CREATING";
    case IndexStatus::kActive: return "ACTIVE";
    case IndexStatus::kDeleting: return "DELETING";
  }
  return "ACTIVE";
}

namespace {

void WriteKey(json::Writer& w, const KeyElement& k) {
  w.StartArray().String(k.name).String(TypeCode(k.type)).EndArray();
}

void WriteIndexes(json::Writer& w, const std::vector<IndexDef>& indexes) {
  w.StartArray();
  for (const auto& x : indexes) {
    w.StartObject();
    w.Key("name").String(x.name);
    w.Key("id").Int(x.id);
    w.Key("global").Bool(x.global);
    w.Key("hash");
    WriteKey(w, x.hash_key);
    if (x.range_key) {
      w.Key("range");
      WriteKey(w, *x.range_key);
    }
    w.Key("projection").Int(static_cast<int>(x.projection));
    w.Key("non_key").StartArray();
    for (const auto& a : x.non_key_attributes) w.String(a);
    w.EndArray();
    w.Key("status").Int(static_cast<int>(x.status));
    w.Key("backfilling").Bool(x.backfilling);
    w.Key("rcu").Int(x.throughput.read_capacity_units);
    w.Key("wcu").Int(x.throughput.write_capacity_units);
    w.Key("created_ms").Int(x.created_ms);
    w.EndObject();
  }
  w.EndArray();
}

std::optional<KeyElement> ReadKey(const json::Value* v) {
  if (v == nullptr || !v->is_array() || v->elements().size() != 2) return std::nullopt;
  auto t = KeyType(v->elements()[1].str());
  if (!t) return std::nullopt;
  return KeyElement{v->elements()[0].str(), *t};
}

bool ReadIndexes(const json::Value* list, std::vector<IndexDef>* out) {
  if (list == nullptr) return true;
  if (!list->is_array()) return false;
  for (const auto& o : list->elements()) {
    IndexDef x;
    x.name = ToStr(o.Find("name"));
    x.id = static_cast<uint32_t>(ToInt(o.Find("id")));
    const json::Value* g = o.Find("global");
    x.global = g && g->is_bool() && g->boolean();
    auto hash = ReadKey(o.Find("hash"));
    if (!hash || x.id == 0) return false;
    x.hash_key = *hash;
    if (const json::Value* r = o.Find("range")) {
      x.range_key = ReadKey(r);
      if (!x.range_key) return false;
    }
    x.projection = static_cast<ProjectionType>(ToInt(o.Find("projection")));
    if (const json::Value* nk = o.Find("non_key"); nk && nk->is_array()) {
      for (const auto& a : nk->elements()) x.non_key_attributes.push_back(a.str());
    }
    x.status = static_cast<IndexStatus>(ToInt(o.Find("status")));
    const json::Value* b = o.Find("backfilling");
    x.backfilling = b && b->is_bool() && b->boolean();
    x.throughput.read_capacity_units = ToInt(o.Find("rcu"));
    x.throughput.write_capacity_units = ToInt(o.Find("wcu"));
    x.created_ms = ToInt(o.Find("created_ms"));
    out->push_back(std::move(x));
  }
  return true;
}

}  // namespace

std::string EncodeTableDef(const TableDef& d) {
  json::Writer w;
  w.StartObject();
  w.Key("name").String(d.name);
  w.Key("id").Int(d.id);
  w.Key("uuid").String(d.table_uuid);
  w.Key("created_ms").Int(d.created_ms);
  w.Key("status").Int(static_cast<int>(d.status));
  w.Key("status_until_ms").Int(d.status_until_ms);
  w.Key("hash").StartArray().String(d.hash_key.name).String(TypeCode(d.hash_key.type)).EndArray();
  if (d.range_key) {
    w.Key("range").StartArray().String(d.range_key->name).String(TypeCode(d.range_key->type)).EndArray();
  }
  w.Key("attrs").StartArray();
  for (const auto& a : d.attribute_definitions) {
    w.StartArray().String(a.name).String(TypeCode(a.type)).EndArray();
  }
  w.EndArray();
  w.Key("billing").Int(static_cast<int>(d.billing_mode));
  w.Key("billing_changed_ms").Int(d.billing_mode_changed_ms);
  w.Key("rcu").Int(d.throughput.read_capacity_units);
  w.Key("wcu").Int(d.throughput.write_capacity_units);
  w.Key("last_increase_ms").Int(d.throughput.last_increase_ms);
  w.Key("last_decrease_ms").Int(d.throughput.last_decrease_ms);
  w.Key("decreases_today").Int(d.throughput.decreases_today);
  w.Key("deletion_protection").Bool(d.deletion_protection);
  w.Key("table_class").String(d.table_class);
  w.Key("tags").StartArray();
  for (const auto& t : d.tags) w.StartArray().String(t.key).String(t.value).EndArray();
  w.EndArray();
  w.Key("lsi");
  WriteIndexes(w, d.local_indexes);
  w.Key("gsi");
  WriteIndexes(w, d.global_indexes);
  w.Key("streams").StartArray();
  for (const auto& st : d.streams) {
    w.StartObject();
    w.Key("id").Int(st.id);
    w.Key("label").String(st.label);
    w.Key("created_ms").Int(st.created_ms);
    w.Key("view").Int(static_cast<int>(st.view_type));
    w.Key("enabled").Bool(st.enabled);
    w.Key("disabled_ms").Int(st.disabled_ms);
    w.Key("first_seq").Int(static_cast<int64_t>(st.first_sequence));
    w.EndObject();
  }
  w.EndArray();
  w.Key("ttl").StartObject();
  w.Key("attribute").String(d.ttl.attribute);
  w.Key("enabled").Bool(d.ttl.enabled);
  w.Key("changed_ms").Int(d.ttl.changed_ms);
  w.EndObject();
  w.EndObject();
  return w.Take();
}

std::optional<TableDef> DecodeTableDef(std::string_view text) {
  auto parsed = json::Parse(text);
  if (!parsed.ok() || !parsed->is_object()) return std::nullopt;
  const json::Value& o = *parsed;
  TableDef d;
  d.name = ToStr(o.Find("name"));
  d.id = static_cast<uint32_t>(ToInt(o.Find("id")));
  d.table_uuid = ToStr(o.Find("uuid"));
  d.created_ms = ToInt(o.Find("created_ms"));
  d.status = static_cast<TableStatus>(ToInt(o.Find("status")));
  d.status_until_ms = ToInt(o.Find("status_until_ms"));
  auto key_of = [](const json::Value* v) -> std::optional<KeyElement> {
    if (v == nullptr || !v->is_array() || v->elements().size() != 2) return std::nullopt;
    auto t = KeyType(v->elements()[1].str());
    if (!t) return std::nullopt;
    return KeyElement{v->elements()[0].str(), *t};
  };
  auto hash = key_of(o.Find("hash"));
  if (!hash || d.name.empty() || d.id == 0) return std::nullopt;
  d.hash_key = *hash;
  if (const json::Value* r = o.Find("range")) {
    d.range_key = key_of(r);
    if (!d.range_key) return std::nullopt;
  }
  if (const json::Value* attrs = o.Find("attrs"); attrs && attrs->is_array()) {
    for (const auto& a : attrs->elements()) {
      auto k = key_of(&a);
      if (!k) return std::nullopt;
      d.attribute_definitions.push_back({k->name, k->type});
    }
  }
  d.billing_mode = static_cast<BillingMode>(ToInt(o.Find("billing")));
  d.billing_mode_changed_ms = ToInt(o.Find("billing_changed_ms"));
  d.throughput.read_capacity_units = ToInt(o.Find("rcu"));
  d.throughput.write_capacity_units = ToInt(o.Find("wcu"));
  d.throughput.last_increase_ms = ToInt(o.Find("last_increase_ms"));
  d.throughput.last_decrease_ms = ToInt(o.Find("last_decrease_ms"));
  d.throughput.decreases_today = ToInt(o.Find("decreases_today"));
  const json::Value* dp = o.Find("deletion_protection");
  d.deletion_protection = dp && dp->is_bool() && dp->boolean();
  d.table_class = ToStr(o.Find("table_class"));
  if (const json::Value* tags = o.Find("tags"); tags && tags->is_array()) {
    for (const auto& t : tags->elements()) {
      if (t.is_array() && t.elements().size() == 2) {
        d.tags.push_back({t.elements()[0].str(), t.elements()[1].str()});
      }
    }
  }
  if (!ReadIndexes(o.Find("lsi"), &d.local_indexes) || !ReadIndexes(o.Find("gsi"), &d.global_indexes)) {
    return std::nullopt;
  }
  if (const json::Value* streams = o.Find("streams"); streams && streams->is_array()) {
    for (const auto& so : streams->elements()) {
      StreamDef st;
      st.id = static_cast<uint32_t>(ToInt(so.Find("id")));
      st.label = ToStr(so.Find("label"));
      st.created_ms = ToInt(so.Find("created_ms"));
      st.view_type = static_cast<StreamViewType>(ToInt(so.Find("view")));
      const json::Value* en = so.Find("enabled");
      st.enabled = en && en->is_bool() && en->boolean();
      st.disabled_ms = ToInt(so.Find("disabled_ms"));
      st.first_sequence = static_cast<uint64_t>(ToInt(so.Find("first_seq")));
      if (st.id == 0) return std::nullopt;
      d.streams.push_back(std::move(st));
    }
  }
  if (const json::Value* ttl = o.Find("ttl"); ttl && ttl->is_object()) {
    d.ttl.attribute = ToStr(ttl->Find("attribute"));
    const json::Value* en = ttl->Find("enabled");
    d.ttl.enabled = en && en->is_bool() && en->boolean();
    d.ttl.changed_ms = ToInt(ttl->Find("changed_ms"));
  }
  return d;
}

}  // namespace magneto::schema
