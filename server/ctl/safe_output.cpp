#include "server/ctl/safe_output.hpp"

#include <sstream>

namespace clicfleet::ctl {

namespace {

constexpr int kC1Lead = 0xC2;  // U+0080..U+009F are C2 80..C2 9F in UTF-8

}  // namespace

std::streambuf::int_type SafeOutputBuf::overflow(int_type ch) {
    if (traits_type::eq_int_type(ch, traits_type::eof())) return traits_type::not_eof(ch);
    put(static_cast<unsigned char>(traits_type::to_char_type(ch)));
    return ch;
}

int SafeOutputBuf::sync() {
    flush_pending();
    return sink_->pubsync();
}

void SafeOutputBuf::escape(unsigned code) {
    static constexpr char kHex[] = "0123456789abcdef";
    const char text[] = {'\\', 'u', '0', '0', kHex[(code >> 4) & 0xf], kHex[code & 0xf]};
    sink_->sputn(text, sizeof text);
}

void SafeOutputBuf::flush_pending() {
    if (pending_ == kC1Lead) sink_->sputc(static_cast<char>(kC1Lead));
    if (pending_ == '\r') escape('\r');
    pending_ = -1;
}

void SafeOutputBuf::put(unsigned char c) {
    if (pending_ == kC1Lead && c >= 0x80 && c <= 0x9f) {
        pending_ = -1;
        return escape(c);
    }
    if (pending_ == '\r' && c == '\n') {
        pending_ = -1;
        sink_->sputn("\r\n", 2);
        return;
    }
    flush_pending();
    if (c == kC1Lead || c == '\r') {
        pending_ = c;
    } else if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) {
        escape(c);
    } else {
        sink_->sputc(static_cast<char>(c));
    }
}

std::string terminal_safe(std::string_view text) {
    std::ostringstream out;
    {
        SafeOutput safe(out);
        safe.stream() << text;
    }
    return out.str();
}

}  // namespace clicfleet::ctl
