// Projection of an item onto a set of document paths.
#include "expr/projection.h"

#include <map>
#include <optional>
#include <string>

namespace magneto::expr {
namespace {

using model::AttributeValue;
using model::Type;

// The chosen paths merged into a tree.
struct Node {
  bool whole = false;  // this value is chosen entirely
  std::map<std::string, Node, std::less<>> names;
  std::map<uint32_t, Node> indexes;
};

void Insert(Node& root, const Path& path) {
  Node* n = &root;
  for (const PathElement& e : path) {
    if (n->whole) return;  // an enclosing value is already chosen whole
    n = e.is_index ? &n->indexes[e.index] : &n->names[e.name];
  }
  n->whole = true;
  n->names.clear();
  n->indexes.clear();
}

std::optional<AttributeValue> ProjectValue(const AttributeValue& v, const Node& n) {
  if (n.whole) return v;
  if (v.is(Type::kM) && !n.names.empty()) {
    model::Map out;
    for (const auto& [name, child] : n.names) {
      auto it = v.map().find(name);
      if (it == v.map().end()) continue;
      std::optional<AttributeValue> sub = ProjectValue(it->second, child);
      if (sub) out.emplace(name, std::move(*sub));
    }
    if (out.empty()) return std::nullopt;
    return AttributeValue::M(std::move(out));
  }
  if (v.is(Type::kL) && !n.indexes.empty()) {
    model::List out;
    for (const auto& [index, child] : n.indexes) {
      if (index >= v.list().size()) break;
      std::optional<AttributeValue> sub = ProjectValue(v.list()[index], child);
      if (sub) out.push_back(std::move(*sub));
    }
    if (out.empty()) return std::nullopt;
    return AttributeValue::L(std::move(out));
  }
  return std::nullopt;
}

}  // namespace

model::Item Project(const std::vector<Path>& paths, const model::Item& item) {
  Node root;
  for (const Path& p : paths) {
    if (!p.empty() && !p[0].is_index) Insert(root, p);
  }
  model::Item out;
  for (const auto& [name, child] : root.names) {
    auto it = item.find(name);
    if (it == item.end()) continue;
    std::optional<AttributeValue> sub = ProjectValue(it->second, child);
    if (sub) out.emplace(name, std::move(*sub));
  }
  return out;
}

}  // namespace magneto::expr
