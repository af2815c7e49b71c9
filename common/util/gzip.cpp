#include "common/util/gzip.hpp"

#include <zlib.h>

#include <stdexcept>

namespace clicfleet::common {

namespace {

constexpr int kGzipWindowBits = 15 + 16;  // 15-bit window, gzip wrapper

Bytef* as_bytes(const char* p) {
    return reinterpret_cast<Bytef*>(const_cast<char*>(p));
}

}  // namespace

std::string gzip_compress(std::string_view data) {
    z_stream zs{};
    if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, kGzipWindowBits, 8,
                     Z_DEFAULT_STRATEGY) != Z_OK) {
        throw std::runtime_error("zlib deflateInit2 failed");
    }
    std::string out(deflateBound(&zs, static_cast<uLong>(data.size())) + 32, '\0');
    zs.next_in = as_bytes(data.data());
    zs.avail_in = static_cast<uInt>(data.size());
    zs.next_out = as_bytes(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&zs, Z_FINISH);
    const auto produced = zs.total_out;
    deflateEnd(&zs);
    if (rc != Z_STREAM_END) throw std::runtime_error("zlib deflate failed");
    out.resize(produced);
    return out;
}

Result<std::string> gzip_inflate(std::string_view data, std::size_t max_bytes) {
    z_stream zs{};
    if (inflateInit2(&zs, kGzipWindowBits) != Z_OK) {
        return make_error(Errc::internal, "zlib inflateInit2 failed");
    }
    std::string out;
    char chunk[16384];
    zs.next_in = as_bytes(data.data());
    zs.avail_in = static_cast<uInt>(data.size());
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        zs.next_out = reinterpret_cast<Bytef*>(chunk);
        zs.avail_out = sizeof chunk;
        rc = inflate(&zs, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END) {
            inflateEnd(&zs);
            return make_error(Errc::bad_request, "body is not valid gzip data", "(body)");
        }
        const std::size_t produced = sizeof chunk - zs.avail_out;
        if (out.size() + produced > max_bytes) {
            inflateEnd(&zs);
            return make_error(Errc::too_large,
                              "body inflates past " + std::to_string(max_bytes) + " bytes",
                              "(body)");
        }
        out.append(chunk, produced);
        if (rc == Z_OK && zs.avail_in == 0 && produced == 0) {
            inflateEnd(&zs);
            return make_error(Errc::bad_request, "gzip body is truncated", "(body)");
        }
    }
    // One gzip member and nothing after it: bytes past its end would be data
    // nobody read, or a second member hiding behind the first.
    const bool trailing = zs.avail_in != 0;
    inflateEnd(&zs);
    if (trailing) {
        return make_error(Errc::bad_request, "data after the end of the gzip stream", "(body)");
    }
    return out;
}

}  // namespace clicfleet::common
