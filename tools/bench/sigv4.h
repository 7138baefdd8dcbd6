// AWS Signature Version 4 request signing for the load generator (client side).
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

struct evp_md_ctx_st;  // OpenSSL's EVP_MD_CTX

namespace magneto::bench {

// Lower-case hex of SHA-256(data).
std::string Sha256Hex(std::string_view data);
// Raw 32-byte HMAC-SHA256(key, data).
std::string HmacSha256(std::string_view key, std::string_view data);
std::string HexEncode(std::string_view bytes);

// HMAC-SHA256 with one key for many messages: the key's padded blocks are hashed once.
class HmacKey {
 public:
  explicit HmacKey(std::string_view key);
  ~HmacKey();
  HmacKey(const HmacKey&) = delete;
  HmacKey& operator=(const HmacKey&) = delete;
  // Raw 32-byte HMAC-SHA256(key, data).
  std::string Sign(std::string_view data) const;

 private:
  static constexpr size_t kBlock = 64;  // SHA-256's block size
  evp_md_ctx_st* inner_;  // after absorbing key ^ ipad
  evp_md_ctx_st* outer_;  // after absorbing key ^ opad
};
// "20150830T123600Z" for the given instant (UTC).
std::string AmzDate(std::chrono::system_clock::time_point when);

struct Credentials {
  std::string access_key = "AKIDMAGNETOBENCH";
  std::string secret_key = "magneto-bench-dummy-secret";
  std::string session_token;  // sent as X-Amz-Security-Token when not empty
};

// One header to sign. Names must be lower case; values are trimmed by the caller.
using Header = std::pair<std::string, std::string>;

// Signs requests for one (credentials, region, service). Not thread-safe: it caches the
// signing key of the last date, so give each thread its own copy.
class SigV4Signer {
 public:
  SigV4Signer(Credentials credentials, std::string region, std::string service);

  // The canonical request of SigV4 step 1. `headers` must be sorted by name and include
  // "host" and "x-amz-date"; `query` must already be in canonical form (sorted, encoded).
  static std::string CanonicalRequest(std::string_view method, std::string_view path,
                                      std::string_view query, const std::vector<Header>& headers,
                                      std::string_view payload_sha256_hex);
  static std::string SignedHeaders(const std::vector<Header>& headers);

  std::string StringToSign(std::string_view amz_date, std::string_view canonical_request) const;
  // kSigning = HMAC chain over "AWS4"+secret, date, region, service, "aws4_request".
  const std::string& SigningKey(std::string_view date8);

  // The full Authorization header value for a request.
  std::string Authorization(std::string_view method, std::string_view path, std::string_view query,
                            const std::vector<Header>& headers, std::string_view payload,
                            std::string_view amz_date);

  const Credentials& credentials() const { return credentials_; }

 private:
  std::string Scope(std::string_view date8) const;

  Credentials credentials_;
  std::string region_;
  std::string service_;
  std::string key_date_;  // date of the cached signing key
  std::string key_;
  std::unique_ptr<HmacKey> hmac_;  // keyed with key_
};

}  // namespace magneto::bench
