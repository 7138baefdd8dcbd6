// Request members shared by CreateTable, UpdateTable and the tagging
// operations: ProvisionedThroughput, BillingMode, TableClass and Tags, each
// decoded with DynamoDB's validation messages.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/request.h"
#include "common/api_error.h"
#include "json/json.h"
#include "schema/table_def.h"

namespace magneto::api {

// DynamoDB's limit on tags per resource.
constexpr size_t kMaxTagsPerResource = 50;

struct ThroughputRequest {
  int64_t read_capacity_units = 0;
  int64_t write_capacity_units = 0;
};

// The ProvisionedThroughput member of `request` (nullopt when absent). Missing
// or non-positive units are added to `c` as constraint violations under
// `field` (an index's is e.g. "globalSecondaryIndexes.1.member.provisionedThroughput");
// the values are then unusable unless c.empty().
ApiResult<std::optional<ThroughputRequest>> DecodeThroughput(
    const json::Value& request, Constraints& c,
    std::string_view field = "provisionedThroughput");

// Applies a new provisioned throughput to `tp`, recording increases and
// decreases as DescribeTable reports them. `subject` names the owner in the
// error for an unchanged value: "table" or "index <name>".
ApiResult<Unit> ChangeThroughput(schema::Throughput& tp, const ThroughputRequest& want,
                                 int64_t now_ms, std::string_view subject = "table");

// BillingMode (nullopt when absent); an unknown mode is added to `c`.
ApiResult<std::optional<schema::BillingMode>> DecodeBillingMode(const json::Value& request,
                                                                Constraints& c);

// TableClass (nullopt when absent); STANDARD or STANDARD_INFREQUENT_ACCESS.
ApiResult<std::optional<std::string>> DecodeTableClass(const json::Value& request);

// A list of {"Key", "Value"} tags: each key 1..128 and value 0..256
// characters of AWS's tag character set, no "aws:" prefix, no duplicates.
ApiResult<std::vector<schema::Tag>> DecodeTags(const json::Value& tags);

// Checks one tag key (UntagResource's TagKeys).
ApiResult<Unit> CheckTagKey(std::string_view key);

// Adds or replaces `added` in `tags`; ValidationException when the result
// would exceed kMaxTagsPerResource.
ApiResult<Unit> MergeTags(std::vector<schema::Tag>& tags, const std::vector<schema::Tag>& added);

// DynamoDB's answer when the tag limit is exceeded.
ApiError TooManyTags();

// A request member naming a DynamoDB feature that Magneto does not have yet.
ApiError NotSupportedYet(std::string_view member);

// Whether the request has `member` with a non-null value.
bool HasMember(const json::Value& request, std::string_view member);

}  // namespace magneto::api
