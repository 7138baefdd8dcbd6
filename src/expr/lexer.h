// Lexer for DynamoDB expressions: turns the text into tokens that remember
// where they came from, so syntax errors can quote DynamoDB's "near" context.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace magneto::expr {

enum class TokenKind {
  kName,              // [A-Za-z_][A-Za-z0-9_]*  (also keywords and function names)
  kNamePlaceholder,   // #[A-Za-z0-9_]+
  kValuePlaceholder,  // :[A-Za-z0-9_]+
  kNumber,            // [0-9]+ (only meaningful as a list index)
  kLParen,
  kRParen,
  kLBracket,
  kRBracket,
  kComma,
  kDot,
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kPlus,
  kMinus,
  kInvalid,  // any other character
  kEof,
};

struct Token {
  TokenKind kind = TokenKind::kEof;
  std::string_view text;  // a view into the expression; empty for kEof
  size_t begin = 0;       // byte offsets into the expression
  size_t end = 0;
};

// Splits `text` into tokens; the last token is always kEof. Never fails:
// characters that start no token become kInvalid tokens, so the parser
// reports them as syntax errors with DynamoDB's context.
std::vector<Token> Lex(std::string_view text);

// True if `word` (any case) is a keyword of the expression grammar itself
// (AND, OR, NOT, BETWEEN, IN, SET, REMOVE, ADD, DELETE).
bool IsKeyword(std::string_view word, std::string_view keyword);

// The text DynamoDB quotes after "near:" for a syntax error at token `i`:
// the source from the previous token through the next one.
std::string NearText(std::string_view text, const std::vector<Token>& tokens, size_t i);

// DynamoDB's syntax error message body: Syntax error; token: "x", near: "y".
std::string SyntaxErrorMessage(std::string_view text, const std::vector<Token>& tokens, size_t i);

}  // namespace magneto::expr
