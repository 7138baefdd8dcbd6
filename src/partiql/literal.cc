// Parsing of PartiQL literals into DynamoDB values (see literal.h), with
// DynamoDB's rules for bags (sets): non-empty, one type (S or N), no
// duplicates.

#include "partiql/literal.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <string>

#include "partiql/parser.h"

namespace magneto::partiql {

namespace {

using model::AttributeValue;

constexpr char kBagTypes[] =
    "Unsupported data type in Bag. DynamoDB only supports either numbers or strings in bags";

ApiResult<AttributeValue> ParseBag(TokenStream& src) {
  src.Advance();  // <<
  std::vector<std::string> strings;
  std::vector<model::Number> numbers;
  if (src.Peek().kind != TokenKind::kRBag) {
    do {
      const Token& t = src.Peek();
      bool negative = false;
      if (t.kind == TokenKind::kMinus && src.Peek(1).kind == TokenKind::kNumber) {
        negative = true;
        src.Advance();
      }
      const Token& v = src.Peek();
      if (v.kind == TokenKind::kString) {
        strings.push_back(v.text);
      } else if (v.kind == TokenKind::kNumber) {
        auto n = model::Number::Parse((negative ? "-" : "") + v.text);
        if (!n.ok()) return Fail(std::move(n).error());
        numbers.push_back(*n);
      } else if (v.kind == TokenKind::kRBag) {
        break;
      } else {
        return Fail(ApiError::Validation(kBagTypes));
      }
      src.Advance();
    } while (src.Peek().kind == TokenKind::kComma && (src.Advance(), true));
  }
  if (src.Peek().kind != TokenKind::kRBag) return Fail(Malformed("Expected >>"));
  src.Advance();
  if (!strings.empty() && !numbers.empty()) return Fail(ApiError::Validation(kBagTypes));
  if (strings.empty() && numbers.empty()) {
    return Fail(ApiError::Validation("Empty bags are not supported"));
  }
  ApiError dup = ApiError::Validation("Input collection contains duplicates");
  if (!strings.empty()) {
    std::set<std::string> seen(strings.begin(), strings.end());
    if (seen.size() != strings.size()) return Fail(dup);
    return AttributeValue::SS(std::move(strings));
  }
  for (size_t i = 0; i < numbers.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (numbers[i] == numbers[j]) return Fail(dup);
    }
  }
  return AttributeValue::NS(std::move(numbers));
}

ApiResult<AttributeValue> ParseMap(TokenStream& src, int depth) {
  src.Advance();  // {
  model::Map out;
  if (src.Peek().kind != TokenKind::kRBrace) {
    do {
      const Token& k = src.Peek();
      std::string key;
      if (k.kind == TokenKind::kString) {
        key = k.text;
        src.Advance();
      } else if (k.kind == TokenKind::kQuestion) {
        src.Advance();
        AttributeValue v = src.NextParameter();
        if (!v.is(model::Type::kS)) {
          return Fail(ApiError::Validation(
              fmt::format("Tuple keys must be of type String. Actual type: {} under tuple",
                          model::TypeName(v.type()))));
        }
        key = v.str();
      } else if (k.kind == TokenKind::kRBrace) {
        break;
      } else {
        return Fail(ApiError::Validation(
            "Tuple keys must be of type String. Actual type: " +
            std::string(k.kind == TokenKind::kNumber ? "DECIMAL" : "VARIABLE_REFERENCE") +
            " under tuple"));
      }
      if (src.Peek().kind != TokenKind::kColon) return Fail(Malformed("Expected :"));
      src.Advance();
      auto v = ParseLiteral(src, depth + 1);
      if (!v.ok()) return v;
      if (!out.emplace(key, std::move(*v)).second) {
        return Fail(
            ApiError::Validation(fmt::format("Duplicate keys in tuple. Key: {} under tuple", key)));
      }
    } while (src.Peek().kind == TokenKind::kComma && (src.Advance(), true));
  }
  if (src.Peek().kind != TokenKind::kRBrace) return Fail(Malformed("Expected }"));
  src.Advance();
  return AttributeValue::M(std::move(out));
}

ApiResult<AttributeValue> ParseList(TokenStream& src, int depth) {
  src.Advance();  // [
  model::List out;
  if (src.Peek().kind != TokenKind::kRBracket) {
    do {
      auto v = ParseLiteral(src, depth + 1);
      if (!v.ok()) return v;
      out.push_back(std::move(*v));
    } while (src.Peek().kind == TokenKind::kComma && (src.Advance(), true));
  }
  if (src.Peek().kind != TokenKind::kRBracket) return Fail(Malformed("Expected ]"));
  src.Advance();
  return AttributeValue::L(std::move(out));
}

}  // namespace

bool IsLiteralWord(const Token& t) {
  return IsWord(t, "TRUE") || IsWord(t, "FALSE") || IsWord(t, "NULL") || IsWord(t, "MISSING");
}

ApiResult<AttributeValue> ParseLiteral(TokenStream& src, int depth) {
  if (depth > kMaxDepth) return Fail(Malformed("Expression nesting is too deep"));
  const Token& t = src.Peek();
  switch (t.kind) {
    case TokenKind::kString: {
      AttributeValue v = AttributeValue::S(t.text);
      src.Advance();
      return v;
    }
    case TokenKind::kMinus:
    case TokenKind::kPlus: {
      bool negative = t.kind == TokenKind::kMinus;
      if (src.Peek(1).kind != TokenKind::kNumber) return Fail(Malformed("Unexpected term"));
      src.Advance();
      auto n = model::Number::Parse((negative ? "-" : "") + src.Peek().text);
      if (!n.ok()) return Fail(std::move(n).error());
      src.Advance();
      return AttributeValue::N(std::move(*n));
    }
    case TokenKind::kNumber: {
      auto n = model::Number::Parse(t.text);
      if (!n.ok()) return Fail(std::move(n).error());
      src.Advance();
      return AttributeValue::N(std::move(*n));
    }
    case TokenKind::kQuestion:
      src.Advance();
      return src.NextParameter();
    case TokenKind::kLBrace:
      return ParseMap(src, depth);
    case TokenKind::kLBracket:
      return ParseList(src, depth);
    case TokenKind::kLBag:
      return ParseBag(src);
    case TokenKind::kName:
      if (IsWord(t, "TRUE") || IsWord(t, "FALSE")) {
        AttributeValue v = AttributeValue::Bool(IsWord(t, "TRUE"));
        src.Advance();
        return v;
      }
      if (IsWord(t, "NULL")) {
        src.Advance();
        return AttributeValue::Null();
      }
      if (IsWord(t, "MISSING")) {
        return Fail(ApiError::Validation("MISSING must be compared using IS operator"));
      }
      break;
    case TokenKind::kEof:
      return Fail(Malformed("Unexpected end of statement"));
    default:
      break;
  }
  return Fail(Malformed("Unexpected term"));
}

}  // namespace magneto::partiql
