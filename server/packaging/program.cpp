#include "server/packaging/program.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/util/unique_fd.hpp"

extern char** environ;

namespace clicfleet::server {

namespace {

constexpr std::size_t kMaxOutput = 64 * 1024;

common::Error cannot(const std::string& what, const std::string& program, int error) {
    return common::make_error(common::Errc::io, what + " " + program + ": " + std::strerror(error),
                              program);
}

}  // namespace

common::Result<ProgramRun> run_program(const std::vector<std::string>& argv) {
    if (argv.empty()) return common::make_error(common::Errc::invalid, "no program to run");
    const std::string& program = argv.front();
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return cannot("cannot make a pipe for", program, errno);
    common::UniqueFd read_end(fds[0]);
    common::UniqueFd write_end(fds[1]);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, write_end.get(), STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, write_end.get(), STDERR_FILENO);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    std::vector<char*> args;
    for (const auto& a : argv)
        args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = 0;
    const int spawned =
        ::posix_spawnp(&pid, program.c_str(), &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) return cannot("cannot run", program, spawned);
    write_end.reset();

    ProgramRun run;
    char buffer[4096];
    for (;;) {
        const ssize_t n = ::read(read_end.get(), buffer, sizeof buffer);
        if (n > 0) {
            if (run.output.size() < kMaxOutput)
                run.output.append(buffer, static_cast<std::size_t>(n));
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        break;
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) return cannot("cannot wait for", program, errno);
    }
    if (!WIFEXITED(status)) {
        return common::make_error(
            common::Errc::io, program + " was killed by signal " + std::to_string(WTERMSIG(status)),
            program);
    }
    run.exit_status = WEXITSTATUS(status);
    return run;
}

}  // namespace clicfleet::server
