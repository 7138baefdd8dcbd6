// Lexer for DynamoDB's PartiQL dialect: names, "quoted names", 'strings',
// numbers, punctuation (including the bag brackets << >>) and ? parameters.
// Comments (-- to end of line, /* ... */) are skipped.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/api_error.h"

namespace magneto::partiql {

enum class TokenKind {
  kName,        // unquoted identifier or keyword: [A-Za-z_$][A-Za-z0-9_$]*
  kQuotedName,  // "name" ("" inside stands for one ")
  kString,      // 'text' ('' inside stands for one ')
  kNumber,      // 12, 1.5, .5, 1e10 (never signed: '-' is its own token)
  kLParen,
  kRParen,
  kLBracket,
  kRBracket,
  kLBrace,
  kRBrace,
  kLBag,  // <<
  kRBag,  // >>
  kComma,
  kDot,
  kColon,
  kStar,
  kQuestion,
  kSemicolon,
  kEq,
  kNe,  // <> or !=
  kLt,
  kLe,
  kGt,
  kGe,
  kPlus,
  kMinus,
  kSlash,
  kPercent,
  kConcat,  // ||
  kEof,
};

struct Token {
  TokenKind kind = TokenKind::kEof;
  std::string text;  // names and strings unescaped; numbers as written
  size_t begin = 0;  // byte offset in the statement
};

// The tokens of `text`, ending with kEof. Fails (with the "Statement wasn't
// well formed" ValidationException) on an unterminated string, quoted name or
// comment, or a character that starts no token.
ApiResult<std::vector<Token>> Lex(std::string_view text);

// True if `token` is the unquoted word `keyword` in any case.
bool IsWord(const Token& token, std::string_view keyword);

// DynamoDB's message for a statement it cannot parse.
ApiError Malformed(std::string_view detail);

}  // namespace magneto::partiql
