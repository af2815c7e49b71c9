// Random bytes and SHA-256 from Windows' CNG (bcrypt.dll), for the Windows
// agent (common/util/crypto.hpp).

// windows.h first: the others use its types.
#include <windows.h>

#include <bcrypt.h>

#include <stdexcept>

#include "common/util/crypto.hpp"

namespace clicfleet::common {

namespace {

bool succeeded(NTSTATUS status) {
    return status >= 0;
}

}  // namespace

std::string random_bytes(std::size_t n) {
    std::string out(n, '\0');
    if (!succeeded(BCryptGenRandom(nullptr, reinterpret_cast<PUCHAR>(out.data()),
                                   static_cast<ULONG>(n), BCRYPT_USE_SYSTEM_PREFERRED_RNG))) {
        throw std::runtime_error("BCryptGenRandom failed");
    }
    return out;
}

std::string sha256_hex(std::string_view data) {
    BCRYPT_ALG_HANDLE algorithm = nullptr;
    if (!succeeded(BCryptOpenAlgorithmProvider(&algorithm, BCRYPT_SHA256_ALGORITHM, nullptr, 0))) {
        throw std::runtime_error("BCryptOpenAlgorithmProvider(SHA256) failed");
    }
    BCRYPT_HASH_HANDLE hash = nullptr;
    unsigned char digest[32];
    const bool done =
        succeeded(BCryptCreateHash(algorithm, &hash, nullptr, 0, nullptr, 0, 0)) &&
        succeeded(BCryptHashData(hash, reinterpret_cast<PUCHAR>(const_cast<char*>(data.data())),
                                 static_cast<ULONG>(data.size()), 0)) &&
        succeeded(BCryptFinishHash(hash, digest, sizeof digest, 0));
    if (hash) BCryptDestroyHash(hash);
    BCryptCloseAlgorithmProvider(algorithm, 0);
    if (!done) throw std::runtime_error("SHA-256 through CNG failed");
    return hex_encode(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

}  // namespace clicfleet::common
