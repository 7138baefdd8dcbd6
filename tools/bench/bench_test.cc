// Unit tests of magneto-bench's pieces: SigV4 against AWS's published examples, the
// histogram's error bound, HTTP response parsing and the key choosers.

#include <gtest/gtest.h>

#include <chrono>
#include <map>

#include "histogram.h"
#include "http_client.h"
#include "sigv4.h"
#include "zipf.h"

namespace magneto::bench {
namespace {

TEST(SigV4, Sha256AndHmacKnownAnswers) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  // RFC 4231, test case 2.
  EXPECT_EQ(HexEncode(HmacSha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  // RFC 4231, test case 6: a key longer than the block is hashed first.
  EXPECT_EQ(HexEncode(HmacSha256(std::string(131, '\xaa'),
                                 "Test Using Larger Than Block-Size Key - Hash Key First")),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
  // One key, many messages: each signature is independent of the previous ones.
  HmacKey key("Jefe");
  EXPECT_EQ(HexEncode(key.Sign("x")), HexEncode(HmacSha256("Jefe", "x")));
  EXPECT_EQ(HexEncode(key.Sign("what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(SigV4, AmzDateIsUtc) {
  auto t = std::chrono::system_clock::time_point(std::chrono::seconds(1440938160));
  EXPECT_EQ(AmzDate(t), "20150830T123600Z");
}

// AWS SigV4 test suite, "get-vanilla": GET / on example.amazonaws.com, service "service".
TEST(SigV4, AwsTestSuiteGetVanilla) {
  SigV4Signer signer({"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", ""}, "us-east-1",
                     "service");
  std::vector<Header> headers = {{"host", "example.amazonaws.com"},
                                 {"x-amz-date", "20150830T123600Z"}};
  std::string canonical = SigV4Signer::CanonicalRequest("GET", "/", "", headers, Sha256Hex(""));
  EXPECT_EQ(canonical,
            "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(signer.StringToSign("20150830T123600Z", canonical),
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
            "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63");
  EXPECT_EQ(signer.Authorization("GET", "/", "", headers, "", "20150830T123600Z"),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
            "SignedHeaders=host;x-amz-date, "
            "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
}

// The "GET Object" example of the S3 SigV4 documentation (header-based authentication).
TEST(SigV4, AwsDocsS3GetObjectExample) {
  SigV4Signer signer({"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ""},
                     "us-east-1", "s3");
  std::string empty_hash = Sha256Hex("");
  std::vector<Header> headers = {{"host", "examplebucket.s3.amazonaws.com"},
                                 {"range", "bytes=0-9"},
                                 {"x-amz-content-sha256", empty_hash},
                                 {"x-amz-date", "20130524T000000Z"}};
  std::string canonical =
      SigV4Signer::CanonicalRequest("GET", "/test.txt", "", headers, empty_hash);
  EXPECT_EQ(signer.StringToSign("20130524T000000Z", canonical),
            "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n"
            "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972");
  EXPECT_EQ(signer.Authorization("GET", "/test.txt", "", headers, "", "20130524T000000Z"),
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
            "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
            "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
}

// The same DynamoDB request signed by botocore's SigV4Auth gives this signature.
TEST(SigV4, DynamoRequestMatchesBotocore) {
  Endpoint endpoint;
  std::string error;
  ASSERT_TRUE(ParseEndpoint("http://127.0.0.1:8000", endpoint, error));
  SigV4Signer signer({"AKIDMAGNETOBENCH", "magneto-bench-dummy-secret", ""}, "us-east-1",
                     "dynamodb");
  std::string request = BuildDynamoRequest(endpoint, signer, "DescribeTable",
                                           R"({"TableName":"t"})", "20240102T030405Z");
  EXPECT_NE(request.find(
                "Authorization: AWS4-HMAC-SHA256 Credential=AKIDMAGNETOBENCH/20240102/"
                "us-east-1/dynamodb/aws4_request, "
                "SignedHeaders=content-type;host;x-amz-date;x-amz-target, "
                "Signature=2e221b01891daaf3208fff799f9d9cba5daf5951603cad248262d9795cd981be\r\n"),
            std::string::npos)
      << request;
  EXPECT_NE(request.find("\r\nContent-Length: 17\r\n\r\n{\"TableName\":\"t\"}"), std::string::npos);
}

TEST(Histogram, SmallValuesAreExact) {
  Histogram h;
  for (uint64_t v = 0; v < 100; ++v) h.Record(v);
  EXPECT_EQ(h.count(), 100u);
  EXPECT_EQ(h.min(), 0u);
  EXPECT_EQ(h.max(), 99u);
  EXPECT_EQ(h.Percentile(50000), 49u);
  EXPECT_EQ(h.Percentile(99000), 98u);
  EXPECT_EQ(h.Percentile(100000), 99u);
  EXPECT_EQ(h.Mean(), 49u);
}

TEST(Histogram, BucketsTileTheRange) {
  EXPECT_EQ(Histogram::BucketOf(0), 0u);
  EXPECT_EQ(Histogram::BucketOf(UINT64_MAX), Histogram::BucketCount() - 1);
  for (size_t b = 0; b + 1 < Histogram::BucketCount(); ++b) {
    ASSERT_EQ(Histogram::BucketOf(Histogram::BucketLow(b)), b);
    ASSERT_EQ(Histogram::BucketOf(Histogram::BucketHigh(b)), b);
    ASSERT_EQ(Histogram::BucketHigh(b) + 1, Histogram::BucketLow(b + 1));
  }
}

TEST(Histogram, PercentilesWithinHalfPercent) {
  Histogram h;
  for (uint64_t v = 1; v <= 1000000; ++v) h.Record(v * 997);  // up to ~1 s in ns
  for (uint32_t p : {50000u, 90000u, 99000u, 99900u}) {
    uint64_t exact = (static_cast<uint64_t>(p) * 1000000 / 100000) * 997;
    uint64_t got = h.Percentile(p);
    double err = std::abs(static_cast<double>(got) - static_cast<double>(exact)) / exact;
    EXPECT_LT(err, 0.005) << "p=" << p << " exact=" << exact << " got=" << got;
  }
  EXPECT_EQ(h.Percentile(100000), h.max());
}

TEST(Histogram, MergeAndReset) {
  Histogram a, b;
  a.Record(1000);
  b.Record(5000000);
  b.Record(7);
  a.Merge(b);
  EXPECT_EQ(a.count(), 3u);
  EXPECT_EQ(a.min(), 7u);
  EXPECT_EQ(a.max(), 5000000u);
  a.Reset();
  EXPECT_EQ(a.count(), 0u);
  EXPECT_EQ(a.Percentile(50000), 0u);
}

TEST(Http, ParsesContentLengthAndKeepsTheRest) {
  std::string buf =
      "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\n{}HTTP/1.1";
  HttpResponse r;
  ASSERT_EQ(ParseResponse(buf, r), ParseResult::kDone);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "{}");
  EXPECT_FALSE(r.close);
  EXPECT_EQ(buf, "HTTP/1.1");
  EXPECT_EQ(ParseResponse(buf, r), ParseResult::kNeedMore);
}

TEST(Http, ParsesChunkedAndClose) {
  std::string buf =
      "HTTP/1.1 400 Bad Request\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n"
      "5\r\nhello\r\n6;x=y\r\n world\r\n0\r\n\r\n";
  HttpResponse r;
  std::string partial = buf.substr(0, buf.size() - 3);
  EXPECT_EQ(ParseResponse(partial, r), ParseResult::kNeedMore);
  ASSERT_EQ(ParseResponse(buf, r), ParseResult::kDone);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body, "hello world");
  EXPECT_TRUE(r.close);
  EXPECT_TRUE(buf.empty());
}

TEST(Http, EndpointsAndErrorTypes) {
  Endpoint e;
  std::string error;
  ASSERT_TRUE(ParseEndpoint("http://localhost:8000/", e, error));
  EXPECT_EQ(e.host, "localhost");
  EXPECT_EQ(e.port, 8000);
  EXPECT_EQ(e.host_header, "localhost:8000");
  EXPECT_FALSE(ParseEndpoint("https://x", e, error));
  EXPECT_EQ(
      ErrorType(
          R"({"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException","message":"x"})"),
      "ConditionalCheckFailedException");
  EXPECT_EQ(ErrorType(R"({"__type": "com.amazon.coral.service#UnknownOperationException"})"),
            "UnknownOperationException");
  EXPECT_EQ(ErrorType("<html>"), "Unknown");
}

TEST(Zipf, SkewedAndInRange) {
  Rng rng(7);
  Zipfian z(1000);
  std::map<uint64_t, int> counts;
  for (int i = 0; i < 200000; ++i) {
    uint64_t r = z.Next(rng);
    ASSERT_LT(r, 1000u);
    ++counts[r];
  }
  EXPECT_GT(counts[0], counts[1]);
  EXPECT_GT(counts[1], counts[10]);
  EXPECT_GT(counts[0], 200000 / 20);  // rank 0 holds about 13% at theta 0.99, n 1000
  KeyChooser uniform(10, false);
  for (int i = 0; i < 1000; ++i) ASSERT_LT(uniform.Next(rng), 10u);
}

}  // namespace
}  // namespace magneto::bench
