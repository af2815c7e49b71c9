#include "agent/platform/process_priority.hpp"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace clicfleet::agent {

namespace {

// From linux/ioprio.h, which glibc does not wrap.
constexpr int kIoprioWhoProcess = 1;
constexpr int kIoprioClassIdle = 3;
constexpr int kIoprioClassShift = 13;

}  // namespace

common::Status lower_process_priority() {
    errno = 0;
    const int current = ::getpriority(PRIO_PROCESS, 0);
    if (errno == 0 && current < 10 && ::setpriority(PRIO_PROCESS, 0, 10) != 0) {
        return common::make_error(
            common::Errc::io, std::string("cannot lower CPU priority: ") + std::strerror(errno));
    }
    if (::syscall(SYS_ioprio_set, kIoprioWhoProcess, 0, kIoprioClassIdle << kIoprioClassShift) !=
        0) {
        return common::make_error(
            common::Errc::io, std::string("cannot lower I/O priority: ") + std::strerror(errno));
    }
    return {};
}

}  // namespace clicfleet::agent
