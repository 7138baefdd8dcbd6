// WalWatchFileSystem: reports failed WAL writes and syncs.

#include "storage/wal_watch.h"

#include "storage/wal_spare.h"

namespace magneto::storage {

namespace {

class WatchedFile : public rocksdb::FSWritableFileOwnerWrapper {
 public:
  WatchedFile(std::unique_ptr<rocksdb::FSWritableFile>&& file,
              std::shared_ptr<WalWatchFileSystem::OnError> on_error)
      : FSWritableFileOwnerWrapper(std::move(file)), on_error_(std::move(on_error)) {}

  rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& options,
                           rocksdb::IODebugContext* dbg) override {
    return Check(FSWritableFileOwnerWrapper::Append(data, options, dbg));
  }
  rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& options,
                           const rocksdb::DataVerificationInfo& info,
                           rocksdb::IODebugContext* dbg) override {
    return Check(FSWritableFileOwnerWrapper::Append(data, options, info, dbg));
  }
  rocksdb::IOStatus Flush(const rocksdb::IOOptions& options, rocksdb::IODebugContext* dbg) override {
    return Check(FSWritableFileOwnerWrapper::Flush(options, dbg));
  }
  rocksdb::IOStatus Sync(const rocksdb::IOOptions& options, rocksdb::IODebugContext* dbg) override {
    return Check(FSWritableFileOwnerWrapper::Sync(options, dbg));
  }
  rocksdb::IOStatus Fsync(const rocksdb::IOOptions& options, rocksdb::IODebugContext* dbg) override {
    return Check(FSWritableFileOwnerWrapper::Fsync(options, dbg));
  }
  rocksdb::IOStatus RangeSync(uint64_t offset, uint64_t nbytes, const rocksdb::IOOptions& options,
                              rocksdb::IODebugContext* dbg) override {
    return Check(FSWritableFileOwnerWrapper::RangeSync(offset, nbytes, options, dbg));
  }
  rocksdb::IOStatus Close(const rocksdb::IOOptions& options, rocksdb::IODebugContext* dbg) override {
    return Check(FSWritableFileOwnerWrapper::Close(options, dbg));
  }

 private:
  rocksdb::IOStatus Check(rocksdb::IOStatus s) {
    // (NotSupported: an optional call the file lacks, not a lost write.)
    if (!s.ok() && !s.IsNotSupported()) (*on_error_)(s);
    return s;
  }

  std::shared_ptr<WalWatchFileSystem::OnError> on_error_;
};

}  // namespace

rocksdb::IOStatus WalWatchFileSystem::Watch(const std::string& fname, rocksdb::IOStatus s,
                                            std::unique_ptr<rocksdb::FSWritableFile>* result) {
  if (s.ok() && IsWalFileName(fname)) *result = std::make_unique<WatchedFile>(std::move(*result), on_error_);
  return s;
}

rocksdb::IOStatus WalWatchFileSystem::NewWritableFile(
    const std::string& fname, const rocksdb::FileOptions& options,
    std::unique_ptr<rocksdb::FSWritableFile>* result, rocksdb::IODebugContext* dbg) {
  return Watch(fname, target()->NewWritableFile(fname, options, result, dbg), result);
}

rocksdb::IOStatus WalWatchFileSystem::ReopenWritableFile(
    const std::string& fname, const rocksdb::FileOptions& options,
    std::unique_ptr<rocksdb::FSWritableFile>* result, rocksdb::IODebugContext* dbg) {
  return Watch(fname, target()->ReopenWritableFile(fname, options, result, dbg), result);
}

rocksdb::IOStatus WalWatchFileSystem::ReuseWritableFile(
    const std::string& fname, const std::string& old_fname, const rocksdb::FileOptions& options,
    std::unique_ptr<rocksdb::FSWritableFile>* result, rocksdb::IODebugContext* dbg) {
  return Watch(fname, target()->ReuseWritableFile(fname, old_fname, options, result, dbg), result);
}

}  // namespace magneto::storage
