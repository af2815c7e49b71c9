// windows.h first: the others use its types.
#include <windows.h>

#include "agent/platform/process_priority.hpp"
#include "common/util/windows/wide_text.hpp"

namespace clicfleet::agent {

common::Status lower_process_priority() {
    // Background mode lowers the CPU, disk and memory priority at once.
    if (!SetPriorityClass(GetCurrentProcess(), PROCESS_MODE_BACKGROUND_BEGIN)) {
        return common::make_error(common::Errc::io, "cannot enter background mode: " +
                                                        common::win32_message(GetLastError()));
    }
    return {};
}

}  // namespace clicfleet::agent
