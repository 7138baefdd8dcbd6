// The spare WAL file: written with zeros in the background, renamed into
// place when RocksDB starts a new WAL.

#include "storage/wal_spare.h"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string_view>
#include <vector>

#include <spdlog/spdlog.h>

namespace magneto::storage {

namespace {

constexpr std::string_view kSpareName = "magneto-wal-spare";
// The spare is written and put on the device a chunk at a time, each chunk
// on the device before the next is written, so that a WAL sync waiting in
// the device's queue has at most one chunk in front of it.
constexpr size_t kChunk = 256 << 10;

}  // namespace

bool IsWalFileName(std::string_view fname) {
  size_t slash = fname.rfind('/');
  std::string_view base = slash == std::string_view::npos ? fname : fname.substr(slash + 1);
  if (base.size() <= 4 || base.substr(base.size() - 4) != ".log") return false;
  for (char c : base.substr(0, base.size() - 4)) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

namespace {

// RocksDB's log format: 32 KB blocks of records, each with a 7-byte header
// (checksum 4, length 2, type 1); a block's last bytes, when fewer than a
// header, are a zero trailer.
constexpr uint64_t kLogBlock = 32 * 1024;
constexpr uint64_t kLogHeader = 7;

bool ReadFully(int fd, char* buf, size_t len, uint64_t off) {
  size_t done = 0;
  while (done < len) {
    ssize_t n = ::pread(fd, buf + done, len - done, static_cast<off_t>(off + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

// The offset of the first all-zero record header, if the file has one.
std::optional<uint64_t> FirstZeroHeader(int fd, uint64_t size) {
  std::vector<char> block(kLogBlock);
  for (uint64_t start = 0; start < size; start += kLogBlock) {
    uint64_t len = std::min(kLogBlock, size - start);
    if (!ReadFully(fd, block.data(), len, start)) return std::nullopt;
    uint64_t pos = 0;
    while (pos + kLogHeader <= len) {
      const char* h = block.data() + pos;
      bool zero = true;
      for (uint64_t i = 0; i < kLogHeader; ++i) zero = zero && h[i] == 0;
      if (zero) return start + pos;
      uint64_t payload = static_cast<uint8_t>(h[4]) | (static_cast<uint64_t>(static_cast<uint8_t>(h[5])) << 8);
      // A length past the block: a torn or corrupt record, which RocksDB's
      // own recovery deals with.
      if (pos + kLogHeader + payload > len) return std::nullopt;
      pos += kLogHeader + payload;
    }
  }
  return std::nullopt;
}

bool AnyDataFrom(int fd, uint64_t from, uint64_t size) {
  std::vector<char> chunk(kChunk);
  for (uint64_t off = from; off < size; off += kChunk) {
    size_t len = static_cast<size_t>(std::min<uint64_t>(kChunk, size - off));
    if (!ReadFully(fd, chunk.data(), len, off)) return false;
    for (size_t i = 0; i < len; ++i) {
      if (chunk[i] != 0) return true;
    }
  }
  return false;
}

}  // namespace

bool CutWalAtHole(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat st {};
  bool cut = false;
  if (::fstat(fd, &st) == 0) {
    uint64_t size = static_cast<uint64_t>(st.st_size);
    std::optional<uint64_t> zero = FirstZeroHeader(fd, size);
    if (zero && AnyDataFrom(fd, *zero, size)) {
      if (::ftruncate(fd, static_cast<off_t>(*zero)) == 0 && ::fsync(fd) == 0) {
        spdlog::warn("WAL {} had a hole at offset {} (a sync interrupted by a crash): cut there; "
                     "what followed was never acknowledged",
                     path, *zero);
        cut = true;
      } else {
        spdlog::error("cannot cut WAL {} at offset {}: {}", path, *zero, std::strerror(errno));
      }
    }
  }
  ::close(fd);
  return cut;
}

int CutWalsAtHoles(const std::string& dir) {
  int cut = 0;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    std::string path = entry.path().string();
    if (IsWalFileName(path) && CutWalAtHole(path)) ++cut;
  }
  return cut;
}

WalSpareFileSystem::WalSpareFileSystem(const std::shared_ptr<rocksdb::FileSystem>& base,
                                       std::string dir, uint64_t spare_bytes)
    : FileSystemWrapper(base),
      spare_path_(dir + "/" + std::string(kSpareName)),
      spare_bytes_(spare_bytes) {
  // A spare left by an earlier run may be incomplete: always start afresh.
  ready_ = Prepare();
  thread_ = std::thread([this] { Loop(); });
}

WalSpareFileSystem::~WalSpareFileSystem() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

uint64_t WalSpareFileSystem::spares_used() const {
  std::lock_guard lock(mu_);
  return used_;
}

rocksdb::IOStatus WalSpareFileSystem::NewWritableFile(
    const std::string& fname, const rocksdb::FileOptions& options,
    std::unique_ptr<rocksdb::FSWritableFile>* result, rocksdb::IODebugContext* dbg) {
  if (IsWalFileName(fname) && !options.use_mmap_writes && !options.use_direct_writes) {
    bool take = false;
    {
      std::lock_guard lock(mu_);
      // While taken, the thread leaves the spare alone (ready_ stays true
      // until the rename is done, and the thread waits for it to be false).
      take = ready_ && !stopping_;
    }
    if (take) {
      rocksdb::IOStatus s = target()->ReuseWritableFile(fname, spare_path_, options, result, dbg);
      {
        std::lock_guard lock(mu_);
        ready_ = false;
        if (s.ok()) ++used_;
      }
      cv_.notify_all();
      if (s.ok()) return s;
      spdlog::warn("could not start WAL {} from the spare file: {}", fname, s.ToString());
    }
  }
  return target()->NewWritableFile(fname, options, result, dbg);
}

bool WalSpareFileSystem::Prepare() {
  ::unlink(spare_path_.c_str());
  int fd = ::open(spare_path_.c_str(), O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    spdlog::warn("cannot create {}: {}", spare_path_, std::strerror(errno));
    return false;
  }
  static const std::vector<char> zeros(kChunk, 0);
  bool ok = true;
  for (uint64_t off = 0; ok && off < spare_bytes_; off += kChunk) {
    {
      std::lock_guard lock(mu_);
      if (stopping_) {
        ok = false;
        break;
      }
    }
    size_t len = static_cast<size_t>(std::min<uint64_t>(kChunk, spare_bytes_ - off));
    size_t done = 0;
    while (done < len) {
      ssize_t n = ::pwrite(fd, zeros.data(), len - done, static_cast<off_t>(off + done));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        ok = false;
        break;
      }
      done += static_cast<size_t>(n);
    }
    // Write the chunk back now and wait for it. Started without waiting, the
    // whole file went to the device at once and the WAL's syncs queued
    // behind it: the slowest sync of the half second after each spare took
    // 33 to 40 ms (p99 about 1 ms); one chunk at a time, 15 to 22 ms.
    if (ok) {
      ::sync_file_range(fd, static_cast<off_t>(off), static_cast<off_t>(len),
                        SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE |
                            SYNC_FILE_RANGE_WAIT_AFTER);
    }
  }
  // The size and the block map must be durable before a WAL relies on them.
  if (ok && ::fsync(fd) != 0) ok = false;
  int saved = errno;
  ::close(fd);
  if (!ok) {
    ::unlink(spare_path_.c_str());
    bool stopping;
    {
      std::lock_guard lock(mu_);
      stopping = stopping_;
    }
    if (!stopping) spdlog::warn("cannot prepare {}: {}", spare_path_, std::strerror(saved));
  }
  return ok;
}

void WalSpareFileSystem::Loop() {
  // Writing zeros can wait for the threads that answer requests.
  ::setpriority(PRIO_PROCESS, static_cast<id_t>(::syscall(SYS_gettid)), 10);
  std::unique_lock lock(mu_);
  while (true) {
    cv_.wait(lock, [this] { return stopping_ || !ready_; });
    if (stopping_) return;
    lock.unlock();
    bool ok = Prepare();
    lock.lock();
    if (ok) {
      ready_ = true;
    } else {
      // A full disk, say: try again later; WALs are created as usual.
      cv_.wait_for(lock, std::chrono::seconds(10), [this] { return stopping_; });
    }
  }
}

}  // namespace magneto::storage
