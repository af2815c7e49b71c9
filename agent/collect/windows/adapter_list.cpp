// windows.h first: the others use its types.
#include <windows.h>

#include <winsock2.h>  // before iphlpapi.h: the lean windows.h leaves sockets out
#include <ws2tcpip.h>

#include <iphlpapi.h>

#include "agent/collect/windows/adapter_list.hpp"

namespace clicfleet::agent::windows {

const IP_ADAPTER_ADDRESSES* adapter_list(unsigned long flags, std::string& buffer) {
    ULONG size = 16 * 1024;
    ULONG result = ERROR_BUFFER_OVERFLOW;
    for (int attempt = 0; attempt < 3 && result == ERROR_BUFFER_OVERFLOW; ++attempt) {
        buffer.resize(size);
        result =
            GetAdaptersAddresses(AF_UNSPEC, flags, nullptr,
                                 reinterpret_cast<IP_ADAPTER_ADDRESSES*>(buffer.data()), &size);
    }
    if (result != NO_ERROR) return nullptr;
    return reinterpret_cast<const IP_ADAPTER_ADDRESSES*>(buffer.data());
}

}  // namespace clicfleet::agent::windows
