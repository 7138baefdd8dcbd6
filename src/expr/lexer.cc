// Lexer for DynamoDB expressions and the "near" context of syntax errors.
#include "expr/lexer.h"

namespace magneto::expr {
namespace {

bool IsIdentStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool IsIdentChar(char c) { return IsIdentStart(c) || (c >= '0' && c <= '9'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

}  // namespace

std::vector<Token> Lex(std::string_view text) {
  std::vector<Token> tokens;
  size_t i = 0;
  const size_t n = text.size();
  auto push = [&](TokenKind kind, size_t begin, size_t end) {
    tokens.push_back(Token{kind, text.substr(begin, end - begin), begin, end});
  };
  while (i < n) {
    char c = text[i];
    if (IsSpace(c)) {
      ++i;
      continue;
    }
    size_t start = i;
    if (IsIdentStart(c)) {
      while (i < n && IsIdentChar(text[i])) ++i;
      push(TokenKind::kName, start, i);
    } else if (IsDigit(c)) {
      while (i < n && IsDigit(text[i])) ++i;
      push(TokenKind::kNumber, start, i);
    } else if ((c == '#' || c == ':') && i + 1 < n && IsIdentChar(text[i + 1])) {
      ++i;
      while (i < n && IsIdentChar(text[i])) ++i;
      push(c == '#' ? TokenKind::kNamePlaceholder : TokenKind::kValuePlaceholder, start, i);
    } else {
      TokenKind kind = TokenKind::kInvalid;
      size_t len = 1;
      switch (c) {
        case '(':
          kind = TokenKind::kLParen;
          break;
        case ')':
          kind = TokenKind::kRParen;
          break;
        case '[':
          kind = TokenKind::kLBracket;
          break;
        case ']':
          kind = TokenKind::kRBracket;
          break;
        case ',':
          kind = TokenKind::kComma;
          break;
        case '.':
          kind = TokenKind::kDot;
          break;
        case '=':
          kind = TokenKind::kEq;
          break;
        case '+':
          kind = TokenKind::kPlus;
          break;
        case '-':
          kind = TokenKind::kMinus;
          break;
        case '<':
          if (i + 1 < n && text[i + 1] == '>') {
            kind = TokenKind::kNe, len = 2;
          } else if (i + 1 < n && text[i + 1] == '=') {
            kind = TokenKind::kLe, len = 2;
          } else {
            kind = TokenKind::kLt;
          }
          break;
        case '>':
          if (i + 1 < n && text[i + 1] == '=') {
            kind = TokenKind::kGe, len = 2;
          } else {
            kind = TokenKind::kGt;
          }
          break;
        default:
          // Keep a multi-byte UTF-8 character whole so messages stay valid UTF-8.
          if (static_cast<unsigned char>(c) >= 0xC0) {
            while (start + len < n &&
                   (static_cast<unsigned char>(text[start + len]) & 0xC0) == 0x80 && len < 4) {
              ++len;
            }
          }
          break;
      }
      i += len;
      push(kind, start, i);
    }
  }
  tokens.push_back(Token{TokenKind::kEof, std::string_view(), n, n});
  return tokens;
}

bool IsKeyword(std::string_view word, std::string_view keyword) {
  if (word.size() != keyword.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    char a = word[i];
    if (a >= 'a' && a <= 'z') a = static_cast<char>(a - 'a' + 'A');
    if (a != keyword[i]) return false;
  }
  return true;
}

std::string NearText(std::string_view text, const std::vector<Token>& tokens, size_t i) {
  const Token& tok = tokens[i];
  size_t begin = i > 0 ? tokens[i - 1].begin : tok.begin;
  size_t end = tok.end;
  if (tok.kind == TokenKind::kEof) {
    end = i > 0 ? tokens[i - 1].end : 0;
  } else if (i + 1 < tokens.size() && tokens[i + 1].kind != TokenKind::kEof) {
    end = tokens[i + 1].end;
  }
  return std::string(text.substr(begin, end - begin));
}

std::string SyntaxErrorMessage(std::string_view text, const std::vector<Token>& tokens, size_t i) {
  const Token& tok = tokens[i];
  std::string token = tok.kind == TokenKind::kEof ? "<EOF>" : std::string(tok.text);
  return "Syntax error; token: \"" + token + "\", near: \"" + NearText(text, tokens, i) + "\"";
}

}  // namespace magneto::expr
