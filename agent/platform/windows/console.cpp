// windows.h first: the others use its types.
#include <windows.h>

#include "agent/platform/windows/console.hpp"

namespace clicfleet::agent {

void use_utf8_console() {
    SetConsoleOutputCP(CP_UTF8);
}

}  // namespace clicfleet::agent
