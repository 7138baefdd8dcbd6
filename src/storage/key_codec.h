// Order-preserving, self-delimiting encoding of key attribute values (S, N, B)
// and the layout of item keys in the store. The byte order of encodings equals
// DynamoDB's order: S and B by unsigned bytes, N by numeric value.
// The format is persistent: see docs/storage_format.md before changing it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "model/value.h"

namespace magneto::storage {

// Appends the encoding of v to *out.
// REQUIRES: v.type() is S, N or B.
void AppendKeyValue(std::string* out, const model::AttributeValue& v);

// Decodes one value of the given type (S, N or B) from the front of *in and
// advances *in past it. Returns false (leaving *in and *out unspecified) if
// the bytes are not a valid encoding or type is not S, N or B.
bool DecodeKeyValue(std::string_view* in, model::Type type, model::AttributeValue* out);

// 32-bit hash of an encoded partition key: the high 32 bits of murmur3's
// fmix64 finalizer applied to the 64-bit FNV-1a hash of the bytes. Fixed
// forever: it decides where existing data sits.
uint32_t PartitionHash(std::string_view encoded_partition_key);

// Key of an item: TablePrefix(table_id), 4-byte big-endian
// PartitionHash(encoded pk), encoded pk, then encoded sk if the table has a
// sort key. A table's items thus iterate grouped by partition (in hash order)
// and, within a partition, in sort-key order.
std::string ItemKey(uint32_t table_id, const model::AttributeValue& pk,
                    const model::AttributeValue* sk);
// ItemKey without the sort key: every item of one partition starts with it.
std::string PartitionPrefix(uint32_t table_id, const model::AttributeValue& pk);
// The 4-byte big-endian table id: every item of the table starts with it.
std::string TablePrefix(uint32_t table_id);

// Splits a key made by ItemKey. sk_type is null for tables without a sort key
// (then *sk is left untouched). Returns false if the key is malformed.
bool ParseItemKey(std::string_view key, model::Type pk_type, const model::Type* sk_type,
                  uint32_t* table_id, model::AttributeValue* pk, model::AttributeValue* sk);

}  // namespace magneto::storage
