// The PartiQL lexer: statement text to tokens (see lexer.h).

#include "partiql/lexer.h"

#include <cctype>

namespace magneto::partiql {

namespace {

bool IsNameStart(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == '$';
}
bool IsNameChar(char c) { return IsNameStart(c) || std::isdigit(static_cast<unsigned char>(c)); }
bool IsDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

// Reads a quoted run starting at text[i] == quote, where a doubled quote
// stands for itself. Returns the end offset (after the closing quote) or npos.
size_t ReadQuoted(std::string_view text, size_t i, char quote, std::string* out) {
  for (size_t j = i + 1; j < text.size(); ++j) {
    if (text[j] != quote) {
      out->push_back(text[j]);
      continue;
    }
    if (j + 1 < text.size() && text[j + 1] == quote) {
      out->push_back(quote);
      ++j;
      continue;
    }
    return j + 1;
  }
  return std::string_view::npos;
}

// The end of a number starting at text[i] (a digit, or '.' before a digit).
size_t ReadNumber(std::string_view text, size_t i) {
  size_t j = i;
  while (j < text.size() && IsDigit(text[j])) ++j;
  if (j < text.size() && text[j] == '.') {
    ++j;
    while (j < text.size() && IsDigit(text[j])) ++j;
  }
  if (j < text.size() && (text[j] == 'e' || text[j] == 'E')) {
    size_t k = j + 1;
    if (k < text.size() && (text[k] == '+' || text[k] == '-')) ++k;
    if (k < text.size() && IsDigit(text[k])) {
      while (k < text.size() && IsDigit(text[k])) ++k;
      j = k;
    }
  }
  return j;
}

}  // namespace

ApiError Malformed(std::string_view detail) {
  return ApiError::Validation("Statement wasn't well formed, can't be processed: " +
                              std::string(detail));
}

bool IsWord(const Token& token, std::string_view keyword) {
  if (token.kind != TokenKind::kName || token.text.size() != keyword.size()) return false;
  for (size_t i = 0; i < keyword.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(token.text[i])) !=
        std::toupper(static_cast<unsigned char>(keyword[i]))) {
      return false;
    }
  }
  return true;
}

ApiResult<std::vector<Token>> Lex(std::string_view text) {
  std::vector<Token> out;
  size_t i = 0;
  auto punct = [&](TokenKind kind, size_t len) {
    out.push_back(Token{kind, std::string(text.substr(i, len)), i});
    i += len;
  };
  while (i < text.size()) {
    char c = text[i];
    char next = i + 1 < text.size() ? text[i + 1] : '\0';
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
      continue;
    }
    if (c == '-' && next == '-') {
      while (i < text.size() && text[i] != '\n') ++i;
      continue;
    }
    if (c == '/' && next == '*') {
      size_t end = text.find("*/", i + 2);
      if (end == std::string_view::npos) return Fail(Malformed("Unterminated comment"));
      i = end + 2;
      continue;
    }
    if (IsNameStart(c)) {
      size_t j = i;
      while (j < text.size() && IsNameChar(text[j])) ++j;
      out.push_back(Token{TokenKind::kName, std::string(text.substr(i, j - i)), i});
      i = j;
      continue;
    }
    if (IsDigit(c) || (c == '.' && IsDigit(next))) {
      size_t j = ReadNumber(text, i);
      out.push_back(Token{TokenKind::kNumber, std::string(text.substr(i, j - i)), i});
      i = j;
      continue;
    }
    if (c == '\'' || c == '"') {
      Token t{c == '\'' ? TokenKind::kString : TokenKind::kQuotedName, "", i};
      size_t end = ReadQuoted(text, i, c, &t.text);
      if (end == std::string_view::npos) {
        return Fail(Malformed(c == '\'' ? "Unterminated string literal"
                                        : "Unterminated quoted identifier"));
      }
      out.push_back(std::move(t));
      i = end;
      continue;
    }
    switch (c) {
      case '(':
        punct(TokenKind::kLParen, 1);
        continue;
      case ')':
        punct(TokenKind::kRParen, 1);
        continue;
      case '[':
        punct(TokenKind::kLBracket, 1);
        continue;
      case ']':
        punct(TokenKind::kRBracket, 1);
        continue;
      case '{':
        punct(TokenKind::kLBrace, 1);
        continue;
      case '}':
        punct(TokenKind::kRBrace, 1);
        continue;
      case ',':
        punct(TokenKind::kComma, 1);
        continue;
      case '.':
        punct(TokenKind::kDot, 1);
        continue;
      case ':':
        punct(TokenKind::kColon, 1);
        continue;
      case '*':
        punct(TokenKind::kStar, 1);
        continue;
      case '?':
        punct(TokenKind::kQuestion, 1);
        continue;
      case ';':
        punct(TokenKind::kSemicolon, 1);
        continue;
      case '=':
        punct(TokenKind::kEq, 1);
        continue;
      case '+':
        punct(TokenKind::kPlus, 1);
        continue;
      case '-':
        punct(TokenKind::kMinus, 1);
        continue;
      case '/':
        punct(TokenKind::kSlash, 1);
        continue;
      case '%':
        punct(TokenKind::kPercent, 1);
        continue;
      case '|':
        if (next == '|') {
          punct(TokenKind::kConcat, 2);
          continue;
        }
        break;
      case '!':
        if (next == '=') {
          punct(TokenKind::kNe, 2);
          continue;
        }
        break;
      case '<':
        if (next == '<')
          punct(TokenKind::kLBag, 2);
        else if (next == '>')
          punct(TokenKind::kNe, 2);
        else if (next == '=')
          punct(TokenKind::kLe, 2);
        else
          punct(TokenKind::kLt, 1);
        continue;
      case '>':
        if (next == '>')
          punct(TokenKind::kRBag, 2);
        else if (next == '=')
          punct(TokenKind::kGe, 2);
        else
          punct(TokenKind::kGt, 1);
        continue;
      default:
        break;
    }
    return Fail(Malformed("Unexpected character: " + std::string(1, c)));
  }
  out.push_back(Token{TokenKind::kEof, "", text.size()});
  return out;
}

}  // namespace magneto::partiql
