// Keep-alive HTTP/1.1 client pieces: endpoint parsing, connect, non-blocking send and
// receive, response parsing (Content-Length and chunked), and DynamoDB request framing.

#include "http_client.h"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <vector>

namespace magneto::bench {

namespace {

bool IEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

bool IContains(std::string_view hay, std::string_view needle) {
  if (needle.size() > hay.size()) return false;
  for (size_t i = 0; i + needle.size() <= hay.size(); ++i) {
    if (IEquals(hay.substr(i, needle.size()), needle)) return true;
  }
  return false;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

bool ParseSize(std::string_view s, int base, size_t& out) {
  if (s.empty()) return false;
  size_t v = 0;
  for (char c : s) {
    int d;
    if (c >= '0' && c <= '9')
      d = c - '0';
    else if (base == 16 && c >= 'a' && c <= 'f')
      d = c - 'a' + 10;
    else if (base == 16 && c >= 'A' && c <= 'F')
      d = c - 'A' + 10;
    else
      break;  // chunk extensions (";...") end the number
    if (v > (SIZE_MAX >> 5)) return false;
    v = v * base + d;
  }
  out = v;
  return true;
}

constexpr size_t kMaxHeaderBytes = 64 * 1024;

}  // namespace

bool ParseEndpoint(std::string_view url, Endpoint& out, std::string& error) {
  constexpr std::string_view kScheme = "http://";
  if (url.substr(0, kScheme.size()) != kScheme) {
    error = "the endpoint must start with http:// (https is not supported)";
    return false;
  }
  url.remove_prefix(kScheme.size());
  if (auto slash = url.find('/'); slash != std::string_view::npos) url = url.substr(0, slash);
  if (url.empty()) {
    error = "the endpoint has no host";
    return false;
  }
  out.host_header = std::string(url);
  auto colon = url.rfind(':');
  if (colon != std::string_view::npos && url.find(']') == std::string_view::npos) {
    size_t port = 0;
    if (!ParseSize(url.substr(colon + 1), 10, port) || port == 0 || port > 65535) {
      error = "invalid port in the endpoint";
      return false;
    }
    out.port = static_cast<uint16_t>(port);
    out.host = std::string(url.substr(0, colon));
  } else {
    out.port = 80;
    out.host = std::string(url);
  }
  return true;
}

ParseResult ParseResponse(std::string& buffer, HttpResponse& out) {
  size_t head_end = buffer.find("\r\n\r\n");
  if (head_end == std::string::npos) {
    return buffer.size() > kMaxHeaderBytes ? ParseResult::kError : ParseResult::kNeedMore;
  }
  std::string_view head(buffer.data(), head_end);
  size_t line_end = head.find("\r\n");
  std::string_view status_line = head.substr(0, line_end);
  if (status_line.size() < 12 || status_line.substr(0, 5) != "HTTP/") return ParseResult::kError;
  size_t status = 0;
  if (!ParseSize(status_line.substr(9, 3), 10, status)) return ParseResult::kError;
  bool http10 = status_line.substr(5, 3) == "1.0";
  bool chunked = false, close = http10, has_length = false;
  size_t length = 0;
  while (line_end != std::string_view::npos && line_end < head.size()) {
    size_t start = line_end + 2;
    line_end = head.find("\r\n", start);
    std::string_view line = head.substr(
        start, line_end == std::string_view::npos ? std::string_view::npos : line_end - start);
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view name = line.substr(0, colon), value = Trim(line.substr(colon + 1));
    if (IEquals(name, "content-length")) {
      if (!ParseSize(value, 10, length)) return ParseResult::kError;
      has_length = true;
    } else if (IEquals(name, "transfer-encoding")) {
      chunked = IContains(value, "chunked");
    } else if (IEquals(name, "connection")) {
      if (IContains(value, "close")) close = true;
      if (IContains(value, "keep-alive")) close = false;
    }
  }
  size_t body_start = head_end + 4;
  std::string body;
  size_t consumed;
  if (chunked) {
    size_t pos = body_start;
    while (true) {
      size_t eol = buffer.find("\r\n", pos);
      if (eol == std::string::npos) return ParseResult::kNeedMore;
      size_t size = 0;
      if (!ParseSize(std::string_view(buffer).substr(pos, eol - pos), 16, size))
        return ParseResult::kError;
      pos = eol + 2;
      if (size == 0) {
        // Trailers (rare) end with an empty line.
        size_t end = buffer.find("\r\n", pos);
        while (end != std::string::npos && end != pos) {
          pos = end + 2;
          end = buffer.find("\r\n", pos);
        }
        if (end == std::string::npos) return ParseResult::kNeedMore;
        consumed = end + 2;
        break;
      }
      if (buffer.size() < pos + size + 2) return ParseResult::kNeedMore;
      body.append(buffer, pos, size);
      pos += size + 2;
    }
  } else if (has_length || status == 204 || status == 304) {
    if (buffer.size() < body_start + length) return ParseResult::kNeedMore;
    body.assign(buffer, body_start, length);
    consumed = body_start + length;
  } else {
    return ParseResult::kError;  // a body delimited by closing is not supported
  }
  out.status = static_cast<int>(status);
  out.close = close;
  out.body = std::move(body);
  buffer.erase(0, consumed);
  return ParseResult::kDone;
}

Connection::~Connection() { Close(); }

void Connection::Close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  out_.clear();
  written_ = 0;
  in_.clear();
}

bool Connection::Connect(std::string& error) {
  Close();
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  std::string port = std::to_string(endpoint_.port);
  if (int rc = getaddrinfo(endpoint_.host.c_str(), port.c_str(), &hints, &res); rc != 0) {
    error = std::string("cannot resolve ") + endpoint_.host + ": " + gai_strerror(rc);
    return false;
  }
  for (addrinfo* ai = res; ai; ai = ai->ai_next) {
    int fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) continue;
    if (::connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
      fd_ = fd;
      break;
    }
    error = std::string("cannot connect to ") + endpoint_.host_header + ": " + std::strerror(errno);
    ::close(fd);
  }
  freeaddrinfo(res);
  if (fd_ < 0) return false;
  int one = 1;
  setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  fcntl(fd_, F_SETFL, fcntl(fd_, F_GETFL) | O_NONBLOCK);
  return true;
}

