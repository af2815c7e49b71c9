#pragma once
// A file descriptor closed on every path out of its scope: files read under
// a sysroot, ICMP and DNS sockets.

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

  private:
    int fd_;
};

}  // namespace clicfleet::common
