// WalSpareFileSystem: every new RocksDB WAL file starts as a file already
// written with zeros, so that appending a group of writes and its fdatasync
// overwrite blocks that exist instead of growing the file.
//
// Why: a sync of an appended file must also write the inode (its size, its
// new extents). On the ext4 this was measured on, that is a second device
// write, waited for after the data's, in every group commit; over written
// blocks fdatasync writes the data alone. (RocksDB's own answer, recycling
// WAL files, is disabled under point-in-time recovery.)
//
// How: a background thread keeps one spare file ("magneto-wal-spare" in the
// data directory) filled with zeros and fsynced. When RocksDB asks for a new
// WAL, the spare is renamed into place (FileSystem::ReuseWritableFile, which
// opens it without truncating) and RocksDB writes it from offset 0; the
// thread then prepares the next spare. Without a spare ready, the WAL is
// created as usual. RocksDB trims the zero tail when it closes the WAL.
//
// Recovery: a WAL read after a crash ends in zeros. RocksDB's log reader
// skips zero-filled blocks (the format reserves type 0 for padding), so it
// ends where the last record ends, as with a file that was never longer. No
// old record can be found there: spares hold zeros, never an older log. (A
// hole left by a power failure is cut off first: CutWalsAtHoles.)
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include <rocksdb/file_system.h>

namespace magneto::storage {

// A WAL that started as a spare can, after a power failure in the middle of
// a sync, hold a hole: some blocks of that sync reached the disk and an
// earlier one did not (it still reads as zeros). RocksDB's reader would skip
// the zeros as padding and replay the later records without the earlier
// ones. Every byte after such a hole belongs to the unfinished sync, so no
// acknowledged write is there: this cuts each WAL of `dir` at its first
// zero record header that has any data after it, before RocksDB opens the
// directory. Returns how many files were cut.
int CutWalsAtHoles(const std::string& dir);
// Whether a path names a WAL file (RocksDB names them "<number>.log").
bool IsWalFileName(std::string_view fname);
// The same for one file (by its path); whether it was cut.
bool CutWalAtHole(const std::string& path);

class WalSpareFileSystem : public rocksdb::FileSystemWrapper {
 public:
  // Prepares the first spare before returning (so the WAL RocksDB creates
  // when it opens uses it), then keeps one ready in the background.
  WalSpareFileSystem(const std::shared_ptr<rocksdb::FileSystem>& base, std::string dir,
                     uint64_t spare_bytes);
  ~WalSpareFileSystem() override;

  static const char* kClassName() { return "MagnetoWalSpareFileSystem"; }
  const char* Name() const override { return kClassName(); }

  rocksdb::IOStatus NewWritableFile(const std::string& fname, const rocksdb::FileOptions& options,
                                    std::unique_ptr<rocksdb::FSWritableFile>* result,
                                    rocksdb::IODebugContext* dbg) override;

  // WAL files that started as a spare (tests).
  uint64_t spares_used() const;

 private:
  // Writes the spare file; false (and no spare) on any error.
  bool Prepare();
  void Loop();

  const std::string spare_path_;
  const uint64_t spare_bytes_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool ready_ = false;     // guarded by mu_: the spare file is complete
  bool stopping_ = false;  // guarded by mu_
  uint64_t used_ = 0;      // guarded by mu_
  std::thread thread_;
};

}  // namespace magneto::storage
