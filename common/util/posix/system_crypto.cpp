// Random bytes and SHA-256 from OpenSSL, on Linux (common/util/crypto.hpp).

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <stdexcept>

#include "common/util/crypto.hpp"

namespace clicfleet::common {

std::string random_bytes(std::size_t n) {
    std::string out(n, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1) {
        throw std::runtime_error("OpenSSL RAND_bytes failed");
    }
    return out;
}

std::string sha256_hex(std::string_view data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (EVP_Digest(data.data(), data.size(), digest, &len, EVP_sha256(), nullptr) != 1) {
        throw std::runtime_error("OpenSSL SHA-256 failed");
    }
    return hex_encode(std::string_view(reinterpret_cast<const char*>(digest), len));
}

}  // namespace clicfleet::common
