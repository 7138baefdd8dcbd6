// AttributeValue: one DynamoDB value of any type (S, N, B, BOOL, NULL, M, L,
// SS, NS, BS). Items are maps from attribute name to AttributeValue.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "model/number.h"

namespace magneto::model {

enum class Type : uint8_t { kS, kN, kB, kBool, kNull, kM, kL, kSS, kNS, kBS };

// DynamoDB's type descriptor: "S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS".
const char* TypeName(Type t);

class AttributeValue;
using Map = std::map<std::string, AttributeValue, std::less<>>;
using List = std::vector<AttributeValue>;
using Item = Map;  // a top-level item: attribute name -> value

class AttributeValue {
 public:
  AttributeValue() : type_(Type::kNull), v_(std::monostate{}) {}

  static AttributeValue S(std::string s) { return {Type::kS, std::move(s)}; }
  static AttributeValue B(std::string bytes) { return {Type::kB, std::move(bytes)}; }
  static AttributeValue N(Number n) { return {Type::kN, std::move(n)}; }
  static AttributeValue Bool(bool b) { return {Type::kBool, b}; }
  static AttributeValue Null() { return {}; }
  static AttributeValue M(Map m) { return {Type::kM, std::move(m)}; }
  static AttributeValue L(List l) { return {Type::kL, std::move(l)}; }
  // Sets keep their members in the order given; the caller has validated
  // that they are non-empty and free of duplicates.
  static AttributeValue SS(std::vector<std::string> v) { return {Type::kSS, std::move(v)}; }
  static AttributeValue BS(std::vector<std::string> v) { return {Type::kBS, std::move(v)}; }
  static AttributeValue NS(std::vector<Number> v) { return {Type::kNS, std::move(v)}; }

  Type type() const { return type_; }
  bool is(Type t) const { return type_ == t; }

  // REQUIRES: type() is S or B.
  const std::string& str() const { return std::get<std::string>(v_); }
  // REQUIRES: type() is N.
  const Number& num() const { return std::get<Number>(v_); }
  // REQUIRES: type() is BOOL.
  bool boolean() const { return std::get<bool>(v_); }
  // REQUIRES: type() is M.
  const Map& map() const { return std::get<Map>(v_); }
  Map& map() { return std::get<Map>(v_); }
  // REQUIRES: type() is L.
  const List& list() const { return std::get<List>(v_); }
  List& list() { return std::get<List>(v_); }
  // REQUIRES: type() is SS or BS.
  const std::vector<std::string>& str_set() const { return std::get<std::vector<std::string>>(v_); }
  std::vector<std::string>& str_set() { return std::get<std::vector<std::string>>(v_); }
  // REQUIRES: type() is NS.
  const std::vector<Number>& num_set() const { return std::get<std::vector<Number>>(v_); }
  std::vector<Number>& num_set() { return std::get<std::vector<Number>>(v_); }

  // Deep equality as DynamoDB compares values: same type and same value;
  // sets compare as sets (order-insensitive).
  bool operator==(const AttributeValue& other) const;

 private:
  using Storage = std::variant<std::monostate, std::string, Number, bool, Map, List,
                               std::vector<std::string>, std::vector<Number>>;
  template <typename V>
  AttributeValue(Type t, V&& v) : type_(t), v_(std::forward<V>(v)) {}

  Type type_;
  Storage v_;
};

// Size in bytes by DynamoDB's rules (attribute name lengths plus value sizes;
// numbers by significant digits, containers with their overhead).
size_t AttributeSize(const AttributeValue& v);
// The size of a number by DynamoDB's rules (about one byte per two digits).
size_t NumberSize(const Number& n);
size_t ItemSize(const Item& item);

constexpr size_t kMaxItemSize = 400 * 1024;
constexpr int kMaxNestingDepth = 32;

}  // namespace magneto::model
