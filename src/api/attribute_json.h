// DynamoDB's JSON form of attribute values ({"S": "x"}, {"N": "1"}, ...) to
// and from the data model, with DynamoDB's validation of each type.
#pragma once

#include <string_view>

#include "common/api_error.h"
#include "json/json.h"
#include "model/value.h"
#include "schema/table_def.h"

namespace magneto::api {

ApiResult<model::AttributeValue> DecodeAttributeValue(const json::Value& v);
// A map of attribute name -> AttributeValue (an item, a key, or
// ExpressionAttributeValues).
ApiResult<model::Item> DecodeAttributeMap(const json::Value& v);

void WriteAttributeValue(json::Writer& w, const model::AttributeValue& v);
void WriteItem(json::Writer& w, const model::Item& item);

// Validates an item against the table's key schema for PutItem: both key
// attributes present, of the declared type, not empty.
ApiResult<Unit> ValidateItemKeys(const schema::TableDef& table, const model::Item& item);
// Validates a Key parameter: exactly the key attributes, right types.
ApiResult<Unit> ValidateKey(const schema::TableDef& table, const model::Item& key);
// The key attributes of an item.
model::Item KeyOf(const schema::TableDef& table, const model::Item& item);

}  // namespace magneto::api
