#pragma once
// TLS settings shared by the server and its clients: TLS 1.2 or newer only,
// peers verified against the fleet's private CA (SPEC §10).

#include <filesystem>

namespace clicfleet::common {

struct ServerTlsFiles {
    std::filesystem::path certificate_chain;  ///< PEM: server certificate, then the CA
    std::filesystem::path private_key;        ///< PEM
};

struct ClientTlsOptions {
    std::filesystem::path ca_file;  ///< PEM CA the server certificate must chain to
};

}  // namespace clicfleet::common