IoStatus Connection::Send(std::string request) {
  out_ = std::move(request);
  written_ = 0;
  return Flush();
}

IoStatus Connection::Flush() {
  while (written_ < out_.size()) {
    ssize_t n = ::send(fd_, out_.data() + written_, out_.size() - written_, MSG_NOSIGNAL);
    if (n > 0) {
      written_ += static_cast<size_t>(n);
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      return IoStatus::kWouldBlock;
    } else {
      return IoStatus::kError;
    }
  }
  return IoStatus::kDone;
}

IoStatus Connection::Receive(HttpResponse& out, std::string& error) {
  char buf[16384];
  while (true) {
    ParseResult parsed = ParseResponse(in_, out);
    if (parsed == ParseResult::kDone) return IoStatus::kDone;
    if (parsed == ParseResult::kError) {
      error = "malformed HTTP response";
      return IoStatus::kError;
    }
    ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n > 0) {
      in_.append(buf, static_cast<size_t>(n));
    } else if (n == 0) {
      error = "connection closed by the server";
      return IoStatus::kError;
    } else if (errno == EINTR) {
      continue;
    } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
      return IoStatus::kWouldBlock;
    } else {
      error = std::string("recv: ") + std::strerror(errno);
      return IoStatus::kError;
    }
  }
}

bool Connection::RoundTrip(std::string request, HttpResponse& out, int timeout_ms,
                           std::string& error) {
  if (!connected() && !Connect(error)) return false;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  auto remaining = [&] {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    return static_cast<int>(std::max<int64_t>(0, left.count()));
  };
  IoStatus st = Send(std::move(request));
  while (st == IoStatus::kWouldBlock) {
    pollfd p{fd_, POLLOUT, 0};
    if (poll(&p, 1, remaining()) <= 0) {
      error = "timed out sending";
      Close();
      return false;
    }
    st = Flush();
  }
  if (st == IoStatus::kError) {
    error = std::string("send: ") + std::strerror(errno);
    Close();
    return false;
  }
  while (true) {
    st = Receive(out, error);
    if (st == IoStatus::kDone) break;
    if (st == IoStatus::kError) {
      Close();
      return false;
    }
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, remaining()) <= 0) {
      error = "timed out waiting for the response";
      Close();
      return false;
    }
  }
  if (out.close) Close();
  return true;
}

std::string BuildDynamoRequest(const Endpoint& endpoint, SigV4Signer& signer,
                               std::string_view operation, std::string_view body,
                               std::string_view amz_date) {
  std::string target = "DynamoDB_20120810.";
  target += operation;
  const std::string& token = signer.credentials().session_token;
  std::vector<Header> headers = {
      {"content-type", "application/x-amz-json-1.0"},
      {"host", endpoint.host_header},
      {"x-amz-date", std::string(amz_date)},
  };
  if (!token.empty()) headers.emplace_back("x-amz-security-token", token);
  headers.emplace_back("x-amz-target", target);
  std::string auth = signer.Authorization("POST", "/", "", headers, body, amz_date);

  std::string req;
  req.reserve(body.size() + 512);
  req += "POST / HTTP/1.1\r\nHost: ";
  req += endpoint.host_header;
  req += "\r\nContent-Type: application/x-amz-json-1.0\r\nX-Amz-Date: ";
  req += amz_date;
  req += "\r\nX-Amz-Target: ";
  req += target;
  if (!token.empty()) req += "\r\nX-Amz-Security-Token: " + token;
  req += "\r\nAuthorization: ";
  req += auth;
  req += "\r\nContent-Length: ";
  req += std::to_string(body.size());
  req += "\r\n\r\n";
  req += body;
  return req;
}

std::string ErrorType(std::string_view body) {
  size_t key = body.find("\"__type\"");
  if (key == std::string_view::npos) return "Unknown";
  size_t open = body.find('"', body.find(':', key + 8));
  if (open == std::string_view::npos) return "Unknown";
  size_t close = body.find('"', open + 1);
  if (close == std::string_view::npos) return "Unknown";
  std::string_view type = body.substr(open + 1, close - open - 1);
  if (auto hash = type.rfind('#'); hash != std::string_view::npos) type.remove_prefix(hash + 1);
  return type.empty() ? "Unknown" : std::string(type);
}

}  // namespace magneto::bench
