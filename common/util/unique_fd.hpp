#pragma once
// A file descriptor closed on every path out of its scope: files read under
// a sysroot, ICMP and DNS sockets, pipes to programs the server runs.

#include <unistd.h>

namespace clicfleet::common {

class UniqueFd {
  public:
    explicit UniqueFd(int fd) : fd_(fd) {}
    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;
    ~UniqueFd() {
        if (fd_ >= 0) ::close(fd_);
    }
    /// The descriptor; negative when opening it failed.
    int get() const { return fd_; }
    /// Closes it now (a pipe's end whose reader waits for end of file).
    void reset() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }

  private:
    int fd_;
};

}  // namespace clicfleet::common
