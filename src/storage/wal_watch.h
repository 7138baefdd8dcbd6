// WalWatchFileSystem: tells the engine about every failed write or sync of a
// WAL file, whoever made it.
//
// The engine's syncer sees the failures of its own FlushWAL, but RocksDB also
// syncs closed WAL files itself (before a flush, with two column families).
// If that sync fails, RocksDB marks the files unsynced and a later FlushWAL
// may sync them again and succeed, though Linux may have dropped the pages
// whose writeback failed. So a failure anywhere on a WAL must stop every
// acknowledgement: this wrapper reports it from inside the failing call,
// before RocksDB lets anyone sync the file again.
#pragma once

#include <rocksdb/file_system.h>

#include <functional>
#include <memory>
#include <string>

namespace magneto::storage {

class WalWatchFileSystem : public rocksdb::FileSystemWrapper {
 public:
  using OnError = std::function<void(const rocksdb::IOStatus&)>;
  // `on_error` runs on the thread whose WAL write or sync failed.
  WalWatchFileSystem(const std::shared_ptr<rocksdb::FileSystem>& base, OnError on_error)
      : FileSystemWrapper(base), on_error_(std::make_shared<OnError>(std::move(on_error))) {}

  static const char* kClassName() { return "MagnetoWalWatchFileSystem"; }
  const char* Name() const override { return kClassName(); }

  rocksdb::IOStatus NewWritableFile(const std::string& fname, const rocksdb::FileOptions& options,
                                    std::unique_ptr<rocksdb::FSWritableFile>* result,
                                    rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus ReopenWritableFile(const std::string& fname,
                                       const rocksdb::FileOptions& options,
                                       std::unique_ptr<rocksdb::FSWritableFile>* result,
                                       rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus ReuseWritableFile(const std::string& fname, const std::string& old_fname,
                                      const rocksdb::FileOptions& options,
                                      std::unique_ptr<rocksdb::FSWritableFile>* result,
                                      rocksdb::IODebugContext* dbg) override;

 private:
  // Wraps a WAL's file so that its failures reach `on_error_`.
  rocksdb::IOStatus Watch(const std::string& fname, rocksdb::IOStatus s,
                          std::unique_ptr<rocksdb::FSWritableFile>* result);

  std::shared_ptr<OnError> on_error_;  // shared with the open files
};

}  // namespace magneto::storage
