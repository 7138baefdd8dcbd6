// ApiError: a DynamoDB error as the client sees it (type, message, HTTP status).
// Every layer that rejects a request returns one of these by value; nothing
// throws it. The HTTP layer turns it into DynamoDB's JSON error body.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include "common/result.h"

namespace magneto {

class ApiError {
 public:
  // Namespaces that prefix __type in the error body, as DynamoDB sends them.
  static constexpr std::string_view kDynamoPrefix = "com.amazonaws.dynamodb.v20120810#";
  static constexpr std::string_view kCoralPrefix = "com.amazon.coral.service#";
  static constexpr std::string_view kCoralValidationPrefix = "com.amazon.coral.validate#";

  ApiError(std::string_view prefix, std::string type, std::string message, int status)
      : prefix_(prefix), type_(std::move(type)), message_(std::move(message)), status_(status) {}

  // The error's short name, e.g. "ValidationException".
  const std::string& type() const { return type_; }
  const std::string& message() const { return message_; }
  int status() const { return status_; }
  // Extra members for the error body, as JSON text without braces, e.g.
  // "\"Item\":{...}" for ReturnValuesOnConditionCheckFailure.
  const std::string& extra_members() const { return extra_members_; }
  ApiError&& WithExtraMembers(std::string json_members) && {
    extra_members_ = std::move(json_members);
    return std::move(*this);
  }
  // The full __type, e.g. "com.amazon.coral.validate#ValidationException".
  std::string full_type() const { return std::string(prefix_) + type_; }

  // Factories named after DynamoDB's exceptions.
  static ApiError Validation(std::string msg) {
    return {kCoralValidationPrefix, "ValidationException", std::move(msg), 400};
  }
  static ApiError Serialization(std::string msg) {
    return {kCoralPrefix, "SerializationException", std::move(msg), 400};
  }
  static ApiError UnknownOperation(std::string msg = "") {
    return {kCoralPrefix, "UnknownOperationException", std::move(msg), 400};
  }
  static ApiError ResourceNotFound(std::string msg) {
    return {kDynamoPrefix, "ResourceNotFoundException", std::move(msg), 400};
  }
  static ApiError ResourceInUse(std::string msg) {
    return {kDynamoPrefix, "ResourceInUseException", std::move(msg), 400};
  }
  static ApiError ConditionalCheckFailed(std::string msg = "The conditional request failed") {
    return {kDynamoPrefix, "ConditionalCheckFailedException", std::move(msg), 400};
  }
  static ApiError LimitExceeded(std::string msg) {
    return {kDynamoPrefix, "LimitExceededException", std::move(msg), 400};
  }
  static ApiError MissingAuthenticationToken(std::string msg) {
    return {kCoralPrefix, "MissingAuthenticationTokenException", std::move(msg), 400};
  }
  static ApiError IncompleteSignature(std::string msg) {
    return {kCoralPrefix, "IncompleteSignatureException", std::move(msg), 400};
  }
  static ApiError InvalidSignature(std::string msg) {
    return {kCoralPrefix, "InvalidSignatureException", std::move(msg), 400};
  }
  static ApiError RequestEntityTooLarge(std::string msg) {
    return {kCoralPrefix, "RequestEntityTooLarge", std::move(msg), 413};
  }
  static ApiError InternalServer(std::string msg = "Internal server error") {
    return {kDynamoPrefix, "InternalServerError", std::move(msg), 500};
  }

 private:
  std::string_view prefix_;
  std::string type_;
  std::string message_;
  int status_;
  std::string extra_members_;
};

template <typename T>
using ApiResult = Result<T, ApiError>;

// Shorthand for returning an error from a function that returns ApiResult<T>.
inline Unexpected<ApiError> Fail(ApiError e) { return Unexpected<ApiError>{std::move(e)}; }

}  // namespace magneto
