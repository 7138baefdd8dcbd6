// SigV4 signing with OpenSSL's SHA-256: canonical request, string to sign, the derived
// signing key (cached per day) and the Authorization header. The digest is fetched once and
// each thread reuses one context: OpenSSL 3's one-shot calls look the algorithm up under a
// lock on every call, which cost the load generator a sixth of its CPU.

#include "sigv4.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <algorithm>
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

namespace {

const EVP_MD* Sha256Md() {
  static EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return md;
}

EVP_MD_CTX* ThreadContext() {
  struct Owner {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    ~Owner() { EVP_MD_CTX_free(ctx); }
  };
  thread_local Owner owner;
  return owner.ctx;
}

// SHA-256 of `data`, continuing from `start` (a context that already absorbed a prefix)
// or from scratch when `start` is null.
void Sha256(const EVP_MD_CTX* start, std::string_view data, unsigned char* digest) {
  EVP_MD_CTX* ctx = ThreadContext();
  if (start != nullptr) {
    EVP_MD_CTX_copy_ex(ctx, start);
  } else {
    EVP_DigestInit_ex(ctx, Sha256Md(), nullptr);
  }
  EVP_DigestUpdate(ctx, data.data(), data.size());
  EVP_DigestFinal_ex(ctx, digest, nullptr);
}

}  // namespace

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  Sha256(nullptr, data, digest);
  return HexEncode({reinterpret_cast<const char*>(digest), sizeof digest});
}

HmacKey::HmacKey(std::string_view key) : inner_(EVP_MD_CTX_new()), outer_(EVP_MD_CTX_new()) {
  // RFC 2104: keys longer than the block are hashed first, then padded with zeros.
  unsigned char block[kBlock] = {};
  if (key.size() > kBlock) {
    Sha256(nullptr, key, block);
  } else {
    std::copy(key.begin(), key.end(), block);
  }
  unsigned char pad[kBlock];
  for (size_t i = 0; i < kBlock; ++i) pad[i] = block[i] ^ 0x36;
  EVP_DigestInit_ex(inner_, Sha256Md(), nullptr);
  EVP_DigestUpdate(inner_, pad, kBlock);
  for (size_t i = 0; i < kBlock; ++i) pad[i] = block[i] ^ 0x5c;
  EVP_DigestInit_ex(outer_, Sha256Md(), nullptr);
  EVP_DigestUpdate(outer_, pad, kBlock);
}

HmacKey::~HmacKey() {
  EVP_MD_CTX_free(inner_);
  EVP_MD_CTX_free(outer_);
}

std::string HmacKey::Sign(std::string_view data) const {
  unsigned char inner[SHA256_DIGEST_LENGTH];
  Sha256(inner_, data, inner);
  unsigned char out[SHA256_DIGEST_LENGTH];
  Sha256(outer_, {reinterpret_cast<const char*>(inner), sizeof inner}, out);
  return std::string(reinterpret_cast<const char*>(out), sizeof out);
}

std::string HmacSha256(std::string_view key, std::string_view data) {
  return HmacKey(key).Sign(data);
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
    hmac_ = std::make_unique<HmacKey>(key_);
  }
  return key_;
}

std::string SigV4Signer::Authorization(std::string_view method, std::string_view path,
                                       std::string_view query, const std::vector<Header>& headers,
                                       std::string_view payload, std::string_view amz_date) {
  std::string canonical = CanonicalRequest(method, path, query, headers, Sha256Hex(payload));
  std::string date8(amz_date.substr(0, 8));
  SigningKey(date8);
  std::string signature = HexEncode(hmac_->Sign(StringToSign(amz_date, canonical)));
  std::string out = "AWS4-HMAC-SHA256 Credential=";
  out += credentials_.access_key + '/' + Scope(date8);
  out += ", SignedHeaders=" + SignedHeaders(headers);
  out += ", Signature=" + signature;
  return out;
}

}  // namespace magneto::bench
