// Document path helpers: lookup, message rendering, overlap rules.
#include "expr/path.h"

#include "expr/internal.h"

namespace magneto::expr {

std::string PathToString(const Path& path) {
  std::string out = "[";
  for (size_t i = 0; i < path.size(); ++i) {
    if (i > 0) out += ", ";
    if (path[i].is_index) {
      out += "[" + std::to_string(path[i].index) + "]";
    } else {
      out += path[i].name;
    }
  }
  out += "]";
  return out;
}

const model::AttributeValue* GetPath(const model::Item& item, const Path& path) {
  if (path.empty() || path[0].is_index) return nullptr;
  auto it = item.find(path[0].name);
  if (it == item.end()) return nullptr;
  const model::AttributeValue* v = &it->second;
  for (size_t i = 1; i < path.size(); ++i) {
    const PathElement& e = path[i];
    if (e.is_index) {
      if (!v->is(model::Type::kL) || e.index >= v->list().size()) return nullptr;
      v = &v->list()[e.index];
    } else {
      if (!v->is(model::Type::kM)) return nullptr;
      auto mit = v->map().find(e.name);
      if (mit == v->map().end()) return nullptr;
      v = &mit->second;
    }
  }
  return v;
}

PathRelation RelatePaths(const Path& a, const Path& b) {
  size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    if (a[i].is_index != b[i].is_index) return PathRelation::kConflict;
    if (!(a[i] == b[i])) return PathRelation::kDisjoint;
  }
  return PathRelation::kOverlap;
}

ApiResult<Unit> CheckPathsDisjoint(const std::vector<const Path*>& paths,
                                   const std::string& prefix) {
  for (size_t i = 0; i < paths.size(); ++i) {
    for (size_t j = i + 1; j < paths.size(); ++j) {
      PathRelation r = RelatePaths(*paths[i], *paths[j]);
      if (r == PathRelation::kDisjoint) continue;
      const char* what = r == PathRelation::kOverlap ? "overlap" : "conflict";
      return Invalid(prefix + "Two document paths " + what +
                     " with each other; must remove or rewrite one of these paths; path one: " +
                     PathToString(*paths[i]) + ", path two: " + PathToString(*paths[j]));
    }
  }
  return Unit{};
}

}  // namespace magneto::expr
