// DynamoDB's reserved words: names that may not appear unquoted (without a
// #placeholder) in an expression.
#pragma once

#include <string_view>

namespace magneto::expr {

// True if `word` is one of DynamoDB's reserved words, compared without regard
// to case (the list in the developer guide, "Reserved words in DynamoDB").
bool IsReservedWord(std::string_view word);

}  // namespace magneto::expr
