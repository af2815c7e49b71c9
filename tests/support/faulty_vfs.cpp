#include "tests/support/faulty_vfs.hpp"

#include <sqlite3.h>

#include <cstddef>
#include <new>
#include <stdexcept>

namespace clicfleet::testing {

namespace {

std::atomic<int> g_fault{0};  // a FaultyVfs::Fault
std::atomic<int> g_failed_writes{0};
sqlite3_vfs* g_base = nullptr;
sqlite3_vfs g_vfs{};

/// Our file: our methods first (SQLite reads pMethods from the front), then
/// the real file as the base VFS opened it.
struct File {
    sqlite3_file base;
    sqlite3_file* real() { return reinterpret_cast<sqlite3_file*>(this + 1); }
};

File* as_file(sqlite3_file* f) {
    return reinterpret_cast<File*>(f);
}

int fault_code() {
    switch (static_cast<FaultyVfs::Fault>(g_fault.load())) {
        case FaultyVfs::Fault::disk_full:
            return SQLITE_FULL;
        case FaultyVfs::Fault::io_error:
            return SQLITE_IOERR_WRITE;
        case FaultyVfs::Fault::none:
            break;
    }
    return SQLITE_OK;
}

int x_close(sqlite3_file* f) {
    return as_file(f)->real()->pMethods->xClose(as_file(f)->real());
}
int x_read(sqlite3_file* f, void* p, int n, sqlite3_int64 off) {
    return as_file(f)->real()->pMethods->xRead(as_file(f)->real(), p, n, off);
}
int x_write(sqlite3_file* f, const void* p, int n, sqlite3_int64 off) {
    if (const int code = fault_code(); code != SQLITE_OK) {
        ++g_failed_writes;
        return code;
    }
    return as_file(f)->real()->pMethods->xWrite(as_file(f)->real(), p, n, off);
}
int x_truncate(sqlite3_file* f, sqlite3_int64 size) {
    return as_file(f)->real()->pMethods->xTruncate(as_file(f)->real(), size);
}
int x_sync(sqlite3_file* f, int flags) {
    if (g_fault.load() == static_cast<int>(FaultyVfs::Fault::io_error)) return SQLITE_IOERR_FSYNC;
    return as_file(f)->real()->pMethods->xSync(as_file(f)->real(), flags);
}
int x_file_size(sqlite3_file* f, sqlite3_int64* size) {
    return as_file(f)->real()->pMethods->xFileSize(as_file(f)->real(), size);
}
int x_lock(sqlite3_file* f, int level) {
    return as_file(f)->real()->pMethods->xLock(as_file(f)->real(), level);
}
int x_unlock(sqlite3_file* f, int level) {
    return as_file(f)->real()->pMethods->xUnlock(as_file(f)->real(), level);
}
int x_check_reserved_lock(sqlite3_file* f, int* out) {
    return as_file(f)->real()->pMethods->xCheckReservedLock(as_file(f)->real(), out);
}
int x_file_control(sqlite3_file* f, int op, void* arg) {
    return as_file(f)->real()->pMethods->xFileControl(as_file(f)->real(), op, arg);
}
int x_sector_size(sqlite3_file* f) {
    return as_file(f)->real()->pMethods->xSectorSize(as_file(f)->real());
}
int x_device_characteristics(sqlite3_file* f) {
    return as_file(f)->real()->pMethods->xDeviceCharacteristics(as_file(f)->real());
}
int x_shm_map(sqlite3_file* f, int region, int size, int extend, void volatile** p) {
    return as_file(f)->real()->pMethods->xShmMap(as_file(f)->real(), region, size, extend, p);
}
int x_shm_lock(sqlite3_file* f, int offset, int n, int flags) {
    return as_file(f)->real()->pMethods->xShmLock(as_file(f)->real(), offset, n, flags);
}
void x_shm_barrier(sqlite3_file* f) {
    as_file(f)->real()->pMethods->xShmBarrier(as_file(f)->real());
}
int x_shm_unmap(sqlite3_file* f, int remove) {
    return as_file(f)->real()->pMethods->xShmUnmap(as_file(f)->real(), remove);
}
int x_fetch(sqlite3_file* f, sqlite3_int64 off, int n, void** p) {
    return as_file(f)->real()->pMethods->xFetch(as_file(f)->real(), off, n, p);
}
int x_unfetch(sqlite3_file* f, sqlite3_int64 off, void* p) {
    return as_file(f)->real()->pMethods->xUnfetch(as_file(f)->real(), off, p);
}

const sqlite3_io_methods kMethods = {3,
                                     x_close,
                                     x_read,
                                     x_write,
                                     x_truncate,
                                     x_sync,
                                     x_file_size,
                                     x_lock,
                                     x_unlock,
                                     x_check_reserved_lock,
                                     x_file_control,
                                     x_sector_size,
                                     x_device_characteristics,
                                     x_shm_map,
                                     x_shm_lock,
                                     x_shm_barrier,
                                     x_shm_unmap,
                                     x_fetch,
                                     x_unfetch};

int x_open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* f, int flags, int* out_flags) {
    File* file = as_file(f);
    file->base.pMethods = nullptr;
    const int rc = g_base->xOpen(g_base, name, file->real(), flags, out_flags);
    if (rc == SQLITE_OK && file->real()->pMethods) file->base.pMethods = &kMethods;
    return rc;
}

}  // namespace

FaultyVfs::FaultyVfs() {
    if (g_base) throw std::logic_error("one FaultyVfs at a time");
    g_base = sqlite3_vfs_find(nullptr);
    g_vfs = *g_base;
    g_vfs.zName = "clicfleet-faulty";
    g_vfs.szOsFile = static_cast<int>(sizeof(File)) + g_base->szOsFile;
    g_vfs.xOpen = x_open;
    g_vfs.pNext = nullptr;
    g_fault = 0;
    g_failed_writes = 0;
    sqlite3_vfs_register(&g_vfs, 1);
}

FaultyVfs::~FaultyVfs() {
    sqlite3_vfs_unregister(&g_vfs);
    sqlite3_vfs_register(g_base, 1);
    g_base = nullptr;
}

void FaultyVfs::inject(Fault fault) {
    g_failed_writes = 0;
    g_fault = static_cast<int>(fault);
}

int FaultyVfs::failed_writes() const {
    return g_failed_writes.load();
}

}  // namespace clicfleet::testing
