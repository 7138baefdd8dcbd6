// SigV4 signing with OpenSSL's one-shot SHA-256 and HMAC: canonical request, string to
// sign, the derived signing key (cached per day) and the Authorization header.

#include "sigv4.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <ctime>

namespace magneto::bench {

std::string HexEncode(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out;
}

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  return HexEncode({reinterpret_cast<const char*>(digest), sizeof digest});
}

std::string HmacSha256(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &len);
  return std::string(reinterpret_cast<const char*>(out), len);
}

std::string AmzDate(std::chrono::system_clock::time_point when) {
  std::time_t t = std::chrono::system_clock::to_time_t(when);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

SigV4Signer::SigV4Signer(Credentials credentials, std::string region, std::string service)
    : credentials_(std::move(credentials)),
      region_(std::move(region)),
      service_(std::move(service)) {}

std::string SigV4Signer::SignedHeaders(const std::vector<Header>& headers) {
  std::string out;
  for (const auto& [name, value] : headers) {
    if (!out.empty()) out.push_back(';');
    out += name;
  }
  return out;
}

std::string SigV4Signer::CanonicalRequest(std::string_view method, std::string_view path,
                                          std::string_view query,
                                          const std::vector<Header>& headers,
                                          std::string_view payload_sha256_hex) {
  std::string out;
  out.reserve(256);
  out.append(method).push_back('\n');
  out.append(path.empty() ? "/" : path).push_back('\n');
  out.append(query).push_back('\n');
  for (const auto& [name, value] : headers) {
    out.append(name).push_back(':');
    out.append(value).push_back('\n');
  }
  out.push_back('\n');
  out.append(SignedHeaders(headers)).push_back('\n');
  out.append(payload_sha256_hex);
  return out;
}

std::string SigV4Signer::Scope(std::string_view date8) const {
  std::string scope(date8);
  scope += '/' + region_ + '/' + service_ + "/aws4_request";
  return scope;
}

std::string SigV4Signer::StringToSign(std::string_view amz_date,
                                      std::string_view canonical_request) const {
  std::string out = "AWS4-HMAC-SHA256\n";
  out.append(amz_date).push_back('\n');
  out.append(Scope(amz_date.substr(0, 8))).push_back('\n');
  out.append(Sha256Hex(canonical_request));
  return out;
}

const std::string& SigV4Signer::SigningKey(std::string_view date8) {
  if (key_.empty() || key_date_ != date8) {
    std::string k = HmacSha256("AWS4" + credentials_.secret_key, date8);
    k = HmacSha256(k, region_);
    k = HmacSha256(k, service_);
    key_ = HmacSha256(k, "aws4_request");
    key_date_ = date8;
  }
  return key_;
}

std::string SigV4Signer::Authorization(std::string_view method, std::string_view path,
                                       std::string_view query, const std::vector<Header>& headers,
                                       std::string_view payload, std::string_view amz_date) {
  std::string canonical = CanonicalRequest(method, path, query, headers, Sha256Hex(payload));
  std::string date8(amz_date.substr(0, 8));
  std::string signature =
      HexEncode(HmacSha256(SigningKey(date8), StringToSign(amz_date, canonical)));
  std::string out = "AWS4-HMAC-SHA256 Credential=";
  out += credentials_.access_key + '/' + Scope(date8);
  out += ", SignedHeaders=" + SignedHeaders(headers);
  out += ", Signature=" + signature;
  return out;
}

}  // namespace magneto::bench
