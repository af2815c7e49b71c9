#include <gtest/gtest.h>

#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "agent/platform/process_priority.hpp"

namespace clicfleet::agent {
namespace {

/// Runs `check` in a child process, so the test binary keeps its priority.
int in_child(int (*check)()) {
    const pid_t pid = ::fork();
    if (pid == 0) ::_exit(check());
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 100;
}

TEST(ProcessPriority, GivesWayForCpuAndDisk) {
    const int result = in_child([] {
        if (!lower_process_priority()) return 1;
        if (::getpriority(PRIO_PROCESS, 0) < 10) return 2;
        const long ioprio = ::syscall(SYS_ioprio_get, 1, 0);
        return (ioprio >> 13) == 3 ? 0 : 3;  // the idle class
    });
    EXPECT_EQ(result, 0) << "1: call failed, 2: nice below 10, 3: I/O class not idle";
}

TEST(ProcessPriority, NeverRaisesAnAlreadyLowerPriority) {
    const int result = in_child([] {
        ::setpriority(PRIO_PROCESS, 0, 15);
        if (!lower_process_priority()) return 1;
        return ::getpriority(PRIO_PROCESS, 0) == 15 ? 0 : 2;
    });
    EXPECT_EQ(result, 0);
}

}  // namespace
}  // namespace clicfleet::agent
