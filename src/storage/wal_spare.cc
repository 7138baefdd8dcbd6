// The spare WAL file: written with zeros in the background, renamed into
// place when RocksDB starts a new WAL.

#include "storage/wal_spare.h"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string_view>
#include <vector>

#include <spdlog/spdlog.h>

namespace magneto::storage {

namespace {

constexpr std::string_view kSpareName = "magneto-wal-spare";
constexpr size_t kChunk = 1 << 20;

// RocksDB names its WAL files "<number>.log".
bool IsWal(std::string_view fname) {
  size_t slash = fname.rfind('/');
  std::string_view base = slash == std::string_view::npos ? fname : fname.substr(slash + 1);
  if (base.size() <= 4 || base.substr(base.size() - 4) != ".log") return false;
  for (char c : base.substr(0, base.size() - 4)) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

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
  if (IsWal(fname) && !options.use_mmap_writes && !options.use_direct_writes) {
    bool take = false;
    {
      std::lock_guard lock(mu_);
      // While taken, the thread leaves the spare alone (ready_ stays true
      // until the rename is done, and the thread waits for it to be false).
      take = ready_ && !stopping_;
      if (take) ++used_;
    }
    if (take) {
      rocksdb::IOStatus s = target()->ReuseWritableFile(fname, spare_path_, options, result, dbg);
      {
        std::lock_guard lock(mu_);
        ready_ = false;
        if (!s.ok()) --used_;
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
    // Start writing back as we go, so that the final fsync does not put
    // the whole file in front of the WAL's own syncs.
    if (ok) ::sync_file_range(fd, static_cast<off_t>(off), static_cast<off_t>(len), SYNC_FILE_RANGE_WRITE);
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
